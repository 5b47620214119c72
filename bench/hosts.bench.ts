/**
 * `npm run bench -- hosts [--hosts H] [--sessions-per-host S] [--events K] [--idle-seconds I] [--json]`
 *
 * Remote hosts for real (test/helpers/netns.ts: network namespaces with
 * their own sshd and tmux; needs root): H hosts (default 3), S sessions
 * each (default 20), watched over ssh. Two sides in the same run, one after
 * the other on the same hosts and sessions:
 *  - loopwatch: an in-process Supervisor with the hosts (control-mode
 *    clients over one ssh connection per host, the host's pipeline runs);
 *  - baseline: capture-pane per session over ssh every 2 s, plus the
 *    pipeline files read over ssh (bench/support/remoteBaseline.ts).
 * Each side gets its own event sessions, K of each kind spread over the
 * hosts: exit (the pane's process exits 0), crash (SIGKILL), prompt (a
 * Claude Code permission box appears), state_file (a running pipeline's
 * state.json replaced by "complete"), lock_death (a pipeline's lock holder
 * killed). Latency is from the event to the side's transition.
 * Idle CPU over I seconds counts the side's own processes: this process
 * (Loopwatch's supervisor runs in it) or the baseline's node process, the
 * ssh clients they run (live or exited) and their ssh connection masters;
 * not the bench's loader, nor the hosts (sshd, tmux servers and the loops
 * Loopwatch runs on them), whose CPU is reported apart as
 * hosts_idle_cpu_pct (bench/support/sideCpu.ts says exactly what is
 * counted). RSS is this side's process (the baseline runs in a node process
 * of its own, bench/support/remoteBaselineMain.ts). LW_BENCH_CPU_PROF=FILE
 * writes a CPU profile of Loopwatch's idle window (bench/support/cpuProfile.ts). Loopwatch's reconnect: each host's link is cut until its
 * sessions are unknown, then brought back, timed until all are live.
 * Figures are printed, never asserted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Transition } from '../preload/contract';
import { Supervisor } from '../main/core/supervisor';
import type { HostLab } from '../test/helpers/netns';
import { createSandbox, eventually } from '../test/helpers/sandbox';
import { createBenchHosts, IDLE_COMMAND } from './support/benchHosts';
import { profileWindow } from './support/cpuProfile';
import { rssMb } from './support/procStats';
import { windowCpu, type WindowCpu } from './support/sideCpu';
import { summarize, type Summary } from './support/stats';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Start-up work (first screens) settles before the idle window. */
const SETTLE_MS = 5_000;
/** An event not reported within this long is missed. */
const EVENT_TIMEOUT_MS = 15_000;
/** A host's sessions count as lost/back within this long, else the sample is missed. */
const FAULT_TIMEOUT_MS = 30_000;
const KINDS = ['exit', 'crash', 'prompt', 'state_file', 'lock_death'] as const;
type Kind = (typeof KINDS)[number];
const TO: Record<Kind, Transition['to']> = {
  exit: 'done',
  crash: 'crashed',
  prompt: 'waiting',
  state_file: 'done',
  lock_death: 'crashed',
};
/** Claude Code's permission box, shown by a prompt session on Enter (FIELD.md screens). */
const PROMPT_BOX = `╭──────────────────────────────────────────────────────────────╮
│ Bash command                                                 │
│                                                              │
│   rm -rf build                                               │
│   Remove the build directory                                 │
│                                                              │
│ Do you want to proceed?                                      │
│ ❯ 1. Yes                                                     │
│   2. Yes, and don't ask again for rm commands in /project    │
│   3. No, and tell Claude what to do differently (esc)        │
╰──────────────────────────────────────────────────────────────╯
`;

const { values } = parseArgs({
  options: {
    hosts: { type: 'string', default: '3' },
    'sessions-per-host': { type: 'string', default: '20' },
    events: { type: 'string', default: '5' },
    'idle-seconds': { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
  },
});
const H = Number(values.hosts);
const S = Number(values['sessions-per-host']);
const K = Number(values.events);
const IDLE_S = Number(values['idle-seconds']);
/** Event sessions per host and side: K of each kind spread over the hosts. */
const PER_HOST = Math.ceil(K / Math.max(1, H));
const EVENT_SESSIONS = 2 * KINDS.length * PER_HOST;
if (![H, S, K, IDLE_S].every((x) => Number.isInteger(x) && x > 0) || EVENT_SESSIONS >= S) {
  process.stderr.write(
    `usage: npm run bench -- hosts [--hosts H] [--sessions-per-host S] [--events K] [--idle-seconds I] [--json]\n` +
      `  (S must hold 2 sides x 5 kinds x ceil(K/H) event sessions, ${EVENT_SESSIONS} here, and an idle one)\n`,
  );
  process.exit(2);
}
/** Progress: on stdout, or on stderr under --json (stdout is the JSON document alone). */
const say = (text: string): void => {
  const line = `${new Date().toISOString().slice(11, 19)} ${text}\n`;
  if (values.json) process.stderr.write(line);
  else process.stdout.write(line);
};

interface BenchEvent {
  kind: Kind;
  host: string;
  /** The tmux session name (a pipeline run's is pipeline-RUN). */
  name: string;
  fire: () => Promise<number>;
}

async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFile(`${path}.tmp`, JSON.stringify(value));
  await rename(`${path}.tmp`, path);
}

/** The hosts' tmux servers (their pids, asked of each), whose CPU counts as the hosts'. */
async function hostServerPids(lab: HostLab, hosts: readonly string[]): Promise<number[]> {
  const pids: number[] = [];
  for (const host of hosts) {
    const pid = Number((await lab.tmux(host, ['display-message', '-p', '#{pid}'])).trim());
    if (Number.isInteger(pid) && pid > 0) pids.push(pid);
  }
  return pids;
}

/** A side's idle CPU and the hosts' (what each counts: bench/support/sideCpu.ts). */
async function idleCpu(
  markers: readonly string[],
  hostServers: readonly number[],
  profile = false,
): Promise<WindowCpu> {
  const profiling = profile ? await profileWindow() : null;
  say(`idle window: ${IDLE_S} s`);
  const cpu = await windowCpu(markers, hostServers, IDLE_S * 1000);
  await profiling?.stop();
  return cpu;
}

async function latencies(
  events: readonly BenchEvent[],
  transitions: readonly Transition[],
  idOf: (e: BenchEvent) => (t: Transition) => boolean,
): Promise<Record<Kind, Summary>> {
  const samples = new Map<Kind, number[]>(KINDS.map((k) => [k, []]));
  const missed = new Map<Kind, number>(KINDS.map((k) => [k, 0]));
  for (const event of events) {
    if (process.env.LW_BENCH_DEBUG) say(`fire ${event.kind} ${event.host}/${event.name}`);
    const at = await event.fire();
    const match = idOf(event);
    const deadline = Date.now() + EVENT_TIMEOUT_MS;
    let hit: Transition | undefined;
    while (Date.now() < deadline && !hit) {
      hit = transitions.find(
        (t) => match(t) && t.to === TO[event.kind] && Date.parse(t.at) >= at - 5,
      );
      if (!hit) await new Promise((r) => setTimeout(r, 10));
    }
    if (hit) samples.get(event.kind)!.push(Math.max(0, Date.parse(hit.at) - at));
    else {
      missed.set(event.kind, missed.get(event.kind)! + 1);
      if (process.env.LW_BENCH_DEBUG)
        process.stderr.write(`${event.kind} ${event.host}/${event.name} missed\n`);
    }
  }
  return Object.fromEntries(
    KINDS.map((k) => [k, summarize(samples.get(k)!, missed.get(k)!)]),
  ) as Record<Kind, Summary>;
}

interface BaselineProcess {
  child: ChildProcess;
  transitions: Transition[];
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** The baseline in its own node process (bench/support/remoteBaselineMain.ts). */
function startBaseline(sshConfig: string, controlDir: string, hosts: string[]): BaselineProcess {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(HERE, 'support', 'remoteBaselineMain.ts'),
      sshConfig,
      controlDir,
      ...hosts,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const transitions: Transition[] = [];
  let buffered = '';
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const parsed = JSON.parse(line) as Transition | { ready: true };
      if ('ready' in parsed) markReady();
      else transitions.push(parsed);
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    transitions,
    ready: Promise.race([ready, exited]),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, FAULT_TIMEOUT_MS))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

const sandbox = await createSandbox();
let lab: HostLab | null = null;
let supervisor: Supervisor | null = null;
let baseline: BaselineProcess | null = null;
const holders: ChildProcess[] = [];
let cleaning: Promise<void> | null = null;
/** Everything the bench started, once, whether it ends, fails or is told to stop. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const holder of holders) holder.kill('SIGKILL');
    await baseline?.stop();
    await supervisor?.closeHosts();
    supervisor?.dispose();
    await lab?.cleanup();
    await sandbox.cleanup();
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
try {
  const hosts = await createBenchHosts(H, S - EVENT_SESSIONS);
  lab = hosts.lab;
  const names = hosts.names;
  const box = join(lab.root, 'prompt-box.txt');
  await writeFile(box, PROMPT_BOX);
  const events: Record<'loopwatch' | 'baseline', BenchEvent[]> = { loopwatch: [], baseline: [] };
  const roots = new Map<string, string>();
  for (const host of names) {
    const root = join(lab.host(host).root, 'home', 'project');
    roots.set(host, root);
    await mkdir(join(root, '.claude', 'locks'), { recursive: true });
    const tmux = (args: string[]): Promise<string> => lab!.tmux(host, args);
    const newSession = async (name: string, command: string, cwd?: string): Promise<void> => {
      await tmux([
        'new-session',
        '-d',
        '-s',
        name,
        '-e',
        `PROMPT_BOX=${box}`,
        ...(cwd ? ['-c', cwd] : []),
        command,
      ]);
    };
    for (const side of ['loopwatch', 'baseline'] as const) {
      for (let n = 0; n < PER_HOST; n++) {
        const tag = `${side[0]}${n}`;
        const enter = (name: string) => async () => {
          const at = Date.now();
          await tmux(['send-keys', '-t', `=${name}:`, 'Enter']);
          return at;
        };
        await newSession(`exit-${tag}`, IDLE_COMMAND);
        events[side].push({ kind: 'exit', host, name: `exit-${tag}`, fire: enter(`exit-${tag}`) });
        await newSession(`crash-${tag}`, IDLE_COMMAND);
        events[side].push({
          kind: 'crash',
          host,
          name: `crash-${tag}`,
          fire: async () => {
            const pid = Number(
              (await tmux(['display-message', '-p', '-t', `=crash-${tag}:`, '#{pane_pid}'])).trim(),
            );
            const at = Date.now();
            process.kill(pid, 'SIGKILL');
            return at;
          },
        });
        await newSession(`prompt-${tag}`, 'read line; cat "$PROMPT_BOX"; read line');
        // Remote panes name their agent with the option (their /proc is the host's).
        await tmux(['set-option', '-p', '-t', `=prompt-${tag}:`, '@loopwatch-agent', 'claude']);
        events[side].push({
          kind: 'prompt',
          host,
          name: `prompt-${tag}`,
          fire: enter(`prompt-${tag}`),
        });
        for (const kind of ['state_file', 'lock_death'] as const) {
          const run = `${kind === 'state_file' ? 'state' : 'lock'}-${tag}`;
          const holder = spawn('sleep', ['1000000'], { stdio: 'ignore' });
          holders.push(holder);
          const runDir = join(root, '.claude', 'pipeline-runs', run);
          await mkdir(runDir, { recursive: true });
          await writeJsonAtomic(join(root, '.claude', 'locks', `${run}.lock`), {
            session: run,
            pid: holder.pid,
            started_at: new Date(Date.now() + 1_000).toISOString(),
          });
          const running = {
            session: run,
            type: 'loop',
            status: 'running',
            current_stage: 0,
            iteration: 2,
            iteration_completed: 1,
            stages: [{ index: 0, name: 'ralph', status: 'running' }],
          };
          await writeJsonAtomic(join(runDir, 'state.json'), running);
          await newSession(`pipeline-${run}`, IDLE_COMMAND, root);
          events[side].push({
            kind,
            host,
            name: `pipeline-${run}`,
            fire:
              kind === 'state_file'
                ? async () => {
                    const at = Date.now();
                    await writeJsonAtomic(join(runDir, 'state.json'), {
                      ...running,
                      status: 'complete',
                      completion_reason: 'bench',
                    });
                    return at;
                  }
                : () => {
                    const at = Date.now();
                    holder.kill('SIGKILL');
                    return Promise.resolve(at);
                  },
          });
        }
      }
    }
  }
  // Interleave kinds and hosts; keep K of each kind.
  for (const side of ['loopwatch', 'baseline'] as const) {
    const byKind = KINDS.map((k) => events[side].filter((e) => e.kind === k).slice(0, K));
    events[side] = Array.from({ length: K }, (_, i) => byKind.map((list) => list[i]!)).flat();
  }
  say(`${H} hosts x ${S} sessions ready (${K} events of each kind per side)`);

  // --- loopwatch ---
  supervisor = new Supervisor({
    env: sandbox.env,
    hooks: false,
    hosts: names.map((name) => ({
      name,
      destination: name,
      sshConfig: lab!.sshConfig,
      sockets: [],
      projectRoots: [roots.get(name)!],
    })),
  });
  const transitions: Transition[] = [];
  supervisor.on('transition', (t) => transitions.push(t));
  await supervisor.start();
  // Start-up waits at most a few seconds per host; loaded, every host may need longer.
  const everySession = supervisor;
  await eventually(
    () => everySession.sessions().filter((s) => s.host).length >= H * S,
    'every remote session',
    FAULT_TIMEOUT_MS * 2,
  ).catch(() => undefined);
  const seen = supervisor.sessions().filter((s) => s.host).length;
  say(`loopwatch sees ${seen} remote sessions (of ${H * S})`);
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const hostServers = await hostServerPids(lab, names);
  const loopwatchCpu = await idleCpu([sandbox.root, lab.root], hostServers, true);
  const loopwatchIdle = loopwatchCpu.sidePct;
  const loopwatchRss = Math.round(process.memoryUsage().rss / (1024 * 1024));
  say(
    `loopwatch idle: ${loopwatchIdle} % of one core, ${loopwatchRss} MB RSS (hosts: ${loopwatchCpu.hostsPct} %)`,
  );
  const sup = supervisor;
  // A pipeline run's session is named by its run once its tmux session is gone.
  const loopwatchLatency = await latencies(
    events.loopwatch,
    transitions,
    (e) => (t) => t.host === e.host && (t.name === e.name || `pipeline-${t.name}` === e.name),
  );
  for (const kind of KINDS) say(`loopwatch ${kind}: ${JSON.stringify(loopwatchLatency[kind])}`);

  const reconnect: number[] = [];
  let reconnectMissed = 0;
  for (const host of names) {
    const ids = supervisor
      .sessions()
      .filter((s) => s.host === host && s.live && s.status !== 'unknown')
      .map((s) => s.id);
    await lab.linkDown(host);
    await eventually(
      () =>
        sup
          .sessions()
          .filter((s) => ids.includes(s.id))
          .every((s) => s.status === 'unknown'),
      `${host}'s sessions unknown`,
      FAULT_TIMEOUT_MS,
    );
    const at = Date.now();
    await lab.linkUp(host);
    try {
      await eventually(
        () =>
          sup
            .sessions()
            .filter((s) => ids.includes(s.id))
            .every((s) => s.status !== 'unknown' && !s.reason.startsWith(`host ${host}`)),
        `${host}'s sessions back`,
        FAULT_TIMEOUT_MS,
      );
      reconnect.push(Date.now() - at);
    } catch {
      reconnectMissed++;
    }
  }
  const reconnectMs = summarize(reconnect, reconnectMissed);
  say(`reconnect: ${JSON.stringify(reconnectMs)}`);
  await supervisor.closeHosts();
  supervisor.dispose();
  supervisor = null;

  // --- baseline ---
  const controlDir = join(lab.root, 'b');
  await mkdir(controlDir, { recursive: true, mode: 0o700 });
  say('baseline: first rounds');
  baseline = startBaseline(lab.sshConfig, controlDir, names);
  await baseline.ready;
  say('baseline: every host polled once');
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const baselineCpu = await idleCpu([sandbox.root, lab.root], hostServers);
  const baselineIdle = baselineCpu.sidePct;
  const baselineRss = Math.round(rssMb(baseline.child.pid!));
  say(
    `baseline idle: ${baselineIdle} % of one core, ${baselineRss} MB RSS (hosts: ${baselineCpu.hostsPct} %)`,
  );
  const baselineLatency = await latencies(
    events.baseline,
    baseline.transitions,
    (e) => (t) => t.host === e.host && t.name === e.name,
  );
  for (const kind of KINDS) say(`baseline ${kind}: ${JSON.stringify(baselineLatency[kind])}`);
  await baseline.stop();
  baseline = null;

  const document = {
    hosts: H,
    sessions: H * S,
    loopwatch: {
      latency_ms: loopwatchLatency,
      idle_cpu_pct: loopwatchIdle,
      rss_mb: loopwatchRss,
      hosts_idle_cpu_pct: loopwatchCpu.hostsPct,
    },
    baseline: {
      latency_ms: baselineLatency,
      idle_cpu_pct: baselineIdle,
      rss_mb: baselineRss,
      hosts_idle_cpu_pct: baselineCpu.hostsPct,
    },
    idle_cpu_ratio:
      loopwatchIdle > 0 ? Math.round((baselineIdle / loopwatchIdle) * 100) / 100 : null,
    reconnect_ms: { p50: reconnectMs.p50, p95: reconnectMs.p95, missed: reconnectMs.missed },
  };
  if (values.json) process.stdout.write(`${JSON.stringify(document)}\n`);
  else say(`idle CPU ratio (baseline / loopwatch): ${document.idle_cpu_ratio}`);
} finally {
  await cleanUp();
}

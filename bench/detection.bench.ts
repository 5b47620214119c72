/**
 * `npm run bench -- detection [--sessions N] [--events K] [--idle-seconds S]
 *   [--with-hosts H [--sessions-per-host M]] [--json]`
 *
 * N sessions (default 200) across 3 private tmux servers, a mix of the
 * test fixture agents and pipeline runs. For each supervisor, Loopwatch's
 * own (`loopwatch watch --json`, the built CLI, as a child process) and a
 * baseline written the way other tools work today (capture-pane per
 * session every 500 ms, bench/support/baselineSupervisor.ts):
 *  1. idle: its CPU time and memory over an idle window (every agent
 *     started and quiet: idle at a prompt, waiting on a question, a REPL),
 *     from /proc of the supervisor process and its live children
 *     (Loopwatch's control-mode tmux clients; the baseline's short-lived
 *     tmux processes count through its reaped-children time);
 *  2. then the working agents start (10% of the sessions print a line a
 *     second, the prompt agents two lines a second) and K events of each
 *     kind are fired one at a time: latency is from the moment the event
 *     happened to the transition the supervisor printed (its `at`), and
 *     the CPU over this phase is reported as active CPU.
 * The world is rebuilt between the two runs. Figures are printed, never
 * asserted; other work on the machine makes them noisy.
 *
 * `--with-hosts H`: issue 17's "local detection figures unchanged with the
 * hosts attached". H remote hosts with M idle sessions each
 * (bench/support/benchHosts.ts, network namespaces with their own sshd and
 * tmux; needs root) are made first and stay for the whole run; Loopwatch is
 * then measured twice on the same local world, rebuilt between: alone, and
 * with the hosts attached to the same `watch` (`--host`, `--ssh-config`).
 * The events are the local ones in both; remote transitions are not
 * counted. Both go into `local: {alone, with_hosts}`. With the hosts, the
 * idle CPU is the watch process and its children (the ssh control clients
 * included, the detached ssh connection masters not): it includes watching
 * the hosts.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createBenchHosts, hostFlags, type BenchHosts } from './support/benchHosts';
import { childPids, cpuSeconds, treeCpuSeconds, treeRssMb } from './support/procStats';
import { createScenario, KINDS, type Kind, type Scenario } from './support/scenario';
import { summarize, type Summary } from './support/stats';

const ROOT = join(import.meta.dirname, '..');
/** Let start-up work (first screen reads, file reads) finish before measuring idle. */
const SETTLE_MS = 8_000;
/** An event not reported within this long counts as missed. */
const EVENT_TIMEOUT_MS = 10_000;
/** Working agents print this long before the first event (their rhythm is known by then). */
const WORK_BEFORE_EVENTS_MS = 3_000;
/** Pause between two events, so each is measured alone... */
const EVENT_GAP_MS = 150;
/** ...plus a random part, so events land at every phase of a supervisor's periodic work. */
const EVENT_JITTER_MS = 500;
/** With hosts: how long their control clients may take to attach before settling starts. */
const HOSTS_ATTACH_MS = 120_000;

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '200' },
    events: { type: 'string', default: '10' },
    'idle-seconds': { type: 'string', default: '30' },
    'with-hosts': { type: 'string', default: '0' },
    'sessions-per-host': { type: 'string', default: '100' },
    json: { type: 'boolean', default: false },
  },
});
const N = Number(values.sessions);
const K = Number(values.events);
const IDLE_S = Number(values['idle-seconds']);
const HOSTS = Number(values['with-hosts']);
const PER_HOST = Number(values['sessions-per-host']);
if (
  ![N, K, IDLE_S, PER_HOST].every((x) => Number.isInteger(x) && x > 0) ||
  !Number.isInteger(HOSTS) ||
  HOSTS < 0
) {
  process.stderr.write(
    'usage: npm run bench -- detection [--sessions N] [--events K] [--idle-seconds S]\n' +
      '         [--with-hosts H [--sessions-per-host M]] [--json]\n',
  );
  process.exit(2);
}
const log = (text: string): void => {
  if (!values.json) process.stderr.write(`${text}\n`);
};

/** The built CLI, rebuilt when a source is newer (the benchmark measures the product). */
async function ensureBuilt(): Promise<void> {
  const built = join(ROOT, 'out', 'main', 'cli.js');
  const newest = async (dir: string): Promise<number> => {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true });
    return Math.max(
      ...entries.filter((e) => e.isFile()).map((e) => statSync(join(e.parentPath, e.name)).mtimeMs),
    );
  };
  const stale = !existsSync(built) || (await newest(join(ROOT, 'main'))) > statSync(built).mtimeMs;
  if (!stale) return;
  log('building (electron-vite build)...');
  execFileSync(join(ROOT, 'node_modules', '.bin', 'electron-vite'), ['build'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
}

interface Seen {
  /** The remote host; undefined for a local session (the only ones the events are on). */
  host: string | undefined;
  name: string;
  to: string;
  at: number;
}

interface Supervised {
  child: ChildProcess;
  seen: Seen[];
  /** Resolves with the line that made it ready (Loopwatch's first snapshot). */
  ready: Promise<string>;
  stop: () => Promise<void>;
}

function startSupervisor(
  command: string[],
  env: NodeJS.ProcessEnv,
  isReady: (line: string) => boolean,
): Supervised {
  const child = spawn(command[0]!, command.slice(1), { env, stdio: ['ignore', 'pipe', 'ignore'] });
  const seen: Seen[] = [];
  let markReady: (line: string) => void = () => undefined;
  const ready = new Promise<string>((resolve) => (markReady = resolve));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (isReady(line)) markReady(line);
    try {
      const t = JSON.parse(line) as { host?: string; name?: string; to?: string; at?: string };
      if (t.name && t.to && t.at)
        seen.push({ host: t.host, name: t.name, to: t.to, at: Date.parse(t.at) });
    } catch {
      /* not a transition */
    }
  });
  return {
    child,
    seen,
    ready,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

interface SideResult {
  latency_ms: Record<Kind, Summary>;
  idle_cpu_pct: number;
  rss_mb: number;
  /** CPU the 3 tmux servers spent over the same idle window (their work for this supervisor included). */
  server_cpu_pct: number;
  idle_window_s: number;
  /** CPU over the event phase: busy agents printing, events detected (not idle). */
  active_cpu_pct: number;
}

/** The hosts attached to Loopwatch's watch, and how many of their sessions it had at start. */
interface HostsAttached {
  hosts: number;
  sessions_per_host: number;
  /** Remote sessions in watch's first snapshot (start-up waits a few seconds per host). */
  remote_sessions_at_start: number;
  /** ssh control-mode clients of the watch process when the idle window began (one per host). */
  remote_control_clients: number;
}

/** The watch process's ssh children that run a tmux control client on a host. */
function remoteControlClients(pid: number): number {
  return childPids(pid).filter((child) => {
    try {
      // The remote argv reaches ssh as one line quoted for the host's shell: `... 'attach-session' ...`.
      const argv = readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0');
      return argv[0] === 'ssh' && argv.some((arg) => arg.includes("'attach-session'"));
    } catch {
      return false;
    }
  }).length;
}

async function measure(
  side: 'loopwatch' | 'baseline',
  scenario: Scenario,
  hosts: BenchHosts | null = null,
): Promise<SideResult & { attached?: HostsAttached }> {
  const command =
    side === 'loopwatch'
      ? [
          process.execPath,
          join(ROOT, 'bin', 'loopwatch.js'),
          'watch',
          '--json',
          ...scenario.projectRoots.flatMap((r) => ['--project-root', r]),
          ...(hosts ? hostFlags(hosts) : []),
        ]
      : [
          join(ROOT, 'node_modules', '.bin', 'tsx'),
          join(ROOT, 'bench', 'support', 'baselineSupervisor.ts'),
          ...scenario.sockets.flatMap((s) => ['--socket', s]),
        ];
  const sup = startSupervisor(command, scenario.env, (line) =>
    side === 'loopwatch' ? line.startsWith('{"seq"') : line === '{"ready":true}',
  );
  const first = await sup.ready;
  // tsx runs the baseline in a child node process: measure the process that does the work.
  const pid = side === 'loopwatch' ? sup.child.pid! : workerPid(sup.child.pid!);
  let attached: HostsAttached | undefined;
  if (hosts) {
    const snapshot = JSON.parse(first) as { sessions: { host?: string }[] };
    const deadline = Date.now() + HOSTS_ATTACH_MS;
    while (remoteControlClients(pid) < hosts.names.length && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 250));
    attached = {
      hosts: hosts.names.length,
      sessions_per_host: PER_HOST,
      remote_sessions_at_start: snapshot.sessions.filter((s) => s.host).length,
      remote_control_clients: remoteControlClients(pid),
    };
    log(`${side}: hosts attached: ${JSON.stringify(attached)}`);
  }
  log(`${side}: started; settling ${SETTLE_MS / 1000} s, then an idle window of ${IDLE_S} s`);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const cpu0 = treeCpuSeconds(pid);
  const servers0 = scenario.serverPids.reduce((sum, p) => sum + cpuSeconds(p, false), 0);
  const t0 = Date.now();
  await new Promise((resolve) => setTimeout(resolve, IDLE_S * 1000));
  const window = (Date.now() - t0) / 1000;
  const cpu = treeCpuSeconds(pid) - cpu0;
  const servers = scenario.serverPids.reduce((sum, p) => sum + cpuSeconds(p, false), 0) - servers0;
  const rss = treeRssMb(pid);
  log(
    `${side}: idle CPU ${((cpu / window) * 100).toFixed(2)}% of one core, RSS ${rss.toFixed(1)} MB; firing ${scenario.events.length} events`,
  );

  // The working agents start now (prompt agents print steadily until their prompt).
  const active0 = treeCpuSeconds(pid);
  const activeStart = Date.now();
  await scenario.startWork();
  await new Promise((resolve) => setTimeout(resolve, WORK_BEFORE_EVENTS_MS));
  const latencies = new Map<Kind, number[]>(KINDS.map((k) => [k, []]));
  const missed = new Map<Kind, number>(KINDS.map((k) => [k, 0]));
  for (const event of scenario.events) {
    if (side === 'baseline' && event.kind === 'hook') {
      missed.set('hook', missed.get('hook')! + 1);
      continue;
    }
    const from = sup.seen.length;
    const at = await event.fire();
    const deadline = Date.now() + EVENT_TIMEOUT_MS;
    let hit: Seen | undefined;
    while (!hit && Date.now() < deadline) {
      hit = sup.seen
        .slice(from)
        .find((t) => t.host === undefined && t.name === event.name && t.to === event.to);
      if (!hit) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    if (hit) latencies.get(event.kind)!.push(Math.max(0, hit.at - at));
    else missed.set(event.kind, missed.get(event.kind)! + 1);
    await new Promise((resolve) =>
      setTimeout(resolve, EVENT_GAP_MS + Math.random() * EVENT_JITTER_MS),
    );
  }
  const activeCpu = treeCpuSeconds(pid) - active0;
  const activeWindow = (Date.now() - activeStart) / 1000;
  await sup.stop();
  return {
    latency_ms: Object.fromEntries(
      KINDS.map((k) => [k, summarize(latencies.get(k)!, missed.get(k)!)]),
    ) as Record<Kind, Summary>,
    idle_cpu_pct: Math.round((cpu / window) * 100 * 1000) / 1000,
    rss_mb: Math.round(rss * 10) / 10,
    server_cpu_pct: Math.round((servers / window) * 100 * 1000) / 1000,
    idle_window_s: Math.round(window * 10) / 10,
    active_cpu_pct: Math.round((activeCpu / activeWindow) * 100 * 1000) / 1000,
    ...(attached ? { attached } : {}),
  };
}

/** tsx starts the script in a node child; that child is the baseline supervisor. */
function workerPid(tsxPid: number): number {
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(tsxPid)], {
    encoding: 'utf8',
  })
    .trim()
    .split(/\s+/)
    .map(Number)
    .filter((p) => p > 0);
  return children[0] ?? tsxPid;
}

/** One column per measured run: latency per kind, then CPU and memory. */
function table(columns: readonly (readonly [string, SideResult])[]): string {
  const WIDTH = 26;
  const cell = (s: Summary): string =>
    (s.n === 0
      ? 'n/a'
      : `${s.p50} / ${s.p95} / ${s.max}${s.missed ? ` (${s.missed} missed)` : ''}`
    ).padStart(WIDTH);
  const lines = [
    `${'latency ms: p50 / p95 / max'.padEnd(28)}${columns.map(([label]) => label.padStart(WIDTH)).join('')}`,
  ];
  for (const kind of KINDS)
    lines.push(`  ${kind.padEnd(26)}${columns.map(([, r]) => cell(r.latency_ms[kind])).join('')}`);
  for (const [label, key] of [
    ['idle CPU, % of one core', 'idle_cpu_pct'],
    ['active CPU, % of one core', 'active_cpu_pct'],
    ['RSS, MB', 'rss_mb'],
    ['tmux servers CPU (idle), %', 'server_cpu_pct'],
  ] as const) {
    lines.push(
      `${label.padEnd(28)}${columns.map(([, r]) => String(r[key]).padStart(WIDTH)).join('')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The 1, 5 and 15 minute load averages, as `uptime` prints them. */
function loadAverage(): string {
  return loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

/** One measured run on a fresh local world (rebuilt for each). */
async function run(
  label: string,
  side: 'loopwatch' | 'baseline',
  hosts: BenchHosts | null = null,
): Promise<SideResult & { attached?: HostsAttached }> {
  const hookCommand = [process.execPath, join(ROOT, 'bin', 'loopwatch.js')];
  log(`${label}: creating ${N} sessions on 3 servers...`);
  const scenario = await createScenario({ sessions: N, eventsPerKind: K, hookCommand });
  try {
    return await measure(side, scenario, hosts);
  } finally {
    await scenario.cleanup();
  }
}

async function main(): Promise<void> {
  await ensureBuilt();
  const loadAtStart = loadAverage();
  let hosts: BenchHosts | null = null;
  if (HOSTS > 0) {
    log(`creating ${HOSTS} hosts x ${PER_HOST} sessions (network namespaces, sshd, tmux)...`);
    hosts = await createBenchHosts(HOSTS, PER_HOST);
    const lab = hosts.lab;
    // Interrupted: the hosts go (a later lab also sweeps namespaces whose creator is gone).
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => void lab.cleanup().finally(() => process.exit(130)));
  }
  let alone: SideResult;
  let withHosts: (SideResult & { attached?: HostsAttached }) | null = null;
  let baseline: SideResult;
  try {
    // With hosts, the two Loopwatch runs back to back (same machine, same moment), hosts made for both.
    alone = await run('loopwatch', 'loopwatch');
    if (hosts) withHosts = await run('loopwatch with hosts', 'loopwatch', hosts);
    baseline = await run('baseline', 'baseline');
  } finally {
    await hosts?.lab.cleanup();
  }
  const ratio = alone.idle_cpu_pct > 0 ? baseline.idle_cpu_pct / alone.idle_cpu_pct : null;
  const document = {
    sessions: N,
    loopwatch: alone,
    baseline,
    idle_cpu_ratio: ratio === null ? null : Math.round(ratio * 10) / 10,
    ...(withHosts ? { local: { alone, with_hosts: withHosts } } : {}),
    load_average: { start: loadAtStart, end: loadAverage() },
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(document)}\n`);
    return;
  }
  const columns: [string, SideResult][] = [['loopwatch', alone]];
  if (withHosts) columns.push([`with ${HOSTS}x${PER_HOST} on hosts`, withHosts]);
  columns.push(['baseline', baseline]);
  process.stdout.write(
    `${N} sessions on 3 servers, ${K} events per kind\n${table(columns)}` +
      `idle CPU ratio (baseline / loopwatch): ${document.idle_cpu_ratio}\n` +
      (withHosts?.attached ? `hosts attached: ${JSON.stringify(withHosts.attached)}\n` : '') +
      `load average at start: ${document.load_average.start}, at end: ${document.load_average.end}\n`,
  );
}

void main().catch((error: unknown) => {
  process.stderr.write(
    `detection bench failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});

/**
 * `npm run bench -- detection [--sessions N] [--events K] [--idle-seconds S] [--json]`
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
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { cpuSeconds, treeCpuSeconds, treeRssMb } from './support/procStats';
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

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '200' },
    events: { type: 'string', default: '10' },
    'idle-seconds': { type: 'string', default: '30' },
    json: { type: 'boolean', default: false },
  },
});
const N = Number(values.sessions);
const K = Number(values.events);
const IDLE_S = Number(values['idle-seconds']);
if (![N, K, IDLE_S].every((x) => Number.isInteger(x) && x > 0)) {
  process.stderr.write(
    'usage: npm run bench -- detection [--sessions N] [--events K] [--idle-seconds S] [--json]\n',
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
  name: string;
  to: string;
  at: number;
}

interface Supervised {
  child: ChildProcess;
  seen: Seen[];
  ready: Promise<void>;
  stop: () => Promise<void>;
}

function startSupervisor(
  command: string[],
  env: NodeJS.ProcessEnv,
  isReady: (line: string) => boolean,
): Supervised {
  const child = spawn(command[0]!, command.slice(1), { env, stdio: ['ignore', 'pipe', 'ignore'] });
  const seen: Seen[] = [];
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (isReady(line)) markReady();
    try {
      const t = JSON.parse(line) as { name?: string; to?: string; at?: string };
      if (t.name && t.to && t.at) seen.push({ name: t.name, to: t.to, at: Date.parse(t.at) });
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

async function measure(side: 'loopwatch' | 'baseline', scenario: Scenario): Promise<SideResult> {
  const command =
    side === 'loopwatch'
      ? [
          process.execPath,
          join(ROOT, 'bin', 'loopwatch.js'),
          'watch',
          '--json',
          ...scenario.projectRoots.flatMap((r) => ['--project-root', r]),
        ]
      : [
          join(ROOT, 'node_modules', '.bin', 'tsx'),
          join(ROOT, 'bench', 'support', 'baselineSupervisor.ts'),
          ...scenario.sockets.flatMap((s) => ['--socket', s]),
        ];
  const sup = startSupervisor(command, scenario.env, (line) =>
    side === 'loopwatch' ? line.startsWith('{"seq"') : line === '{"ready":true}',
  );
  await sup.ready;
  log(`${side}: started; settling ${SETTLE_MS / 1000} s, then an idle window of ${IDLE_S} s`);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  // tsx runs the baseline in a child node process: measure the process that does the work.
  const pid = side === 'loopwatch' ? sup.child.pid! : workerPid(sup.child.pid!);
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
      hit = sup.seen.slice(from).find((t) => t.name === event.name && t.to === event.to);
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

function table(result: Record<'loopwatch' | 'baseline', SideResult>): string {
  const WIDTH = 26;
  const cell = (s: Summary): string =>
    (s.n === 0
      ? 'n/a'
      : `${s.p50} / ${s.p95} / ${s.max}${s.missed ? ` (${s.missed} missed)` : ''}`
    ).padStart(WIDTH);
  const lines = [
    `${'latency ms: p50 / p95 / max'.padEnd(28)}${'loopwatch'.padStart(WIDTH)}${'baseline'.padStart(WIDTH)}`,
  ];
  for (const kind of KINDS) {
    lines.push(
      `  ${kind.padEnd(26)}${cell(result.loopwatch.latency_ms[kind])}${cell(result.baseline.latency_ms[kind])}`,
    );
  }
  for (const [label, key] of [
    ['idle CPU, % of one core', 'idle_cpu_pct'],
    ['active CPU, % of one core', 'active_cpu_pct'],
    ['RSS, MB', 'rss_mb'],
    ['tmux servers CPU (idle), %', 'server_cpu_pct'],
  ] as const) {
    lines.push(
      `${label.padEnd(28)}${String(result.loopwatch[key]).padStart(WIDTH)}${String(result.baseline[key]).padStart(WIDTH)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  await ensureBuilt();
  const hookCommand = [process.execPath, join(ROOT, 'bin', 'loopwatch.js')];
  const results = {} as Record<'loopwatch' | 'baseline', SideResult>;
  for (const side of ['loopwatch', 'baseline'] as const) {
    log(`${side}: creating ${N} sessions on 3 servers...`);
    const scenario = await createScenario({ sessions: N, eventsPerKind: K, hookCommand });
    try {
      results[side] = await measure(side, scenario);
    } finally {
      await scenario.cleanup();
    }
  }
  const ratio =
    results.loopwatch.idle_cpu_pct > 0
      ? results.baseline.idle_cpu_pct / results.loopwatch.idle_cpu_pct
      : null;
  const document = {
    sessions: N,
    loopwatch: results.loopwatch,
    baseline: results.baseline,
    idle_cpu_ratio: ratio === null ? null : Math.round(ratio * 10) / 10,
  };
  if (values.json) process.stdout.write(`${JSON.stringify(document)}\n`);
  else
    process.stdout.write(
      `${N} sessions on 3 servers, ${K} events per kind\n${table(results)}idle CPU ratio (baseline / loopwatch): ${document.idle_cpu_ratio}\n`,
    );
}

void main().catch((error: unknown) => {
  process.stderr.write(
    `detection bench failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});

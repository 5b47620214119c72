/**
 * `npm run bench -- restore [--sessions N] [--flood-sessions M] [--rate-mb R] [--seconds S] [--json]`
 *
 * 1. Restore: N restore records (default 50) of Claude sessions on two
 *    private tmux servers that are gone; the time the built
 *    `loopwatch restore --yes` takes to plan and recreate them all, each
 *    running its resume command (a stand-in `claude` that records its
 *    arguments), and how many came back.
 * 2. Logging: M sessions (default 10), each printing R MB/s (default 5) of
 *    coloured lines; the CPU of the built `loopwatch watch` (with its
 *    control-mode tmux clients) over S seconds (default 4) while they are
 *    not logged, then while they are (started with `loopwatch start`, so
 *    pipe-pane feeds Loopwatch's log writer). The difference is what
 *    logging costs Loopwatch's supervisor (it never reads the logs); the
 *    writers' own CPU (run by tmux) and tmux's are printed beside it, with
 *    the bytes that reached the logs.
 * Figures are printed, never asserted; other work on the machine makes them noisy.
 */
import { execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';
import { restoreRecordDir, type RestoreRecord } from '../main/core/restore/restoreRecords';
import { EscapeStripper } from '../main/core/logs/escapeStripper';
import { loopwatchDataDir } from '../main/core/paths';
import { privateEnv } from '../test/helpers/sandbox';
import { ensureBuilt, LOOPWATCH_BIN } from './support/ensureBuilt';
import { cpuSeconds, treeCpuSeconds } from './support/procStats';

const run = promisify(execFile);
/** Let the supervisor's start-up work finish before measuring. */
const SETTLE_MS = 3_000;
/** The floods' chunk interval: small enough for a steady rate. */
const FLOOD_TICK_MS = 20;

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '50' },
    'flood-sessions': { type: 'string', default: '10' },
    'rate-mb': { type: 'string', default: '5' },
    seconds: { type: 'string', default: '4' },
    json: { type: 'boolean', default: false },
  },
});
const N = Number(values.sessions);
const M = Number(values['flood-sessions']);
const RATE_MB = Number(values['rate-mb']);
const SECONDS = Number(values.seconds);
if (![N, M, SECONDS].every((x) => Number.isInteger(x) && x > 0) || !(RATE_MB > 0)) {
  process.stderr.write(
    'usage: npm run bench -- restore [--sessions N] [--flood-sessions M] [--rate-mb R] [--seconds S] [--json]\n',
  );
  process.exit(2);
}
const log = (text: string): void => {
  if (!values.json) process.stderr.write(`${text}\n`);
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A stand-in agent: records that it ran with its arguments, then waits. */
const STAND_IN = `#!/bin/sh
printf '%s\\n' "$*" > "$LW_ARGV_DIR/$$.argv"
exec sleep 600
`;

/** One line as FLOOD prints it, and the share of its bytes a stripped log keeps. */
const FLOOD_SAMPLE = '\x1b[32m000000001\x1b[0m some output text of an agent at work\r\n';
const KEPT_SHARE =
  new EscapeStripper().push(Buffer.from(FLOOD_SAMPLE)).length / Buffer.byteLength(FLOOD_SAMPLE);

/** Prints RATE bytes a second of coloured numbered lines (argv: bytes per second). */
const FLOOD = `
const rate = Number(process.argv[1]);
const perTick = Math.round(rate * ${FLOOD_TICK_MS} / 1000);
let n = 0;
const line = () => '\\x1b[32m' + String(++n).padStart(9, '0') + '\\x1b[0m some output text of an agent at work\\r\\n';
setInterval(() => {
  let chunk = '';
  while (chunk.length < perTick) chunk += line();
  process.stdout.write(chunk);
}, ${FLOOD_TICK_MS});
`;

async function tmux(env: NodeJS.ProcessEnv, socket: string, args: string[]): Promise<string> {
  return (await run('tmux', ['-S', socket, ...args], { env, encoding: 'utf8' })).stdout;
}

async function killServer(env: NodeJS.ProcessEnv, socket: string): Promise<void> {
  await tmux(env, socket, ['kill-server']).catch(() => undefined);
}

async function benchRestore(root: string, env: NodeJS.ProcessEnv) {
  const bin = join(root, 'bin');
  const argvDir = join(root, 'argv');
  await mkdir(bin, { recursive: true });
  await mkdir(argvDir, { recursive: true });
  await writeFile(join(bin, 'claude'), STAND_IN);
  await chmod(join(bin, 'claude'), 0o755);
  const benv = { ...env, PATH: `${bin}:${env.PATH ?? ''}`, LW_ARGV_DIR: argvDir };
  const sockets = [join(root, 'sock-a'), join(root, 'sock-b')];
  const dir = restoreRecordDir(benv);
  for (let i = 0; i < N; i++) {
    const cwd = join(root, 'projects', `p${i}`);
    await mkdir(cwd, { recursive: true });
    const record: RestoreRecord = {
      v: 1,
      host: 'local',
      socket: sockets[i % sockets.length]!,
      session: `agent-${i}`,
      created: '1700000000',
      windows: [{ index: 0, name: 'claude', cwd, command: 'claude', agent: true }],
      agent: 'claude',
      agentSessionId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
      agentIdFrom: 'hook',
      pipeline: null,
      seenAt: new Date().toISOString(),
    };
    await dir.write(record);
  }
  log(`restoring ${N} sessions on ${sockets.length} servers...`);
  const started = performance.now();
  const result = await run(process.execPath, [LOOPWATCH_BIN, 'restore', '--yes', '--json'], {
    env: benv,
    encoding: 'utf8',
  }).catch((error: unknown) => {
    const failed = error as { stdout?: string; stderr?: string };
    if (!failed.stdout?.includes('{'))
      throw new Error(`loopwatch restore failed: ${failed.stderr ?? String(error)}`);
    return { stdout: failed.stdout };
  });
  const seconds = (performance.now() - started) / 1000;
  const parsed = JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))) as {
    results: { outcome: string }[];
  };
  const sessions = (
    await Promise.all(sockets.map((s) => tmux(benv, s, ['list-sessions', '-F', '#{session_name}'])))
  )
    .join('')
    .split('\n')
    .filter(Boolean).length;
  // The stand-ins record their arguments as they start (after the command returned).
  let resumed = 0;
  for (let i = 0; i < 50 && resumed < N; i++) {
    resumed = (await readdir(argvDir)).length;
    if (resumed < N) await sleep(100);
  }
  for (const socket of sockets) await killServer(benv, socket);
  return {
    sessions: N,
    seconds: Number(seconds.toFixed(2)),
    restored: parsed.results.filter((r) => r.outcome === 'done').length,
    sessionsFound: sessions,
    agentsResumed: resumed,
  };
}

/** CPU seconds of the log writers of this run (found by their log directory on their command line). */
function writersCpu(logDir: string): number {
  let total = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.includes('logWriter') && cmdline.includes(logDir))
      total += cpuSeconds(Number(name), false);
  }
  return total;
}

async function logBytes(logDir: string): Promise<number> {
  const names = await readdir(logDir).catch(() => [] as string[]);
  const sizes = await Promise.all(
    names.map((n) =>
      stat(join(logDir, n)).then(
        (i) => i.size,
        () => 0,
      ),
    ),
  );
  return sizes.reduce((a, b) => a + b, 0);
}

interface Window {
  supervisorCpuPct: number;
  tmuxCpuPct: number;
  writersCpuPct: number;
  outputMbPerSecondPerSession: number;
}

async function measure(supervisorPid: number, tmuxPid: number, logDir: string): Promise<Window> {
  const before = {
    sup: treeCpuSeconds(supervisorPid),
    tmux: cpuSeconds(tmuxPid, false),
    writers: writersCpu(logDir),
    bytes: await logBytes(logDir),
  };
  const started = performance.now();
  await sleep(SECONDS * 1000);
  const elapsed = (performance.now() - started) / 1000;
  const pct = (seconds: number): number => Number(((seconds / elapsed) * 100).toFixed(1));
  return {
    supervisorCpuPct: pct(treeCpuSeconds(supervisorPid) - before.sup),
    tmuxCpuPct: pct(cpuSeconds(tmuxPid, false) - before.tmux),
    writersCpuPct: pct(writersCpu(logDir) - before.writers),
    // The output's rate: the stripped bytes logged, scaled back by what stripping removes.
    outputMbPerSecondPerSession: Number(
      (((await logBytes(logDir)) - before.bytes) / KEPT_SHARE / 1024 / 1024 / elapsed / M).toFixed(
        2,
      ),
    ),
  };
}

async function benchLogging(root: string, env: NodeJS.ProcessEnv) {
  const socket = join(root, 'sock-flood');
  const logDir = join(loopwatchDataDir(env), 'logs');
  const flood = ['node', '-e', FLOOD, String(Math.round(RATE_MB * 1024 * 1024))];
  // A quiet session keeps the server up between the two phases.
  await mkdir(root, { recursive: true });
  await tmux(env, socket, ['new-session', '-d', '-s', 'quiet', 'sleep 600']);
  const tmuxPid = Number((await tmux(env, socket, ['display-message', '-p', '#{pid}'])).trim());
  const supervisor = spawn(
    process.execPath,
    [LOOPWATCH_BIN, 'watch', '--json', '--socket', socket],
    {
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  await new Promise<void>((resolve) => {
    createInterface({ input: supervisor.stdout }).once('line', () => resolve());
  });
  try {
    log(`${M} sessions printing ${RATE_MB} MB/s each, not logged...`);
    for (let i = 0; i < M; i++)
      await tmux(env, socket, ['new-session', '-d', '-s', `plain-${i}`, '--', ...flood]);
    await sleep(SETTLE_MS);
    const off = await measure(supervisor.pid!, tmuxPid, logDir);
    for (let i = 0; i < M; i++) await tmux(env, socket, ['kill-session', '-t', `=plain-${i}`]);
    log(`${M} sessions printing ${RATE_MB} MB/s each, logged (loopwatch start)...`);
    for (let i = 0; i < M; i++) {
      await run(
        process.execPath,
        [
          LOOPWATCH_BIN,
          'start',
          '--name',
          `logged-${i}`,
          '--dir',
          root,
          '--socket',
          socket,
          '--',
          ...flood,
        ],
        { env },
      );
    }
    await sleep(SETTLE_MS);
    const on = await measure(supervisor.pid!, tmuxPid, logDir);
    return {
      sessions: M,
      rateMbPerSession: RATE_MB,
      seconds: SECONDS,
      notLogged: off,
      logged: on,
      /** What logging adds to Loopwatch's supervisor, in % of one core. */
      supervisorOverheadPct: Number((on.supervisorCpuPct - off.supervisorCpuPct).toFixed(1)),
    };
  } finally {
    supervisor.kill('SIGTERM');
    await killServer(env, socket);
  }
}

async function main(): Promise<void> {
  await ensureBuilt(log);
  const root = await mkdtemp(join(tmpdir(), 'lw-bench-restore-'));
  try {
    const env = await privateEnv(root);
    const restore = await benchRestore(join(root, 'restore'), {
      ...env,
      LOOPWATCH_CONFIG_DIR: join(root, 'restore-config'),
    });
    const logging = await benchLogging(join(root, 'logging'), env);
    const figures = { restore, logging };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(figures)}\n`);
      return;
    }
    process.stdout.write(
      [
        `restore: ${restore.restored}/${restore.sessions} sessions recreated in ${restore.seconds} s ` +
          `(target <= 10 s); ${restore.sessionsFound} found in tmux, ${restore.agentsResumed} agents resumed`,
        `logging ${logging.sessions} sessions x ${logging.rateMbPerSession} MB/s for ${logging.seconds} s:`,
        `  supervisor CPU: ${logging.notLogged.supervisorCpuPct}% not logged, ${logging.logged.supervisorCpuPct}% logged ` +
          `=> +${logging.supervisorOverheadPct}% of one core (target <= 5%)`,
        `  tmux server CPU: ${logging.notLogged.tmuxCpuPct}% / ${logging.logged.tmuxCpuPct}%; ` +
          `log writers (run by tmux): ${logging.logged.writersCpuPct}%`,
        `  output that reached the logs: ${logging.logged.outputMbPerSecondPerSession} MB/s per session ` +
          `(asked: ${logging.rateMbPerSession}; on a busy host tmux delivers less)`,
      ].join('\n') + '\n',
    );
  } finally {
    await rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}

await main();

/**
 * `npm run bench -- faults [--per-family N] [--dead-sockets N] [--json]`
 *
 * Issue 19's targets, in process (the supervisor as `list` and `watch` run it):
 *  1. the fault corpus (test/faults/corpus.ts, seed 19) in one world: the
 *     pipeline families as runs of one project, one bad registry and one bad
 *     schmux state; `list` (one-shot start and its JSON snapshot) time and
 *     this process's peak RSS, and `watch`'s first snapshot time;
 *  2. three tmux servers, one of them SIGSTOPped: how long until the other
 *     two's sessions are listed, against the same without the stopped one;
 *  3. N dead sockets (default 1,000) in the socket dir: the most one-shot tmux
 *     processes alive at once during discovery, and how long it took.
 * `list` is also run as a user runs it: the built CLI (`loopwatch list
 * --json`) in its own process over the same world, its time and peak RSS
 * read by `/usr/bin/time -v` (the target's figure). Crashes (a throw) and
 * hangs (past a deadline) are counted. Figures are printed, never asserted;
 * `bench_process_peak_rss_mb` is this whole bench process's (tsx included).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { schmuxStateFile, tmuxSkillRegistries } from '../main/core/paths';
import { locksDir, pipelinePaths } from '../main/core/sources/pipeline/paths';
import { tmuxProcessStats } from '../main/core/tmux/execTmux';
import { Supervisor } from '../main/core/supervisor';
import { generateCorpus, materialize } from '../test/faults/corpus';
import { privateEnv } from '../test/helpers/sandbox';
import { ensureBuilt, LOOPWATCH_BIN } from './support/ensureBuilt';

const run = promisify(execFile);
/** Past this, a step counts as hung. */
const STEP_DEADLINE_MS = 60_000;

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    'per-family': { type: 'string', default: '150' },
    'dead-sockets': { type: 'string', default: '1000' },
  },
});
const perFamily = Number(values['per-family']);
const deadSockets = Number(values['dead-sockets']);

let crashes = 0;
let hangs = 0;

async function timed<T>(
  what: string,
  work: () => Promise<T>,
): Promise<{ ms: number; value: T | null }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const value = await Promise.race([
      work(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('hang')), STEP_DEADLINE_MS);
      }),
    ]);
    return { ms: Math.round(performance.now() - started), value };
  } catch (error) {
    if ((error as Error).message === 'hang') hangs += 1;
    else crashes += 1;
    process.stderr.write(`faults bench: ${what}: ${(error as Error).message}\n`);
    return { ms: Math.round(performance.now() - started), value: null };
  } finally {
    clearTimeout(timer);
  }
}

async function tmuxAt(env: NodeJS.ProcessEnv, socket: string, args: string[]): Promise<string> {
  return (await run('tmux', ['-S', socket, ...args], { env, encoding: 'utf8' })).stdout;
}

async function corpusWorld(
  root: string,
): Promise<{ env: NodeJS.ProcessEnv; project: string; inputs: number }> {
  const env = await privateEnv(root);
  const project = join(root, 'project');
  await mkdir(locksDir(project), { recursive: true });
  const fifo = join(root, 'the-fifo');
  await run('mkfifo', [fifo]);
  const corpus = generateCorpus(19, perFamily);
  let inputs = 0;
  for (const c of corpus) {
    if (c.family === 'lock' || c.family === 'state' || c.family === 'events') {
      const paths = pipelinePaths(project, c.id);
      const path =
        c.family === 'lock' ? paths.lock : c.family === 'state' ? paths.state : paths.events;
      await mkdir(paths.runDir, { recursive: true });
      // As in test/faults: the run's other files well-formed, so each run is listed with its case.
      if (c.family !== 'state')
        await materialize(
          paths.state,
          { kind: 'bytes', bytes: Buffer.from('{"status":"running"}'), what: 'ok' },
          fifo,
        );
      await materialize(path, c.shape, fifo);
      inputs += 1;
    }
  }
  // One path each for these: the first case of the family.
  const registry = corpus.find((c) => c.family === 'registry')!;
  await materialize(tmuxSkillRegistries(env)[0]!, registry.shape, fifo);
  const schmux = corpus.find((c) => c.family === 'schmux')!;
  await mkdir(dirname(schmuxStateFile(env)), { recursive: true });
  await materialize(schmuxStateFile(env), schmux.shape, fifo);
  return { env, project, inputs: inputs + 2 };
}

/** `/usr/bin/time -v` (GNU time): its line with the child's peak resident set. */
const PEAK_RSS_LINE = /Maximum resident set size \(kbytes\): (\d+)/;
/** Its CPU lines: on a loaded machine, CPU time says more than the wall clock. */
const CPU_LINES = /User time \(seconds\): ([\d.]+)[\s\S]*System time \(seconds\): ([\d.]+)/;
/** A whole-corpus `list --json` prints megabytes: room for it. */
const CLI_MAX_BUFFER = 512 * 1024 * 1024;

/** Run the built `loopwatch ARGS` in its own process: wall time, peak RSS, sessions listed. */
async function measuredCli(
  env: NodeJS.ProcessEnv,
  args: string[],
): Promise<{ ms: number; cpuMs: number | null; peakRssMb: number; sessions: number }> {
  const started = performance.now();
  const { stdout, stderr } = await run(
    '/usr/bin/time',
    ['-v', process.execPath, LOOPWATCH_BIN, ...args],
    { env, encoding: 'utf8', maxBuffer: CLI_MAX_BUFFER },
  );
  const ms = Math.round(performance.now() - started);
  const kb = PEAK_RSS_LINE.exec(stderr)?.[1];
  if (kb === undefined)
    throw new Error(`no peak RSS in /usr/bin/time's output: ${stderr.slice(-500)}`);
  const sessions = (JSON.parse(stdout) as { sessions: unknown[] }).sessions.length;
  const cpu = CPU_LINES.exec(stderr);
  const cpuMs = cpu ? Math.round((Number(cpu[1]) + Number(cpu[2])) * 1000) : null;
  return { ms, cpuMs, peakRssMb: Math.round(Number(kb) / 1024), sessions };
}

async function main(): Promise<void> {
  const base = await mkdtemp(join(tmpdir(), 'lw-bench-faults-'));
  const servers: { env: NodeJS.ProcessEnv; socket: string }[] = [];
  let stoppedPid = 0;
  try {
    // 1. The corpus in one world.
    const world = await corpusWorld(join(base, 'corpus'));
    const list = await timed('list over the corpus', async () => {
      const s = new Supervisor({
        env: world.env,
        oneShot: true,
        projectRoots: [world.project],
        warn: () => {},
      });
      try {
        await s.start();
        return JSON.stringify(s.snapshot()).length;
      } finally {
        s.dispose();
      }
    });
    const watch = await timed('watch over the corpus', async () => {
      const s = new Supervisor({
        env: world.env,
        hooks: false,
        projectRoots: [world.project],
        warn: () => {},
      });
      try {
        await s.start();
        return s.snapshot().sessions.length;
      } finally {
        s.dispose();
      }
    });
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    await ensureBuilt((text) => process.stderr.write(`${text}\n`));
    const cliList = await timed('loopwatch list --json (built CLI) over the corpus', () =>
      measuredCli(world.env, ['list', '--json', '--project-root', world.project]),
    );

    // 2. Three servers, then one of them stopped.
    const env3 = await privateEnv(join(base, 'three'));
    const socketDir = join(base, 'three', 'tmux', `tmux-${process.getuid?.() ?? 0}`);
    await mkdir(socketDir, { recursive: true, mode: 0o700 });
    for (const name of ['s1', 's2', 's3']) {
      const socket = join(socketDir, name);
      await tmuxAt(env3, socket, [
        '-f',
        '/dev/null',
        'new-session',
        '-d',
        '-s',
        `on-${name}`,
        'sleep 600',
      ]);
      servers.push({ env: env3, socket });
    }
    const othersListed = async (): Promise<number> => {
      const s = new Supervisor({ env: env3, hooks: false, warn: () => {} });
      try {
        await s.start();
        return s.sessions().filter((x) => x.name === 'on-s1' || x.name === 'on-s2').length;
      } finally {
        s.dispose();
      }
    };
    const allUp = await timed('three servers', othersListed);
    stoppedPid = Number(
      (await tmuxAt(env3, servers[2]!.socket, ['display-message', '-p', '#{pid}'])).trim(),
    );
    process.kill(stoppedPid, 'SIGSTOP');
    const oneStopped = await timed('one server stopped', othersListed);
    process.kill(stoppedPid, 'SIGCONT');
    stoppedPid = 0;

    // 3. Dead sockets.
    const envDead = await privateEnv(join(base, 'dead'));
    const deadDir = join(base, 'dead', 'tmux', `tmux-${process.getuid?.() ?? 0}`);
    await mkdir(deadDir, { recursive: true, mode: 0o700 });
    const script = `const net=require('node:net');let n=0;for(let i=0;i<${deadSockets};i++)net.createServer().listen(require('node:path').join(process.argv[1],'dead-'+i),()=>{if(++n===${deadSockets})process.kill(process.pid,'SIGKILL')});`;
    await run(process.execPath, ['-e', script, deadDir]).catch(() => undefined);
    tmuxProcessStats(true);
    const dead = await timed('dead sockets', async () => {
      const s = new Supervisor({ env: envDead, oneShot: true, warn: () => {} });
      try {
        await s.start();
        return s.servers().filter((x) => x.state === 'down').length;
      } finally {
        s.dispose();
      }
    });
    const deadPeak = tmuxProcessStats().peak;

    const figures = {
      corpus_inputs: world.inputs,
      list_ms: list.ms,
      list_snapshot_bytes: list.value,
      watch_first_snapshot_ms: watch.ms,
      list_cli_ms: cliList.value?.ms ?? null,
      list_cli_cpu_ms: cliList.value?.cpuMs ?? null,
      list_cli_peak_rss_mb: cliList.value?.peakRssMb ?? null,
      list_cli_sessions: cliList.value?.sessions ?? null,
      bench_process_peak_rss_mb: peakRssMb,
      three_servers_ms: allUp.ms,
      one_stopped_ms: oneStopped.ms,
      others_listed_with_one_stopped: oneStopped.value,
      dead_sockets: deadSockets,
      dead_sockets_down: dead.value,
      dead_sockets_ms: dead.ms,
      tmux_processes_peak: deadPeak,
      crashes,
      hangs,
    };
    if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
    else
      process.stdout.write(
        [
          `corpus in one world: ${world.inputs} inputs`,
          `  list (built CLI, own process): ${cliList.value?.ms ?? '?'} ms (CPU ${cliList.value?.cpuMs ?? '?'} ms), peak RSS ${cliList.value?.peakRssMb ?? '?'} MB, ${cliList.value?.sessions ?? '?'} sessions`,
          `  list in process: ${list.ms} ms (snapshot ${list.value ?? '?'} bytes); watch first snapshot: ${watch.ms} ms; this bench process's peak RSS ${peakRssMb} MB`,
          `3 servers: others listed in ${allUp.ms} ms; with one SIGSTOPped: ${oneStopped.ms} ms (${oneStopped.value ?? '?'}/2 of the others' sessions)`,
          `${deadSockets} dead sockets: ${dead.value ?? '?'} down in ${dead.ms} ms, at most ${deadPeak} tmux processes at once`,
          `crashes ${crashes}, hangs ${hangs}`,
          '',
        ].join('\n'),
      );
  } finally {
    if (stoppedPid) process.kill(stoppedPid, 'SIGCONT');
    for (const { env, socket } of servers)
      await tmuxAt(env, socket, ['kill-server']).catch(() => undefined);
    await rm(base, { recursive: true, force: true });
  }
}

await main();

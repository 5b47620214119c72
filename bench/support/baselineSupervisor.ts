/**
 * The baseline: a supervisor written the way other tools work today.
 * Every 500 ms it spawns `tmux list-sessions` per server and `tmux
 * capture-pane` per session, compares each screen with the last one, and
 * reads each pipeline's lock and state files. It uses Loopwatch's own
 * screen patterns, so the comparison is about cost and latency, not about
 * pattern quality. It cannot receive agent hooks.
 *
 * Prints one JSON line `{"ready": true}` after its first round, then one
 * Transition-shaped line per status change.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pidAlive } from '../../main/core/proc/processes';
import { RuleSet } from '../../main/core/status/rules/ruleSet';
import { limited } from './limited';

/** The poll interval other tools use (FIELD.md: 100 to 500 ms; 500 ms is the cheap end). */
const TICK_MS = 500;
/** Unchanged this many rounds (1.5 s) is idle, as other tools decide. */
const IDLE_ROUNDS = 3;
/** tmux processes in flight at once (a tool doing them one by one would be slower still). */
const CONCURRENCY = 8;

const { values } = parseArgs({
  options: {
    socket: { type: 'string', multiple: true, default: [] },
  },
});

function tmux(socket: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      'tmux',
      ['-S', socket, ...args],
      { encoding: 'utf8', timeout: 5000 },
      (error, stdout) => resolve(error ? null : stdout),
    );
  });
}

interface Known {
  status: string;
  screen: string;
  same: number;
}

const known = new Map<string, Known>();
let first = true;

function emit(id: string, name: string, to: string, reason: string): void {
  const before = known.get(id);
  if (before?.status === to) return;
  process.stdout.write(
    `${JSON.stringify({ sessionId: id, name, from: before?.status ?? null, to, reason, at: new Date().toISOString(), initial: first })}\n`,
  );
}

async function pipelineStatus(projectDir: string, run: string): Promise<[string, string] | null> {
  const state = await readFile(
    join(projectDir, '.claude', 'pipeline-runs', run, 'state.json'),
    'utf8',
  ).catch(() => null);
  const lock = await readFile(join(projectDir, '.claude', 'locks', `${run}.lock`), 'utf8').catch(
    () => null,
  );
  let status: unknown = null;
  try {
    status = state ? (JSON.parse(state) as { status?: unknown }).status : null;
  } catch {
    /* half-written */
  }
  if (status === 'complete' || status === 'completed') return ['done', `pipeline ${status}`];
  if (status === 'failed') return ['crashed', 'pipeline failed'];
  if (lock) {
    try {
      const pid = (JSON.parse(lock) as { pid?: unknown }).pid;
      if (typeof pid === 'number' && !pidAlive(pid))
        return ['crashed', `lock holder pid ${pid} is gone`];
    } catch {
      /* half-written */
    }
  }
  return null;
}

const rules = new RuleSet();

async function round(): Promise<void> {
  const seen = new Set<string>();
  for (const socket of values.socket) {
    const list = await tmux(socket, [
      'list-sessions',
      '-F',
      '#{session_name}\u001f#{session_path}',
    ]);
    const sessions = (list ?? '')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\u001f') as [string, string]);
    const screens = await limited(
      sessions.map(
        ([name]) =>
          () =>
            tmux(socket, ['capture-pane', '-p', '-t', `=${name}:`]),
      ),
      CONCURRENCY,
    );
    for (const [index, [name, path]] of sessions.entries()) {
      const id = `${socket}:${name}`;
      seen.add(id);
      const screen = screens[index];
      const before = known.get(id);
      let status = before?.status ?? 'working';
      let reason = '';
      const pipeline = /^pipeline-(.+)$/.exec(name);
      const fromFiles = pipeline ? await pipelineStatus(path, pipeline[1]!) : null;
      const dead = screen ? /Pane is dead \((status|signal) (\d+)/.exec(screen) : null;
      // The bench's fixture agents draw Claude Code's screens; only a rule that matched counts.
      const decision = screen ? rules.decide(screen, { agent: 'claude' }) : null;
      const match =
        decision?.rule && decision.status ? { ...decision, status: decision.status } : null;
      if (fromFiles) [status, reason] = fromFiles;
      else if (dead) {
        status = dead[1] === 'status' && dead[2] === '0' ? 'done' : 'crashed';
        reason = `pane dead (${dead[1]} ${dead[2]})`;
      } else if (match) [status, reason] = [match.status, match.reason];
      else if (screen !== null && screen !== before?.screen)
        [status, reason] = ['working', 'screen changed'];
      else if ((before?.same ?? 0) + 1 >= IDLE_ROUNDS)
        [status, reason] = ['idle', 'screen unchanged'];
      emit(id, name, status, reason);
      known.set(id, {
        status,
        screen: screen ?? '',
        same: screen === before?.screen ? (before?.same ?? 0) + 1 : 0,
      });
    }
  }
  for (const id of [...known.keys()]) {
    if (seen.has(id)) continue;
    emit(id, id.slice(id.lastIndexOf(':') + 1), 'unknown', 'session ended');
    known.delete(id);
  }
  if (first) {
    first = false;
    process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  }
}

async function main(): Promise<void> {
  for (;;) {
    const started = Date.now();
    await round();
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, TICK_MS - (Date.now() - started))),
    );
  }
}

process.on('SIGTERM', () => process.exit(0));
void main();

/**
 * `loopwatch watch --json`, `loopwatch status NAME` and the status fields
 * of `loopwatch list`, against real tmux and a fake pipeline run.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SessionSchema,
  SnapshotSchema,
  TransitionSchema,
  type Transition,
} from '../../../preload/contract';
import { runCli } from '../../../main/cli';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { AGENTS, WAIT_MS } from '../../helpers/supervise';

interface Ran {
  code: number;
  out: string;
  err: string;
}

async function cli(
  sandbox: Sandbox,
  args: string[],
  until: () => Promise<void> = () => Promise.resolve(),
): Promise<Ran> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: sandbox.env,
    untilInterrupted: until,
  });
  return { code, out: out.join(''), err: err.join('') };
}

describe('loopwatch watch, status, list (real tmux)', () => {
  let sandbox: Sandbox;
  let project: string;

  beforeAll(async () => {
    sandbox = await createSandbox();
    project = join(sandbox.root, 'proj');
    await mkdir(join(project, '.claude', 'locks'), { recursive: true });
    await mkdir(join(project, '.claude', 'pipeline-runs', 'auth'), { recursive: true });
    await writeFile(
      join(project, '.claude', 'locks', 'auth.lock'),
      JSON.stringify({ session: 'auth', pid: process.pid, started_at: new Date().toISOString() }),
    );
    await writeFile(
      join(project, '.claude', 'pipeline-runs', 'auth', 'state.json'),
      JSON.stringify({
        session: 'auth',
        type: 'loop',
        status: 'running',
        current_stage: 0,
        iteration: 4,
        iteration_completed: 3,
        iteration_started: new Date().toISOString(),
        max_iterations: 10,
        stages: [{ index: 0, name: 'ralph', status: 'running' }],
      }),
    );
    await sandbox.tmux([
      'new-session',
      '-d',
      '-s',
      'pipeline-auth',
      '-c',
      project,
      '--',
      'bash',
      join(AGENTS, 'idle.sh'),
    ]);
    await sandbox.tmux([
      'new-session',
      '-d',
      '-s',
      'asker',
      '--',
      'bash',
      join(AGENTS, 'ask-yn.sh'),
    ]);
  });

  afterAll(async () => sandbox.cleanup());

  it('watch --json: one snapshot line, then one Transition line per change, until interrupted', async () => {
    let stop: () => void = () => undefined;
    const interrupted = new Promise<void>((resolve) => (stop = resolve));
    const lines: string[] = [];
    const running = runCli(['watch', '--json'], {
      out: (t) => lines.push(...t.split('\n').filter(Boolean)),
      err: () => undefined,
      env: sandbox.env,
      untilInterrupted: () => interrupted,
    });
    await eventually(() => lines.length >= 1, 'the snapshot line', WAIT_MS);
    const snapshot = SnapshotSchema.parse(JSON.parse(lines[0]!));
    expect(snapshot.sessions.map((s) => s.name).sort()).toEqual(['asker', 'pipeline-auth']);
    await sandbox.tmux([
      'new-session',
      '-d',
      '-s',
      'quitter',
      '--',
      'bash',
      join(AGENTS, 'exit-with.sh'),
      '3',
      '0.3',
    ]);
    const transitions = (): Transition[] =>
      lines.slice(1).map((l) => TransitionSchema.parse(JSON.parse(l)));
    await eventually(
      () => transitions().some((t) => t.name === 'quitter' && t.from === null && !t.initial),
      'the new session transition',
      WAIT_MS,
    );
    // Without remain-on-exit, the session vanishes: its last line says so.
    await eventually(
      () =>
        transitions().some(
          (t) =>
            t.name === 'quitter' &&
            t.to === 'unknown' &&
            t.reason === 'session ended; exit status unknown',
        ),
      'the ended transition',
      WAIT_MS,
    );
    stop();
    expect(await running).toBe(0);
    for (const line of lines.slice(1))
      expect(Object.keys(JSON.parse(line) as object).sort()).toEqual([
        'at',
        'from',
        'initial',
        'name',
        'reason',
        'sessionId',
        'to',
      ]);
  });

  it('status NAME --json: the session, found by run name or tmux name', async () => {
    const byRun = await cli(sandbox, ['status', 'auth', '--json']);
    expect(byRun.code).toBe(0);
    const session = SessionSchema.parse(JSON.parse(byRun.out));
    expect(session).toMatchObject({
      name: 'pipeline-auth',
      status: 'working',
      reason: 'iteration 4/10, stage ralph',
      lock: { pid: process.pid, alive: true },
      pipeline: {
        iteration: 4,
        iterationCompleted: 3,
        maxIterations: 10,
        maxIterationsFrom: 'state',
        stage: 'ralph',
      },
    });
    const byName = await cli(sandbox, ['status', 'pipeline-auth', '--json']);
    expect(JSON.parse(byName.out)).toMatchObject({ id: session.id });
  });

  it('status NAME (text): status, reason, flags, pipeline and lock in words', async () => {
    const result = await cli(sandbox, ['status', 'asker']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^asker\n/);
    expect(result.out).toMatch(/status: +waiting since /);
    expect(result.out).toMatch(/\n {2}reason: +Question: Overwrite config\.yaml\? \[y\/N\]\n/);
    expect(result.out).toMatch(/\n {2}flags: +-\n/);
    const pipeline = await cli(sandbox, ['status', 'auth']);
    expect(pipeline.out).toMatch(
      /\n {2}pipeline: +run auth, state running, iteration 4\/10 ralph\n/,
    );
    expect(pipeline.out).toContain(
      `${join(project, '.claude', 'locks', 'auth.lock')}: ${process.pid} alive\n`,
    );
    expect(pipeline.out).toMatch(/\n {4}agent +state:running: iteration 4\/10, stage ralph \(/);
  });

  it('status of an unknown NAME: a clear error and exit 1; no NAME: usage, exit 2', async () => {
    const missing = await cli(sandbox, ['status', 'nope']);
    expect(missing).toMatchObject({ code: 1, out: '' });
    expect(missing.err).toBe('loopwatch status: no session named "nope" (see `loopwatch list`)\n');
    expect((await cli(sandbox, ['status'])).code).toBe(2);
  });

  it('list shows status, reason, flags, iteration/max/stage and the lock', async () => {
    const result = await cli(sandbox, ['list']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /^SESSION\s+SOURCE\s+AGENT\s+STATUS\s+REASON\s+FLAGS\s+ITERATION\s+LOCK\s+SERVER\s+CREATED/,
    );
    expect(result.out).toMatch(
      new RegExp(
        `pipeline-auth\\s+pipeline\\s+-\\s+working\\s+iteration 4/10, stage ralph\\s+-\\s+4/10 ralph\\s+${process.pid} alive`,
      ),
    );
    expect(result.out).toMatch(
      /asker\s+plain\s+-\s+waiting\s+Question: Overwrite config\.yaml\? \[y\/N\]/,
    );
    const json = SnapshotSchema.parse(JSON.parse((await cli(sandbox, ['list', '--json'])).out));
    expect(json.sessions.find((s) => s.name === 'asker')).toMatchObject({
      status: 'waiting',
      flags: { deadPane: false },
    });
  });

  it('list and status are one-shot: nothing attaches to the servers', async () => {
    await cli(sandbox, ['list']);
    await cli(sandbox, ['status', 'asker']);
    const clients = await sandbox.tmux(['list-clients', '-F', '#{client_name}']);
    expect(clients.trim()).toBe('');
  });

  it('--project-root shows runs known only by their files', async () => {
    const other = join(sandbox.root, 'other');
    await mkdir(join(other, '.claude', 'pipeline-runs', 'nightly'), { recursive: true });
    await writeFile(
      join(other, '.claude', 'pipeline-runs', 'nightly', 'state.json'),
      JSON.stringify({
        status: 'failed',
        error: { type: 'timeout', message: 'iteration 7 took too long' },
      }),
    );
    const without = SnapshotSchema.parse(JSON.parse((await cli(sandbox, ['list', '--json'])).out));
    expect(without.sessions.find((s) => s.pipeline?.runName === 'nightly')).toBeUndefined();
    const result = await cli(sandbox, ['status', 'nightly', '--project-root', other, '--json']);
    expect(JSON.parse(result.out)).toMatchObject({
      status: 'crashed',
      reason: 'pipeline failed: timeout: iteration 7 took too long',
      live: false,
    });
  });
});

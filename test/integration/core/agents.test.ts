/**
 * Fixture agents on a private tmux server: each reaches the status it
 * should, with a reason naming the evidence, and the flags it should have.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { AGENTS, panePid, run, supervise, WAIT_MS, type Supervised } from '../../helpers/supervise';

describe('fixture agents (real tmux, remain-on-exit on the private server)', () => {
  let sandbox: Sandbox;
  let s: Supervised;

  beforeAll(async () => {
    sandbox = await createSandbox();
    await sandbox.tmux([
      'new-session',
      '-d',
      '-s',
      'keeper',
      '--',
      'bash',
      join(AGENTS, 'idle.sh'),
    ]);
    // Our private server only: keep dead panes and their exit status.
    await sandbox.tmux(['set-option', '-g', 'remain-on-exit', 'on']);
    s = await supervise(sandbox);
  });

  afterAll(async () => {
    s.supervisor.dispose();
    await sandbox.cleanup();
  });

  it('an agent that works, then shows a Claude-style permission prompt: working, then waiting', async () => {
    await sandbox.tmux([
      'new-session',
      '-d',
      '-s',
      'claude-like',
      '-x',
      '100',
      '-y',
      '30',
      '--',
      'bash',
      join(AGENTS, 'claude-prompt.sh'),
      '40',
      '0.1',
    ]);
    const working = await s.reach('claude-like', 'working');
    expect(working.reason).toMatch(
      /^(Busy: ✻ Working on step \d+ of the refactor… \(esc to interrupt\)|output in the last few seconds)$/,
    );
    const waiting = await s.reach('claude-like', 'waiting');
    expect(waiting).toMatchObject({
      reason: 'Permission prompt: Bash(rm -rf build)',
      agent: 'claude',
      flags: { staleLock: false, orphan: false, zombie: false, deadPane: false },
    });
    expect(waiting.evidence[0]).toMatchObject({
      rank: 'screen',
      signal: 'screen:claude-permission',
    });
    expect(s.transitions.filter((t) => t.name === 'claude-like').map((t) => t.to)).toContain(
      'working',
    );
  });

  it('an agent that asks y/n: waiting, with the question as reason', async () => {
    await sandbox.tmux([
      'new-session',
      '-d',
      '-s',
      'asks',
      '--',
      'bash',
      join(AGENTS, 'ask-yn.sh'),
    ]);
    const waiting = await s.reach('asks', 'waiting');
    expect(waiting.reason).toBe('Question: Overwrite config.yaml? [y/N]');
    expect(waiting.flags.deadPane).toBe(false);
    // Answering it: the prompt goes, and the session is no longer waiting.
    await sandbox.tmux(['send-keys', '-t', '=asks:', 'y', 'Enter']);
    await eventually(
      () => s.named('asks')?.status !== 'waiting',
      'the answered question to stop waiting',
      WAIT_MS,
    );
  });

  it('an agent that exits 0: done, with the exit status and a dead pane', async () => {
    await sandbox.tmux([
      'new-session',
      '-d',
      '-s',
      'exits-0',
      '--',
      'bash',
      join(AGENTS, 'exit-with.sh'),
      '0',
      '0.5',
    ]);
    const done = await s.reach('exits-0', 'done');
    expect(done.reason).toMatch(/^pane %\d+ exited with status 0$/);
    expect(done.exit).toMatchObject({ status: 0, signal: null });
    expect(done.flags).toEqual({ staleLock: false, orphan: false, zombie: false, deadPane: true });
  });

  it('an agent that exits 3: crashed, with the status in the reason', async () => {
    await sandbox.tmux([
      'new-session',
      '-d',
      '-s',
      'exits-3',
      '--',
      'bash',
      join(AGENTS, 'exit-with.sh'),
      '3',
      '0.5',
    ]);
    const crashed = await s.reach('exits-3', 'crashed');
    expect(crashed.reason).toMatch(/^pane %\d+ exited with status 3$/);
    expect(crashed.exit).toMatchObject({ status: 3, signal: null });
    expect(crashed.flags.deadPane).toBe(true);
  });

  it('an agent killed with SIGKILL: crashed, killed by signal 9', async () => {
    await sandbox.tmux([
      'new-session',
      '-d',
      '-s',
      'killed',
      '--',
      'bash',
      join(AGENTS, 'work-forever.sh'),
      '0.2',
    ]);
    await s.reach('killed', 'working');
    process.kill(await panePid(sandbox, 'killed'), 'SIGKILL');
    const crashed = await s.reach('killed', 'crashed');
    expect(crashed.reason).toMatch(/^pane %\d+ was killed by signal 9$/);
    expect(crashed.exit).toMatchObject({ signal: 9 });
    expect(crashed.flags.deadPane).toBe(true);
  });

  it('a plain session that vanishes: a last transition to unknown, then an ended row', async () => {
    await sandbox.tmux([
      'new-session',
      '-d',
      '-s',
      `gone "soon" $(x)`,
      '--',
      'bash',
      join(AGENTS, 'idle.sh'),
    ]);
    await s.reach(`gone "soon" $(x)`, 'idle');
    await sandbox.tmux(['kill-session', '-t', `=gone "soon" $(x)`]);
    await eventually(
      () => s.named(`gone "soon" $(x)`)?.ended,
      'the killed session to be kept as ended',
      WAIT_MS,
    );
    expect(s.transitions.filter((t) => t.name === `gone "soon" $(x)`).at(-1)).toMatchObject({
      from: 'idle',
      to: 'unknown',
      reason: 'session ended; exit status unknown',
      initial: false,
    });
  });

  it('a quiet agent is idle, a busy one working; transitions after start-up are not initial', async () => {
    await sandbox.tmux([
      'new-session',
      '-d',
      '-s',
      'busy',
      '--',
      'bash',
      join(AGENTS, 'work-forever.sh'),
      '0.3',
    ]);
    expect((await s.reach('busy', 'working')).reason).toBe('output in the last few seconds');
    expect((await s.reach('keeper', 'idle')).reason).toMatch(/^quiet since /);
    expect(s.transitions.find((t) => t.name === 'keeper')?.initial).toBe(true);
    expect(s.transitions.find((t) => t.name === 'busy')?.initial).toBe(false);
  });

  it('unchanged sessions produce no deltas', async () => {
    await s.reach('exits-0', 'done');
    const deltas: string[] = [];
    const listener = (d: { upsert: { name: string }[] }): void => {
      for (const u of d.upsert) deltas.push(u.name);
    };
    s.supervisor.on('delta', listener);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    s.supervisor.off('delta', listener);
    for (const quiet of ['exits-0', 'exits-3', 'killed', 'claude-like'])
      expect(deltas).not.toContain(quiet);
  });

  it('never ran a $() in a session name', async () => {
    await expect(run('test', ['-e', join(sandbox.root, 'x')])).rejects.toBeTruthy();
  });
});

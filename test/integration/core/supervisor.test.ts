import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transition } from '../../../preload/contract';
import { Supervisor } from '../../../main/core/supervisor';
import { ControlClient } from '../../../main/core/tmux/controlClient';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';

describe('Supervisor (real tmux, control mode)', () => {
  let sandbox: Sandbox;
  let supervisor: Supervisor;
  const transitions: Transition[] = [];

  beforeAll(async () => {
    sandbox = await createSandbox();
    await sandbox.tmux(['new-session', '-d', '-s', 'first', '-x', '90', '-y', '20']);
    supervisor = new Supervisor({ env: sandbox.env, pollMs: 200 });
    supervisor.on('transition', (t) => transitions.push(t));
    await supervisor.start();
  });

  afterAll(async () => {
    supervisor.dispose();
    await sandbox.cleanup();
  });

  /** Live sessions' names (an ended session stays as a row of its own, see ended.test.ts). */
  const names = () =>
    supervisor
      .sessions()
      .filter((s) => !s.ended)
      .map((s) => s.name)
      .sort();

  it('sees the sessions present at start-up, marked initial', () => {
    expect(names()).toEqual(['first']);
    expect(transitions[0]).toMatchObject({ name: 'first', from: null, initial: true });
  });

  it('picks up a session created later, and drops one that is killed', async () => {
    await sandbox.tmux(['new-session', '-d', '-s', `la'ter $(x)`]);
    await eventually(() => names().includes(`la'ter $(x)`), 'the new session');
    await sandbox.tmux(['kill-session', '-t', `=la'ter $(x)`]);
    await eventually(() => !names().includes(`la'ter $(x)`), 'the killed session to go');
    const ended = supervisor.sessions().find((s) => s.name === `la'ter $(x)` && s.ended);
    expect(ended?.status).toBe('unknown');
  });

  it('keeps watching after the session its control client attached to is killed', async () => {
    await sandbox.tmux(['new-session', '-d', '-s', 'second']);
    await eventually(() => names().includes('second'), 'second');
    await sandbox.tmux(['kill-session', '-t', '=first']);
    await eventually(() => names().join() === 'second', 'first to go');
    await sandbox.tmux(['new-session', '-d', '-s', 'third']);
    await eventually(() => names().join() === 'second,third', 'third to appear');
    expect(supervisor.servers().find((s) => s.socket === sandbox.socket())?.state).toBe('up');
  });

  it('never resizes the user window (control client is ignore-size)', async () => {
    await sandbox.tmux(['new-session', '-d', '-s', 'sized', '-x', '77', '-y', '19']);
    await eventually(() => names().includes('sized'), 'sized');
    const size = await sandbox.tmux([
      'display-message',
      '-p',
      '-t',
      '=sized:',
      '#{window_width}x#{window_height}',
    ]);
    expect(size.trim()).toBe('77x19');
    const session = supervisor.sessions().find((s) => s.name === 'sized');
    expect(session?.attachedClients).toBe(0);
  });

  it('finds a server that starts after the supervisor', async () => {
    await sandbox.tmux(['new-session', '-d', '-s', 'late-server'], 'late');
    await eventually(() => names().includes('late-server'), 'a session on a new server');
    expect(supervisor.servers().find((s) => s.socket === sandbox.socket('late'))?.origins).toEqual([
      'socketDir',
    ]);
  });

  it('reports a server killed mid-run as down and keeps running', async () => {
    const pid = Number((await sandbox.tmux(['display-message', '-p', '#{pid}'], 'late')).trim());
    process.kill(pid, 'SIGKILL');
    await eventually(
      () => supervisor.servers().find((s) => s.socket === sandbox.socket('late'))?.state === 'down',
      'the killed server to be reported down',
    );
    expect(names()).not.toContain('late-server');
    expect(names()).toContain('second');
  });
});

describe('ControlClient', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox();
    await sandbox.tmux(['new-session', '-d', '-s', 'x']);
  });
  afterAll(async () => sandbox.cleanup());

  it('round-trips arbitrary argument text through tmux quoting', async () => {
    const client = new ControlClient(sandbox.socket());
    await client.ready;
    const samples = [
      `a"b\\c$HOME'd;e ~ é`,
      '$(rm -rf /)',
      '#{session_name}',
      'tab\there',
      '-x',
      '',
    ];
    for (const sample of samples) {
      // display-message -p expands formats; #{l:...} prints its text literally.
      const out = await client.run(['display-message', '-p', '--', `#{l:${sample}}`]);
      expect(out).toBe(`${sample}\n`);
    }
    client.dispose();
  });

  it('rejects a failing command with tmux own message', async () => {
    const client = new ControlClient(sandbox.socket());
    await client.ready;
    await expect(client.run(['kill-session', '-t', '=no-such'])).rejects.toThrow(
      /can't find session/,
    );
    client.dispose();
  });

  it('reports a clear reason when no server listens', async () => {
    const client = new ControlClient(sandbox.socket('nobody'));
    await expect(client.ready).rejects.toThrow(/no tmux server is listening/);
    client.dispose();
  });
});

describe('Supervisor.capturePane', () => {
  let sandbox: Sandbox;
  let supervisor: Supervisor;
  beforeAll(async () => {
    sandbox = await createSandbox();
    await sandbox.tmux(['new-session', '-d', '-s', `peek "me" $(x)`, '-x', '80', '-y', '10']);
    await sandbox.tmux(['send-keys', '-t', `=peek "me" $(x):`, '-l', 'echo hello-from-the-pane']);
    await sandbox.tmux(['send-keys', '-t', `=peek "me" $(x):`, 'Enter']);
    supervisor = new Supervisor({ env: sandbox.env });
    await supervisor.start();
  });
  afterAll(async () => {
    supervisor.dispose();
    await sandbox.cleanup();
  });

  it('reads the last lines of a session screen over the control connection', async () => {
    const id = supervisor.sessions()[0]!.id;
    const text = await eventually(async () => {
      const screen = await supervisor.capturePane(id, 20);
      return screen?.includes('hello-from-the-pane\n') ? screen : null;
    }, 'the echoed text on screen');
    expect(text.split('\n').length).toBeLessThanOrEqual(21);
    expect(await supervisor.capturePane('tmux:nowhere:nothing')).toBeNull();
  });
});

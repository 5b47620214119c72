/**
 * tmux 3.3-3.4 server crash (see main/core/tmux/focusCrash.ts): a client
 * attaching to a session whose active pane is dead, after its program turned
 * focus reporting on, kills the whole server. A plain client proves the
 * crash; Loopwatch's control client and live terminals must not cause it.
 * Each test has its own server, so a crash takes down nothing else.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { focusCrashAffected } from '../../../main/core/tmux/focusCrash';
import { ServerMonitor, UNSAFE_ATTACH_POLL_MS } from '../../../main/core/tmux/serverMonitor';
import { PtyHost } from '../../../main/pty/ptyHost';
import type { TerminalServerMessage } from '../../../preload/contract';
import { recordingPort } from '../../helpers/recordingPort';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';

let sandbox: Sandbox;
let affected = false;
let serial = 0;

beforeAll(async () => {
  sandbox = await createSandbox();
  // The server's own version (what crashes is the server, not the client binary).
  const probe = join(sandbox.root, 'tmux', 'version-probe');
  await sandbox.tmuxAt(probe, ['-f', '/dev/null', 'new-session', '-d', '-s', 'v', 'sleep 300']);
  affected = focusCrashAffected(
    (await sandbox.tmuxAt(probe, ['display-message', '-p', '#{version}'])).trim(),
  );
  await sandbox.tmuxAt(probe, ['kill-server']);
});

afterAll(async () => {
  await sandbox.cleanup();
});

/** What an agent CLI does: print its screen, turn focus reporting on, keep running. */
const AGENT_PROGRAM = "printf 'AGENT-SCREEN-42\\n'; printf '\\033[?1004h'; exec sleep 300";

/** A fresh server of its own for each test. */
function freshSocket(): string {
  serial += 1;
  return join(sandbox.root, 'tmux', `focus-${serial}`);
}

async function newSession(socket: string, name: string, program: string): Promise<void> {
  await sandbox.tmuxAt(socket, ['-f', '/dev/null', 'new-session', '-d', '-s', name, program]);
  // Keep the pane when its program dies, as agent runners do.
  await sandbox.tmuxAt(socket, ['set-option', '-w', '-t', `=${name}:`, 'remain-on-exit', 'on']);
}

async function killAgent(socket: string, name: string): Promise<void> {
  // Focus reporting is on once the program's first bytes are on screen.
  await eventually(
    async () =>
      (await sandbox.tmuxAt(socket, ['capture-pane', '-p', '-t', `=${name}:`])).includes(
        'AGENT-SCREEN-42',
      ),
    'the agent to start',
  );
  const pid = Number(
    await sandbox.tmuxAt(socket, ['display-message', '-p', '-t', `=${name}:`, '#{pane_pid}']),
  );
  process.kill(pid, 'SIGKILL');
  await eventually(
    async () =>
      (
        await sandbox.tmuxAt(socket, ['display-message', '-p', '-t', `=${name}:`, '#{pane_dead}'])
      ).trim() === '1',
    'the pane to be dead',
  );
}

async function serverAlive(socket: string): Promise<boolean> {
  try {
    await sandbox.tmuxAt(socket, ['list-sessions']);
    return true;
  } catch {
    return false;
  }
}

async function clientSessions(socket: string): Promise<string[]> {
  const out = await sandbox.tmuxAt(socket, ['list-clients', '-F', '#{session_name}']);
  return out.split('\n').filter(Boolean);
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(process.platform !== 'win32')('tmux focus crash', () => {
  it('a plain client attaching to a dead focus-reporting pane kills an affected server', async (ctx) => {
    if (!affected) ctx.skip();
    const socket = freshSocket();
    await newSession(socket, 'keep', 'sleep 300');
    await newSession(socket, 'agent', AGENT_PROGRAM);
    await killAgent(socket, 'agent');
    expect(await serverAlive(socket)).toBe(true);
    // stdin held open: the client stays attached long enough for the focus event.
    const client = spawn('tmux', ['-S', socket, '-C', 'attach-session', '-t', '=agent'], {
      env: sandbox.env,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    try {
      await eventually(async () => !(await serverAlive(socket)), 'the server to crash');
    } finally {
      client.kill('SIGKILL');
    }
  });

  it('the supervisor attaches its control client to a session whose active pane is alive', async () => {
    const socket = freshSocket();
    await newSession(socket, 'keep', 'sleep 300');
    // Newest, so tmux would pick it for an attach without a target.
    await newSession(socket, 'agent', AGENT_PROGRAM);
    await killAgent(socket, 'agent');
    const monitor = new ServerMonitor(socket);
    try {
      monitor.start();
      await eventually(
        () =>
          monitor.state === 'up' && monitor.sessions.has('agent') && monitor.sessions.has('keep'),
        'both sessions',
      );
      expect(await serverAlive(socket)).toBe(true);
      if (affected) expect(await clientSessions(socket)).toEqual(['keep']);
    } finally {
      monitor.dispose();
    }
    await wait(300);
    expect(await serverAlive(socket)).toBe(true);
  });

  it('with every active pane dead, it reads the server without attaching, and attaches once one is alive', async (ctx) => {
    if (!affected) ctx.skip();
    const socket = freshSocket();
    await newSession(socket, 'agent', AGENT_PROGRAM);
    await killAgent(socket, 'agent');
    const monitor = new ServerMonitor(socket);
    try {
      monitor.start();
      await eventually(
        () => monitor.state === 'up' && monitor.sessions.get('agent')?.panes[0]?.dead,
        'the dead session reported',
      );
      // Probed again at least once meanwhile: still no client, still a server.
      await wait(UNSAFE_ATTACH_POLL_MS + 500);
      expect(await clientSessions(socket)).toEqual([]);
      expect(await serverAlive(socket)).toBe(true);
      await newSession(socket, 'later', 'sleep 300');
      await eventually(async () => (await clientSessions(socket)).includes('later'), 'an attach');
    } finally {
      monitor.dispose();
    }
    expect(await serverAlive(socket)).toBe(true);
  });

  it('leaves a session whose active pane died under it, so killing that session is safe', async (ctx) => {
    if (!affected) ctx.skip();
    const socket = freshSocket();
    await newSession(socket, 'agent', AGENT_PROGRAM);
    const monitor = new ServerMonitor(socket);
    try {
      monitor.start();
      await eventually(async () => (await clientSessions(socket)).includes('agent'), 'attached');
      await newSession(socket, 'keep', 'sleep 300');
      await killAgent(socket, 'agent');
      await eventually(
        async () => (await clientSessions(socket)).join() === 'keep',
        'the control client to move to the live session',
      );
      await sandbox.tmuxAt(socket, ['kill-session', '-t', '=agent']);
      await wait(300);
      expect(await serverAlive(socket)).toBe(true);
    } finally {
      monitor.dispose();
    }
  });

  for (const client of ['attach', 'panes'] as const) {
    it(`a live terminal (${client}) shows a dead pane's kept screen instead of attaching`, async () => {
      const socket = freshSocket();
      await newSession(socket, 'agent', AGENT_PROGRAM);
      await killAgent(socket, 'agent');
      const host = new PtyHost({ env: sandbox.env, client });
      try {
        const { terminalId } = await host.open({
          socket,
          name: 'agent',
          mode: 'watch',
          cols: 80,
          rows: 24,
        });
        const port = recordingPort({ paneFrames: client === 'panes' });
        host.connect(terminalId, port);
        if (affected) {
          const ended = await eventually(
            () =>
              port.controls.find(
                (c): c is Extract<TerminalServerMessage, { t: 'ended' }> => c.t === 'ended',
              ),
            'the terminal to end',
          );
          expect(ended.end.kind).toBe('deadPane');
          expect(ended.end.message).toMatch(/crashes the whole server/);
          expect(ended.end.screen).toContain('AGENT-SCREEN-42');
          expect(await clientSessions(socket)).toEqual([]);
        } else {
          await eventually(() => port.controls.some((c) => c.t === 'attached'), 'an attach');
        }
        await wait(300);
        expect(await serverAlive(socket)).toBe(true);
      } finally {
        await host.dispose();
      }
    });

    it(`a live terminal (${client}) lets go when its pane dies, so killing the session is safe`, async (ctx) => {
      if (!affected) ctx.skip();
      const socket = freshSocket();
      await newSession(socket, 'keep', 'sleep 300');
      await newSession(socket, 'agent', AGENT_PROGRAM);
      const host = new PtyHost({ env: sandbox.env, client });
      try {
        const { terminalId } = await host.open({
          socket,
          name: 'agent',
          mode: 'watch',
          cols: 80,
          rows: 24,
        });
        const port = recordingPort({ paneFrames: client === 'panes' });
        host.connect(terminalId, port);
        await eventually(async () => (await clientSessions(socket)).includes('agent'), 'attached');
        await killAgent(socket, 'agent');
        const ended = await eventually(
          () =>
            port.controls.find(
              (c): c is Extract<TerminalServerMessage, { t: 'ended' }> => c.t === 'ended',
            ),
          'the terminal to end',
        );
        expect(ended.end.kind).toBe('deadPane');
        expect(ended.end.screen).toContain('AGENT-SCREEN-42');
        await eventually(async () => (await clientSessions(socket)).length === 0, 'detached');
        await sandbox.tmuxAt(socket, ['kill-session', '-t', '=agent']);
        await wait(300);
        expect(await serverAlive(socket)).toBe(true);
      } finally {
        await host.dispose();
      }
    });

    it(`a live terminal (${client}) closed after its pane died leaves the server alive`, async () => {
      const socket = freshSocket();
      await newSession(socket, 'keep', 'sleep 300');
      await newSession(socket, 'agent', AGENT_PROGRAM);
      const host = new PtyHost({ env: sandbox.env, client });
      try {
        const { terminalId } = await host.open({
          socket,
          name: 'agent',
          mode: 'interactive',
          cols: 80,
          rows: 24,
        });
        const port = recordingPort({ paneFrames: client === 'panes' });
        host.connect(terminalId, port);
        await eventually(async () => (await clientSessions(socket)).includes('agent'), 'attached');
        await killAgent(socket, 'agent');
        port.disconnect();
        await eventually(async () => (await clientSessions(socket)).length === 0, 'detached');
        await wait(300);
        expect(await serverAlive(socket)).toBe(true);
      } finally {
        await host.dispose();
      }
    });
  }
});

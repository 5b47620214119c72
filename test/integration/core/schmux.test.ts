/**
 * schmux: sessions on its `-L schmux` server (and on the default server,
 * for older state with an empty tmux_socket), named by its state file,
 * with its agents' signals from WORKSPACE/.schmux/events/ID.jsonl.
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { AGENTS, supervise, WAIT_MS, type Supervised } from '../../helpers/supervise';

const status = (state: string, message: string): string =>
  `${JSON.stringify({ ts: new Date().toISOString(), type: 'status', state, message })}\n`;

describe('schmux sessions (-L schmux server, state file in the sandbox HOME)', () => {
  let sandbox: Sandbox;
  let s: Supervised;
  let workspace: string;
  let events: string;

  beforeAll(async () => {
    sandbox = await createSandbox();
    workspace = join(sandbox.root, 'workspaces', 'myproj-001');
    events = join(workspace, '.schmux', 'events', 'myproj-abc.jsonl');
    await mkdir(workspace, { recursive: true });
    await sandbox.tmux(
      [
        'new-session',
        '-d',
        '-s',
        'schmux-myproj-abc',
        '-c',
        workspace,
        '--',
        'bash',
        join(AGENTS, 'idle.sh'),
        'claude ready',
      ],
      'schmux',
    );
    await sandbox.tmux([
      'new-session',
      '-d',
      '-s',
      'schmux-legacy',
      '--',
      'bash',
      join(AGENTS, 'idle.sh'),
    ]);
    s = await supervise(sandbox);
  });

  afterAll(async () => {
    s.supervisor.dispose();
    await sandbox.cleanup();
  });

  it('picks up the state file when schmux writes it: nickname, workspace, its server', async () => {
    // Before: a session on a -L server, shown as a plain schmux-named session.
    await eventually(() => s.named('schmux-myproj-abc'), 'the schmux session', WAIT_MS);
    await mkdir(join(sandbox.env.HOME!, '.schmux'), { recursive: true });
    await writeFile(
      join(sandbox.env.HOME!, '.schmux', 'state.json'),
      JSON.stringify({
        workspaces: [{ id: 'myproj-001', repo: 'git@x:myproj', branch: 'main', path: workspace }],
        sessions: [
          {
            id: 'myproj-abc',
            workspace_id: 'myproj-001',
            target: 'claude',
            nickname: 'fix login',
            tmux_session: 'schmux-myproj-abc',
            tmux_socket: 'schmux',
            created_at: '2026-11-21T09:00:00Z',
            pid: 1,
            status: 'running',
          },
          {
            id: 'legacy',
            workspace_id: 'none',
            tmux_session: 'schmux-legacy',
            tmux_socket: '',
            status: 'running',
          },
          {
            id: 'gone',
            workspace_id: 'myproj-001',
            nickname: 'old run',
            tmux_session: 'schmux-gone',
            tmux_socket: 'schmux',
            status: 'running',
          },
        ],
      }),
    );
    const session = await eventually(() => s.named('fix login'), 'the nickname', WAIT_MS);
    expect(session).toMatchObject({
      id: `tmux:${sandbox.socket('schmux')}:schmux-myproj-abc`,
      name: 'schmux-myproj-abc',
      displayName: 'fix login',
      source: 'schmux',
      socket: sandbox.socket('schmux'),
      schmux: {
        id: 'myproj-abc',
        workspaceId: 'myproj-001',
        workspacePath: workspace,
        nickname: 'fix login',
        target: 'claude',
        state: 'running',
      },
    });
    // The rescan that adds the origin checks the socket's ownership first: it may land just after.
    await eventually(
      () =>
        s.supervisor
          .servers()
          .find((x) => x.socket === sandbox.socket('schmux'))
          ?.origins.includes('schmux'),
      'the schmux origin',
      WAIT_MS,
    );
    expect(
      s.supervisor.servers().find((x) => x.socket === sandbox.socket('schmux'))?.origins,
    ).toEqual(['socketDir', 'schmux']);
    // Older state: an empty tmux_socket is the default server.
    await eventually(
      () => s.named('schmux-legacy')?.schmux?.id === 'legacy',
      'the legacy session',
      WAIT_MS,
    );
    // Listed but its tmux session is gone: unknown, with why.
    expect(await s.reach('old run', 'unknown')).toMatchObject({
      live: false,
      reason: 'schmux lists it, but tmux session schmux-gone is gone',
    });
  });

  it("follows the agent's own signals by schmux's rule", async () => {
    await mkdir(join(workspace, '.schmux', 'events'), { recursive: true });
    await appendFile(events, status('needs_input', 'May I push to main?'));
    expect(await s.reach('fix login', 'waiting')).toMatchObject({
      reason: 'agent needs input: May I push to main?',
      schmux: { agentState: 'needs_input', agentMessage: 'May I push to main?' },
    });
    // A lower state does not overwrite a blocking one...
    await appendFile(events, status('completed', 'done'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(s.named('fix login')?.status).toBe('waiting');
    // ...but working always wins, and then completion counts.
    await appendFile(events, status('working', ''));
    expect((await s.reach('fix login', 'working')).reason).toBe('agent reports working');
    await appendFile(events, status('completed', 'Implementation complete'));
    expect((await s.reach('fix login', 'done')).reason).toBe(
      'agent reports completed: Implementation complete',
    );
    await appendFile(events, '{"ts": broken line\n');
    await appendFile(events, status('error', 'Build failed'));
    expect((await s.reach('fix login', 'crashed')).reason).toBe(
      'agent reports an error: Build failed',
    );
  });
});

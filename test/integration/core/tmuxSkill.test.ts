/**
 * The tmux skill: private servers reached with `tmux -S SOCKET`, found
 * through its socket directory and its registries (both locations), with
 * the health classes of its pane-health tool.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { AGENTS, supervise, WAIT_MS, type Supervised } from '../../helpers/supervise';

describe('tmux skill sessions (private sockets, both registries)', () => {
  let sandbox: Sandbox;
  let s: Supervised;
  let skillDir: string;
  let skillSocket: string;
  let elsewhere: string;
  let codeRegistry: string;
  let docsRegistry: string;

  const entry = (socket: string, target: string, type: string) => ({
    socket,
    target,
    type,
    created_at: '2026-11-21T09:00:00Z',
    last_active: '2026-11-21T09:30:00Z',
  });

  beforeAll(async () => {
    sandbox = await createSandbox();
    // The skill's default socket dir: ${TMPDIR}/claude-tmux-sockets, socket claude.sock.
    skillDir = join(sandbox.env.TMPDIR!, 'claude-tmux-sockets');
    skillSocket = join(skillDir, 'claude.sock');
    elsewhere = join(sandbox.root, 'elsewhere', 'skill.sock');
    await mkdir(skillDir, { recursive: true });
    await mkdir(join(sandbox.root, 'elsewhere'), { recursive: true });
    await sandbox.tmuxAt(skillSocket, [
      'new-session',
      '-d',
      '-s',
      'calc',
      '-x',
      '80',
      '-y',
      '24',
      '--',
      'bash',
      join(AGENTS, 'fake-repl.sh'),
    ]);
    await sandbox.tmuxAt(skillSocket, ['set-option', '-g', 'remain-on-exit', 'on']);
    await sandbox.tmuxAt(skillSocket, [
      'new-session',
      '-d',
      '-s',
      'crashed-one',
      '--',
      'bash',
      join(AGENTS, 'exit-with.sh'),
      '1',
      '0.3',
    ]);
    await sandbox.tmuxAt(elsewhere, [
      'new-session',
      '-d',
      '-s',
      'shell-1',
      '--',
      'bash',
      join(AGENTS, 'idle.sh'),
    ]);
    // What the skill's code writes: beside its sockets.
    codeRegistry = join(skillDir, '.sessions.json');
    await writeFile(
      codeRegistry,
      JSON.stringify({
        version: '1.0',
        sessions: {
          calc: entry(skillSocket, 'calc:0.0', 'python-repl'),
          'crashed-one': entry(skillSocket, 'crashed-one:0.0', 'shell'),
          gone: entry(skillSocket, 'gone:0.0', 'shell'),
        },
      }),
    );
    // What its docs say: ~/.local/state/claude-tmux/.sessions.json, naming a socket in no socket dir.
    docsRegistry = join(sandbox.env.HOME!, '.local', 'state', 'claude-tmux', '.sessions.json');
    await mkdir(join(sandbox.env.HOME!, '.local', 'state', 'claude-tmux'), { recursive: true });
    await writeFile(
      docsRegistry,
      JSON.stringify({
        version: '1.0',
        sessions: {
          'shell-1': entry(elsewhere, 'shell-1:0.0', 'shell'),
          'no-server': entry(join(sandbox.root, 'nobody.sock'), 'no-server:0.0', 'shell'),
          broken: { target: 'x' },
        },
      }),
    );
    s = await supervise(sandbox);
  });

  afterAll(async () => {
    s.supervisor.dispose();
    await sandbox.cleanup();
  });

  it('a live REPL in the skill socket dir, registered beside its socket: healthy, idle at >>>', async () => {
    const calc = await s.reach('calc', 'idle');
    expect(calc).toMatchObject({
      id: `tmux:${skillSocket}:calc`,
      source: 'tmuxSkill',
      socket: skillSocket,
      reason: 'Python REPL prompt (>>>)',
      agent: 'python',
      tmuxSkill: {
        registry: codeRegistry,
        type: 'python-repl',
        health: 'healthy',
        lastActive: '2026-11-21T09:30:00Z',
      },
      flags: { deadPane: false },
    });
    expect(s.supervisor.servers().find((x) => x.socket === skillSocket)?.origins).toEqual([
      'tmuxSkill',
    ]);
  });

  it('a session on a socket only the docs registry names is found, through that registry', async () => {
    const shell = await s.reach('shell-1', 'idle');
    expect(shell).toMatchObject({
      socket: elsewhere,
      tmuxSkill: { registry: docsRegistry, health: 'healthy' },
    });
    expect(s.supervisor.servers().find((x) => x.socket === elsewhere)).toMatchObject({
      state: 'up',
      origins: ['tmuxSkill'],
    });
  });

  it('health classes: dead, missing, server down; each with its reason and no claim beyond the evidence', async () => {
    const dead = await s.reach('crashed-one', 'crashed');
    expect(dead).toMatchObject({ tmuxSkill: { health: 'dead' }, flags: { deadPane: true } });
    expect(dead.reason).toMatch(/^pane %\d+ exited with status 1$/);
    expect(await s.reach('gone', 'unknown')).toMatchObject({
      live: false,
      socket: null,
      reason: `registered in ${codeRegistry}, but its session is missing`,
      tmuxSkill: { health: 'missing' },
    });
    expect(await s.reach('no-server', 'unknown')).toMatchObject({
      reason: `registered in ${docsRegistry}, but its tmux server is not running`,
      tmuxSkill: { health: 'serverDown' },
    });
    expect(s.supervisor.servers().find((x) => x.socket.endsWith('nobody.sock'))).toMatchObject({
      state: 'down',
      error: expect.stringMatching(/no tmux server is listening/),
    });
    // The malformed entry is skipped; the others count.
    expect(s.named('broken')).toBeUndefined();
  });

  it('follows registry changes (the skill rewrites it) and a malformed registry keeps the supervisor running', async () => {
    await writeFile(codeRegistry, '{"version": "1.0", "sessions": {"calc": ');
    await eventually(() => !s.named('gone'), 'entries of the broken registry to go', WAIT_MS);
    // The tmux session itself is still there, as a session of the skill's socket dir.
    expect(s.named('calc')).toMatchObject({ source: 'tmuxSkill', tmuxSkill: null, status: 'idle' });
    await writeFile(
      codeRegistry,
      JSON.stringify({
        version: '1.0',
        sessions: { calc: entry(skillSocket, 'calc:0.0', 'python-repl') },
      }),
    );
    await eventually(
      () => s.named('calc')?.tmuxSkill?.health === 'healthy',
      'the fixed registry',
      WAIT_MS,
    );
  });
});

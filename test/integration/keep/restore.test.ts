/**
 * Restore after kill-server, on real tmux: the supervisor records agent
 * sessions (session id from a hook, from Claude Code's transcripts, or
 * none); after the server is killed, `loopwatch restore` shows the plan,
 * recreates the sessions with their windows and directories, runs each
 * agent's resume command (stand-in agents record their argv), runs the
 * original command where no id is known, and refuses to replace a session
 * that exists.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopwatchConfigDir } from '../../../main/core/paths';
import { claudeProjectDirName } from '../../../main/core/restore/agentIds';
import { cli } from '../../helpers/fakeProject';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { FIXTURES, supervise, WAIT_MS } from '../../helpers/supervise';

const TSX = join(import.meta.dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx');
const HOOK = join(FIXTURES, 'loopwatch-hook.ts');

/** A stand-in agent: appends its arguments to ARGV_DIR/NAME.argv, then waits as `NAME` (argv[0]). */
const STAND_IN = `#!/bin/bash
name=$(basename "$0")
printf '[%s]' "$@" >> "$LW_ARGV_DIR/$name.argv"
echo >> "$LW_ARGV_DIR/$name.argv"
exec -a "$name" sleep 600
`;

function sendHook(env: NodeJS.ProcessEnv, event: object): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(TSX, [HOOK], { env, stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('exit', (code) => resolve(code));
    child.stdin.end(JSON.stringify(event));
  });
}

describe('restore after kill-server (real tmux, stand-in agents)', () => {
  let sandbox: Sandbox;
  let argvDir: string;
  const dirs: Record<string, string> = {};

  beforeAll(async () => {
    sandbox = await createSandbox();
    const bin = join(sandbox.root, 'bin');
    argvDir = join(sandbox.root, 'argv');
    await mkdir(bin, { recursive: true });
    await mkdir(argvDir, { recursive: true });
    for (const agent of ['claude', 'codex']) {
      await writeFile(join(bin, agent), STAND_IN);
      await chmod(join(bin, agent), 0o755);
    }
    sandbox.env.PATH = `${bin}:${sandbox.env.PATH ?? ''}`;
    sandbox.env.LW_ARGV_DIR = argvDir;
    for (const name of ['api', "it's tx", 'cx']) {
      dirs[name] = join(sandbox.root, 'projects', name.replace(/\W/g, '-'));
      await mkdir(dirs[name], { recursive: true });
    }
  });

  afterAll(async () => {
    await sandbox.cleanup();
  });

  const argvOf = async (agent: string): Promise<string[]> =>
    (await readFile(join(argvDir, `${agent}.argv`), 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean);

  it('records agent sessions, then brings them back with their resume commands', async () => {
    const socket = sandbox.socket('work');
    const s = await supervise(sandbox);
    const recordsDir = join(loopwatchConfigDir(sandbox.env), 'restore');
    try {
      await sandbox.tmux(
        ['new-session', '-d', '-s', 'api', '-n', 'agent', '-c', dirs.api!, 'claude'],
        'work',
      );
      // Claude Code without hooks: its transcript names the session.
      const transcripts = join(
        sandbox.env.HOME!,
        '.claude',
        'projects',
        claudeProjectDirName(dirs["it's tx"]!),
      );
      await mkdir(transcripts, { recursive: true });
      await writeFile(join(transcripts, '0b1c2d3e-aaaa-bbbb-cccc-123456789abc.jsonl'), '{}\n');
      await sandbox.tmux(
        ['new-session', '-d', '-s', "it's tx", '-c', dirs["it's tx"]!, 'claude'],
        'work',
      );
      // Codex with no id known, and a second window with a plain shell.
      await sandbox.tmux(
        ['new-session', '-d', '-s', 'cx', '-n', 'main', '-c', dirs.cx!, 'codex'],
        'work',
      );
      await sandbox.tmux(
        ['new-window', '-d', '-t', '=cx:', '-n', 'notes #1 $(x)', '-c', dirs.cx!],
        'work',
      );
      const pane = (
        await sandbox.tmux(['display-message', '-p', '-t', '=api:', '#{pane_id} #{pid}'], 'work')
      )
        .trim()
        .split(' ');
      await eventually(() => s.named('api')?.live, 'api seen', WAIT_MS);
      expect(
        await sendHook(
          {
            ...sandbox.env,
            TMUX: `${socket},${pane[1]},0`,
            TMUX_PANE: pane[0],
            LOOPWATCH_HOOK: 'claude',
          },
          {
            hook_event_name: 'SessionStart',
            session_id: '5e55-api-1111',
            cwd: dirs.api,
            source: 'startup',
          },
        ),
      ).toBe(0);
      await eventually(
        async () => {
          await s.supervisor.settled();
          const files = (await readdir(recordsDir).catch(() => [])).filter((n) =>
            n.endsWith('.json'),
          );
          if (files.length !== 3) return false;
          const texts = await Promise.all(files.map((f) => readFile(join(recordsDir, f), 'utf8')));
          return texts.some((t) => t.includes('5e55-api-1111'));
        },
        'three restore records, api with its hook id',
        WAIT_MS,
      );
      expect(await argvOf('claude')).toEqual(['[]', '[]']);
      await sandbox.tmux(['kill-server'], 'work');
      await eventually(
        () => s.find((x) => x.name === 'cx' && x.ended != null),
        'cx ended',
        WAIT_MS,
      );
      await s.supervisor.settled();
    } finally {
      s.supervisor.dispose();
    }
    // The server is gone: its records stay.
    expect((await readdir(recordsDir)).filter((n) => n.endsWith('.json'))).toHaveLength(3);

    const dry = await cli(sandbox, ['restore', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('runs: claude --resume 5e55-api-1111');
    expect(dry.out).toContain('runs: claude --resume 0b1c2d3e-aaaa-bbbb-cccc-123456789abc');
    expect(dry.out).toMatch(/cx on .* \(2 window\(s\)/);
    expect(dry.out).toContain('no codex session id is known: the original command runs');
    expect(await argvOf('claude')).toEqual(['[]', '[]']);

    // Someone made a session of one of those names meanwhile: it is refused, never replaced.
    await sandbox.tmux(['new-session', '-d', '-s', "it's tx", 'sleep 600'], 'work');
    const restored = await cli(sandbox, ['restore', '--yes', 'api', "it's tx", 'cx']);
    expect(restored.out).toMatch(/skipped: it's tx: tmux session it's tx already exists/);
    expect(restored.out).toMatch(/done: api:/);
    expect(restored.out).toMatch(/done: cx:/);
    expect(restored.code).toBe(1);

    await eventually(
      async () => (await argvOf('claude')).length === 3,
      'the resumed claude',
      WAIT_MS,
    );
    expect((await argvOf('claude'))[2]).toBe('[--resume][5e55-api-1111]');
    await eventually(
      async () => (await argvOf('codex')).length === 2,
      'codex started again',
      WAIT_MS,
    );
    expect((await argvOf('codex'))[1]).toBe('[]');
    const tx = await sandbox.tmux(
      ['list-panes', '-t', "=it's tx:", '-F', '#{pane_current_command}'],
      'work',
    );
    expect(tx.trim()).toBe('sleep');
    const windows = await sandbox.tmux(
      ['list-windows', '-t', '=cx:', '-F', '#{window_name}|#{pane_current_path}'],
      'work',
    );
    expect(windows.trim().split('\n')).toEqual([`main|${dirs.cx}`, `notes #1 $(x)|${dirs.cx}`]);
    const api = await sandbox.tmux(
      ['list-windows', '-t', '=api:', '-F', '#{window_name}|#{pane_current_path}'],
      'work',
    );
    expect(api.trim()).toBe(`agent|${dirs.api}`);
  });

  it('forgets a session that ended by itself while its server stayed up', async () => {
    const s = await supervise(sandbox);
    const recordsDir = join(loopwatchConfigDir(sandbox.env), 'restore');
    const count = async (): Promise<number> =>
      (await readdir(recordsDir).catch(() => [])).filter((n) => n.endsWith('.json')).length;
    try {
      const before = await count();
      await sandbox.tmux(['new-session', '-d', '-s', 'keeper', 'sleep 600'], 'solo');
      await sandbox.tmux(['new-session', '-d', '-s', 'done-by-itself', 'codex'], 'solo');
      await eventually(
        async () => {
          await s.supervisor.settled();
          return (await count()) === before + 1;
        },
        'its record',
        WAIT_MS,
      );
      await sandbox.tmux(['kill-session', '-t', '=done-by-itself'], 'solo');
      await eventually(
        async () => {
          await s.supervisor.settled();
          return (await count()) === before;
        },
        'its record to go',
        WAIT_MS,
      );
    } finally {
      s.supervisor.dispose();
    }
  });
});

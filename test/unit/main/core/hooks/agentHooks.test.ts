/**
 * `loopwatch hooks install codex|gemini`: the agents' own hook files, with
 * the Claude installer's safety (the user's entries kept, a backup, a mark,
 * uninstall removes exactly ours), and what their events say.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CODEX_HOOKS, GEMINI_HOOKS } from '../../../../../main/core/hooks/agentHooks';
import {
  hookCommand,
  hooksStatus,
  installHooks,
  uninstallHooks,
} from '../../../../../main/core/hooks/claudeSettings';
import type { HookTarget } from '../../../../../main/core/hooks/hookLauncher';
import { hookVerdict, type HookMessage } from '../../../../../main/core/sources/hooks/hookEvent';

const message = (kind: HookMessage['kind'], event: object): HookMessage => ({
  v: 1,
  kind,
  event,
  tmux: null,
  tmuxPane: null,
  cwd: '/p',
  at: 1_000,
});

describe('Codex and Gemini hook installers', () => {
  let home: string;
  let env: Record<string, string>;
  const target: HookTarget = { launcher: '/opt/lw/bin/loopwatch-hook' };

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'lw-agent-hooks-'));
    env = { HOME: home };
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it("Gemini: its own event names and ms timeouts in ~/.gemini/settings.json, the user's keys kept", async () => {
    const path = join(home, '.gemini', 'settings.json');
    await mkdir(join(home, '.gemini'));
    const mine = {
      theme: 'Dracula',
      hooks: {
        BeforeTool: [{ matcher: 'write_file', hooks: [{ type: 'command', command: 'check.sh' }] }],
      },
    };
    const original = `${JSON.stringify(mine, null, 2)}\n`;
    await writeFile(path, original);
    const change = await installHooks(GEMINI_HOOKS, env, target);
    expect(change.changed).toBe(true);
    expect(change.backup).toMatch(/settings\.json\.bak-/);
    const written = JSON.parse(await readFile(path, 'utf8')) as {
      theme: string;
      hooks: Record<string, { hooks: { command: string; timeout: number }[] }[]>;
    };
    expect(written.theme).toBe('Dracula');
    expect(Object.keys(written.hooks).sort()).toEqual([
      'AfterAgent',
      'BeforeAgent',
      'BeforeTool',
      'Notification',
      'SessionEnd',
      'SessionStart',
    ]);
    const ours = written.hooks.AfterAgent![0]!.hooks[0]!;
    expect(ours).toEqual({
      type: 'command',
      command: "LOOPWATCH_HOOK=gemini '/opt/lw/bin/loopwatch-hook' --agent gemini",
      timeout: 10_000,
    });
    expect(written.hooks).not.toHaveProperty('Stop');
    expect((await hooksStatus(GEMINI_HOOKS, env, target)).installed).toBe('all');
    expect((await installHooks(GEMINI_HOOKS, env, target)).changed).toBe(false);
    await uninstallHooks(GEMINI_HOOKS, env, target);
    expect(await readFile(path, 'utf8')).toBe(original);
  });

  it('Codex: ~/.codex/hooks.json created, marked, and removed exactly', async () => {
    const change = await installHooks(CODEX_HOOKS, env, target);
    expect(change.message).toMatch(/hooks\.json.*trust them/);
    const path = join(home, '.codex', 'hooks.json');
    const written = JSON.parse(await readFile(path, 'utf8')) as {
      hooks: Record<string, { hooks: { command: string; timeout: number }[] }[]>;
    };
    expect(Object.keys(written.hooks)).toEqual([
      'SessionStart',
      'UserPromptSubmit',
      'PermissionRequest',
      'Stop',
    ]);
    expect(written.hooks.Stop![0]!.hooks[0]).toEqual({
      type: 'command',
      command: hookCommand(target, CODEX_HOOKS),
      timeout: 10,
    });
    expect(hookCommand(target, CODEX_HOOKS)).toBe(
      "LOOPWATCH_HOOK=codex '/opt/lw/bin/loopwatch-hook' --agent codex",
    );
    await uninstallHooks(CODEX_HOOKS, env, target);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({});
    expect((await readdir(join(home, '.codex'))).some((f) => f.startsWith('hooks.json.bak-'))).toBe(
      true,
    );
  });

  it('refuses a file it cannot keep, and changes nothing', async () => {
    await mkdir(join(home, '.gemini'));
    await writeFile(join(home, '.gemini', 'settings.json'), '{ // mine\n}');
    await expect(installHooks(GEMINI_HOOKS, env, target)).rejects.toThrow(/comments/);
    expect(await readFile(join(home, '.gemini', 'settings.json'), 'utf8')).toBe('{ // mine\n}');
  });
});

describe('what Codex and Gemini hook events say', () => {
  it('Gemini: ToolPermission waits; BeforeAgent works; AfterAgent ends the turn', () => {
    expect(
      hookVerdict(
        message('gemini', {
          hook_event_name: 'Notification',
          notification_type: 'ToolPermission',
          message: 'Allow execution of [Shell]?',
        }),
      ),
    ).toMatchObject({
      agent: 'gemini',
      signal: {
        rank: 'agent',
        status: 'waiting',
        signal: 'gemini:Notification:ToolPermission',
        detail: 'Gemini permission prompt: Allow execution of [Shell]?',
      },
    });
    expect(hookVerdict(message('gemini', { hook_event_name: 'BeforeAgent' }))?.signal.status).toBe(
      'working',
    );
    expect(hookVerdict(message('gemini', { hook_event_name: 'AfterAgent' }))?.signal).toMatchObject(
      {
        status: 'idle',
        detail: 'Gemini CLI finished its turn',
      },
    );
    // Claude's names mean nothing to Gemini.
    expect(hookVerdict(message('gemini', { hook_event_name: 'Stop' }))).toBeNull();
  });

  it("Codex: hooks.json events in Claude's shape, and the notify form still", () => {
    expect(
      hookVerdict(
        message('codex', {
          hook_event_name: 'PermissionRequest',
          tool_name: 'Bash',
          tool_input: { command: 'git push --force' },
        }),
      ),
    ).toMatchObject({
      agent: 'codex',
      signal: { status: 'waiting', detail: 'Permission prompt: Bash(git push --force)' },
    });
    expect(hookVerdict(message('codex', { hook_event_name: 'Stop' }))?.signal.detail).toBe(
      'Codex finished its turn',
    );
    expect(hookVerdict(message('codex', { type: 'agent-turn-complete' }))?.signal.status).toBe(
      'idle',
    );
  });
});

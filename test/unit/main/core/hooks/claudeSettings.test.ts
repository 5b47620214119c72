import { execFile } from 'node:child_process';
import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  claudeHooksStatus,
  claudeSettingsPath,
  CLAUDE_HOOK_EVENTS,
  hasJsonComments,
  hookCommand,
  installClaudeHooks,
  uninstallClaudeHooks,
} from '../../../../../main/core/hooks/claudeSettings';
import type { HookTarget } from '../../../../../main/core/hooks/hookLauncher';

/** A user's settings with hooks of their own and other keys, as Claude Code writes them. */
const USER_SETTINGS = {
  $schema: 'https://json.schemastore.org/claude-code-settings.json',
  model: 'opus',
  permissions: { allow: ['Bash(npm test)'], deny: [] },
  hooks: {
    Notification: [
      {
        matcher: 'permission_prompt',
        hooks: [{ type: 'command', command: 'notify-send "Claude asks"' }],
      },
    ],
    PreToolUse: [
      { matcher: 'Bash', hooks: [{ type: 'command', command: '~/bin/check.sh', timeout: 30 }] },
    ],
    Stop: [{ hooks: [{ type: 'command', command: 'afplay /System/Library/Sounds/Glass.aiff' }] }],
  },
  env: { FOO: 'bar' },
};

describe('Claude Code hooks installer', () => {
  let home: string;
  let env: Record<string, string>;
  let target: HookTarget;
  let settings: string;

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'lw-hooks-'));
    env = { HOME: home };
    settings = claudeSettingsPath(env);
    // Paths with everything a shell would misread.
    const odd = join(home, `it's a "dir" $(touch pwned) \`x\``);
    await mkdir(odd, { recursive: true });
    target = { launcher: join(odd, 'loopwatch-hook') };
  });

  afterEach(async () => {
    await chmod(home, 0o755).catch(() => undefined);
    await rm(home, { recursive: true, force: true });
  });

  async function backups(): Promise<string[]> {
    return (await readdir(join(home, '.claude'))).filter((f) => f.startsWith('settings.json.bak-'));
  }

  it('creates the settings file when there is none, with every event', async () => {
    const change = await installClaudeHooks(env, target);
    expect(change).toMatchObject({ changed: true, backup: null });
    const written = JSON.parse(await readFile(settings, 'utf8')) as {
      hooks: Record<string, unknown[]>;
    };
    expect(Object.keys(written.hooks)).toEqual([
      'Notification',
      'PermissionRequest',
      'Stop',
      'SessionStart',
      'UserPromptSubmit',
      'SessionEnd',
    ]);
    expect(written.hooks.Notification).toEqual(
      ['permission_prompt', 'idle_prompt', 'elicitation_dialog'].map((matcher) => ({
        matcher,
        hooks: [{ type: 'command', command: hookCommand(target), timeout: 10 }],
      })),
    );
    expect(written.hooks.Stop).toEqual([
      { hooks: [{ type: 'command', command: hookCommand(target), timeout: 10 }] },
    ]);
    const status = await claudeHooksStatus(env, target);
    expect(status.installed).toBe('all');
    expect(status.events).toHaveLength(CLAUDE_HOOK_EVENTS.length);
    expect(status.events.every((e) => e.installed && e.current)).toBe(true);
  });

  it("keeps the user's hooks and keys, backs up first, is idempotent, and uninstall restores the file byte for byte", async () => {
    await mkdir(join(home, '.claude'));
    const original = `${JSON.stringify(USER_SETTINGS, null, 2)}\n`;
    await writeFile(settings, original);
    const first = await installClaudeHooks(env, target);
    expect(first.changed).toBe(true);
    expect(await readFile(first.backup!, 'utf8')).toBe(original);
    const installed = JSON.parse(await readFile(settings, 'utf8')) as typeof USER_SETTINGS & {
      hooks: Record<string, { matcher?: string; hooks: { command: string }[] }[]>;
    };
    // Everything the user had is there, unchanged, in its place.
    const { hooks: userHooks, ...userRest } = USER_SETTINGS;
    const { hooks: allHooks, ...rest } = installed;
    expect(rest).toEqual(userRest);
    expect(Object.keys(installed)).toEqual(Object.keys(USER_SETTINGS));
    for (const [event, groups] of Object.entries(userHooks)) {
      expect(allHooks[event]!.slice(0, groups.length)).toEqual(groups);
    }
    expect(allHooks.PreToolUse).toEqual(userHooks.PreToolUse);
    // Installing again changes nothing and makes no second backup.
    const second = await installClaudeHooks(env, target);
    expect(second).toMatchObject({ changed: false, backup: null });
    expect(await backups()).toHaveLength(1);
    const removed = await uninstallClaudeHooks(env, target);
    expect(removed.changed).toBe(true);
    expect(await readFile(settings, 'utf8')).toBe(original);
    expect(removed.status.installed).toBe('none');
  });

  it('restores other layouts byte for byte too: tabs, 4 spaces, one line, no final newline', async () => {
    await mkdir(join(home, '.claude'));
    for (const text of [
      `${JSON.stringify(USER_SETTINGS, null, '\t')}\n`,
      JSON.stringify(USER_SETTINGS, null, 4),
      JSON.stringify({ model: 'sonnet' }),
      '{}\n',
    ]) {
      await writeFile(settings, text);
      await installClaudeHooks(env, target);
      expect(await readFile(settings, 'utf8')).not.toBe(text);
      await uninstallClaudeHooks(env, target);
      expect(await readFile(settings, 'utf8')).toBe(text);
    }
  });

  it('replaces entries that point at an older Loopwatch, and says so in status', async () => {
    const old: HookTarget = { launcher: '/opt/old/loopwatch-hook' };
    await installClaudeHooks(env, old);
    const status = await claudeHooksStatus(env, target);
    expect(status.events.every((e) => e.installed && !e.current)).toBe(true);
    await installClaudeHooks(env, target);
    const text = await readFile(settings, 'utf8');
    expect(text).not.toContain('/opt/old/');
    expect((await claudeHooksStatus(env, target)).installed).toBe('all');
  });

  it('refuses a file with comments or invalid JSON, and writes nothing', async () => {
    await mkdir(join(home, '.claude'));
    const cases: [string, RegExp][] = [
      ['{\n  // my model\n  "model": "opus"\n}\n', /has comments/],
      ['{ "model": "opus", }', /is not valid JSON/],
      ['[1, 2]', /is not a JSON object/],
      ['{"hooks": []}', /"hooks" in .* is not an object/],
      ['{"hooks": {"Stop": {}}}', /"hooks.Stop" in .* is not a list/],
      ['', /is empty/],
    ];
    for (const [text, error] of cases) {
      await writeFile(settings, text);
      await expect(installClaudeHooks(env, target)).rejects.toThrow(error);
      await expect(uninstallClaudeHooks(env, target)).rejects.toThrow(/nothing was changed/);
      expect(await readFile(settings, 'utf8')).toBe(text);
      expect((await claudeHooksStatus(env, target)).fileState).toBe('invalid');
    }
    expect(await backups()).toEqual([]);
  });

  it('tells comments from slashes inside strings', () => {
    expect(hasJsonComments('{"url": "https://x.y/z", "p": "/* no */"}')).toBe(false);
    expect(hasJsonComments('{"a": 1 /* yes */}')).toBe(true);
    expect(hasJsonComments('{"a": "\\"//"} // yes')).toBe(true);
  });

  it('writes through a symlinked settings file and keeps the link', async () => {
    const dotfiles = join(home, 'dotfiles');
    await mkdir(dotfiles);
    await mkdir(join(home, '.claude'));
    await writeFile(join(dotfiles, 'claude-settings.json'), '{}\n');
    await symlink(join(dotfiles, 'claude-settings.json'), settings);
    await installClaudeHooks(env, target);
    expect(await readlink(settings)).toBe(join(dotfiles, 'claude-settings.json'));
    expect(await readFile(join(dotfiles, 'claude-settings.json'), 'utf8')).toContain(
      'LOOPWATCH_HOOK=claude',
    );
  });

  it('says clearly when the folder is not writable, and loses nothing', async () => {
    await mkdir(join(home, '.claude'));
    await writeFile(settings, '{}\n');
    // A file where the temp file would go cannot be arranged portably for root;
    // a settings path whose folder is a file can.
    const blocked = { HOME: join(home, 'not-a-dir') };
    await writeFile(join(home, 'not-a-dir'), 'x');
    await expect(installClaudeHooks(blocked, target)).rejects.toThrow(
      /cannot write .*settings\.json|not a directory|no permission/,
    );
    expect(await readFile(settings, 'utf8')).toBe('{}\n');
  });

  it('the command runs through a shell with its odd paths intact and nothing injected', async () => {
    // A stand-in for the hook launcher that reports what it got.
    await writeFile(
      target.launcher,
      `#!${process.execPath}\n` +
        "process.stdin.setEncoding('utf8'); let s = ''; process.stdin.on('data', (d) => (s += d));" +
        "process.stdin.on('end', () => process.stdout.write(JSON.stringify({ argv: process.argv.slice(2), mark: process.env.LOOPWATCH_HOOK, stdin: s })));",
      { mode: 0o755 },
    );
    const command = hookCommand(target);
    const result = await new Promise<string>((resolve, reject) => {
      // Claude runs a hook's command with a shell; so does this test.
      const child = execFile('sh', ['-c', command], { cwd: home }, (error, stdout) => {
        if (error) reject(new Error(error.message));
        else resolve(stdout);
      });
      child.stdin!.end('{"hook_event_name":"Stop","session_id":"s1"}');
    });
    expect(JSON.parse(result)).toEqual({
      argv: [],
      mark: 'claude',
      stdin: '{"hook_event_name":"Stop","session_id":"s1"}',
    });
    await expect(readFile(join(home, 'pwned'))).rejects.toThrow();
  });
});

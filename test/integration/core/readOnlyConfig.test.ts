/**
 * The config directory cannot be written (issue 19's fault suite): the
 * settings, session marks, ended-session records and logging records in it
 * cannot be saved. Each write fails with a clear message where the user
 * sees it (the CLI's exit and stderr, the settings call, the supervisor's
 * sources), what was on disk is left byte for byte, and the supervisor goes
 * on watching. Tests run as root, which a mode of 0555 does not stop, so the
 * directory is made immutable (`chattr +i`) and made mutable again after.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionMarksStore } from '../../../main/api/dashboard/sessionMarks';
import { loopwatchConfigDir } from '../../../main/core/paths';
import { openJsonSettings } from '../../../main/shell/settings/settingsStore';
import { cli } from '../../helpers/fakeProject';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { supervise, type Supervised } from '../../helpers/supervise';

const run = promisify(execFile);

let sandbox: Sandbox;
let s: Supervised;
let configDir: string;
let locked = false;

async function chattr(flag: '+i' | '-i'): Promise<void> {
  await run('chattr', ['-R', flag, configDir]);
  locked = flag === '+i';
}

/** Every file under the config dir, with its bytes. */
async function contents(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true })) {
    const path = join(dir, entry);
    if ((await stat(path)).isFile()) out.set(entry, await readFile(path, 'latin1'));
  }
  return out;
}

beforeAll(async () => {
  sandbox = await createSandbox();
  configDir = loopwatchConfigDir(sandbox.env);
  await sandbox.tmux(['new-session', '-d', '-s', 'before', 'sleep 300']);
  await sandbox.tmux(['new-session', '-d', '-s', 'ends-before', 'sleep 300']);
  s = await supervise(sandbox, { hooks: false, warn: () => {} });
  // Something in every file kind before the directory is locked.
  const settings = await openJsonSettings(join(configDir, 'settings.json'), () => {});
  await settings.update({ theme: 'dark' });
  expect((await cli(sandbox, ['nick', 'before', 'first nickname'])).code).toBe(0);
  expect((await cli(sandbox, ['log', 'on', 'before'])).code).toBe(0);
  await s.reach('ends-before', 'idle').catch(() => s.named('ends-before'));
  await sandbox.tmux(['kill-session', '-t', '=ends-before']);
  await eventually(
    async () => (await contents(configDir)).size >= 4 || null,
    'settings, marks, a logging record and an ended record on disk',
  );
});

afterAll(async () => {
  // Never leave an immutable directory behind: nothing could remove it.
  if (locked) await chattr('-i');
  s.supervisor.dispose();
  await sandbox.cleanup();
});

describe('a config directory that cannot be written', () => {
  it('says so for each write, loses nothing, and the supervisor keeps watching', async () => {
    const before = await contents(configDir);
    expect([...before.keys()].some((k) => k.startsWith('ended/'))).toBe(true);
    await chattr('+i');

    // Settings: the call fails with where and why; the settings in force are unchanged.
    const settings = await openJsonSettings(join(configDir, 'settings.json'), () => {});
    await expect(settings.update({ theme: 'light' })).rejects.toThrow(
      /settings could not be saved to .*settings\.json \(nothing changed\)/,
    );
    expect(settings.state().settings.theme).toBe('dark');

    // Marks: nick says it could not save (it used to print success).
    const nick = await cli(sandbox, ['nick', 'before', 'second nickname']);
    expect(nick.code).toBe(1);
    expect(nick.err).toMatch(/could not save the session marks/);
    const marks = new SessionMarksStore(configDir);
    expect((await marks.get()).marks.map((m) => m.nickname)).toContain('first nickname');
    await marks.dispose();

    // Logging records: off cannot be recorded; on for another session is refused and leaves no pipe.
    await sandbox.tmux(['new-session', '-d', '-s', 'during', 'sleep 300']);
    const on = await cli(sandbox, ['log', 'on', 'during']);
    expect(on.code).toBe(1);
    expect(on.err).toMatch(/logging of during not switched on: its record could not be saved/);
    const piped = await sandbox.tmux(['display-message', '-p', '-t', '=during:', '#{pane_pipe}']);
    expect(piped.trim()).toBe('0');

    // Ended records: a session that ends is still shown ended, and the failed save is a source problem.
    await eventually(() => s.named('during')?.live || null, 'the supervisor to see a new session');
    await sandbox.tmux(['kill-session', '-t', '=during']);
    const problem = await eventually(
      () => s.supervisor.snapshot().sources?.find((x) => x.source === 'ended sessions') ?? null,
      'the failed ended-record save among the sources',
    );
    expect(problem.message).toMatch(/ended session during could not be saved/);
    expect(s.named('during')?.live).toBe(false);

    // Still watching: a session made now appears.
    await sandbox.tmux(['new-session', '-d', '-s', 'after', 'sleep 300']);
    await eventually(() => s.named('after')?.live || null, 'a session made after the failures');

    await chattr('-i');
    expect(await contents(configDir)).toEqual(before);
  });
});

import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AUTOSTART_FILE,
  autostartDir,
  autostartEnabled,
  desktopExecLine,
  setAutostart,
} from '../../../../main/shell/autostart';

/**
 * Reads an Exec value back as the Desktop Entry spec says a launcher does:
 * undo the string escapes, split on unquoted spaces, undo the escapes
 * inside quotes, then turn %% into %. Written from the spec, not from the
 * encoder, so the round trip checks the encoder.
 */
function parseExec(value: string): string[] {
  let unescaped = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c !== '\\') {
      unescaped += c;
      continue;
    }
    const next = value[++i];
    unescaped += { s: ' ', n: '\n', t: '\t', r: '\r', '\\': '\\' }[next!] ?? `\\${next}`;
  }
  const args: string[] = [];
  let current: string | null = null;
  for (let i = 0; i < unescaped.length; i++) {
    const c = unescaped[i]!;
    if (c === ' ') {
      if (current !== null) args.push(current);
      current = null;
    } else if (c === '"') {
      current ??= '';
      for (i++; i < unescaped.length && unescaped[i] !== '"'; i++) {
        if (unescaped[i] === '\\' && '"`$\\'.includes(unescaped[i + 1] ?? '')) i++;
        current += unescaped[i]!;
      }
      if (unescaped[i] !== '"') throw new Error('unterminated quote');
    } else {
      if ('"\'\\><~|&;$*?#()`'.includes(c)) throw new Error(`reserved ${c} outside quotes`);
      current = (current ?? '') + c;
    }
  }
  if (current !== null) args.push(current);
  return args.map((arg) => arg.replace(/%%/g, '%'));
}

let dir: string;
beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'lw-autostart-')), 'autostart');
});
afterEach(async () => {
  await rm(join(dir, '..'), { recursive: true, force: true });
});

describe('XDG autostart entry', () => {
  it('lives in $XDG_CONFIG_HOME/autostart, or ~/.config/autostart', () => {
    expect(autostartDir({ XDG_CONFIG_HOME: '/x/cfg', HOME: '/home/u' })).toBe('/x/cfg/autostart');
    expect(autostartDir({ HOME: '/home/u' })).toBe('/home/u/.config/autostart');
  });

  it.each([
    [['/usr/bin/loopwatch']],
    [['/opt/My Apps/Loopwatch.AppImage']],
    [['/opt/we"ird/$(rm -rf ~)/`x`/back\\slash/100%/loop watch', '--flag=a b']],
    [['/tmp/tab\there/new\nline', '']],
    [['/ünï/cödé/🚀']],
  ])('quotes the Exec line so a launcher reads back the same arguments: %j', (argv) => {
    const line = desktopExecLine(argv);
    expect(line).not.toMatch(/[\n\t]/);
    expect(parseExec(line)).toEqual(argv);
  });

  it('quotes only what needs it, and doubles %', () => {
    expect(desktopExecLine(['/usr/bin/loopwatch'])).toBe('/usr/bin/loopwatch');
    expect(desktopExecLine(['/a b/c'])).toBe('"/a b/c"');
    expect(desktopExecLine(['/a/50%'])).toBe('/a/50%%');
    // Inside quotes `\` is `\\`, and the string escape doubles it again.
    expect(desktopExecLine(['/a\\b'])).toBe('"/a\\\\\\\\b"');
  });

  it('writes the entry when turned on, and removes exactly it when turned off', async () => {
    await setAutostart(dir, true, ['/opt/Loop Watch/loopwatch']);
    const file = join(dir, AUTOSTART_FILE);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('[Desktop Entry]\nType=Application\nName=Loopwatch\n');
    expect(text).toContain('Exec="/opt/Loop Watch/loopwatch"\n');
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    expect(await autostartEnabled(dir)).toBe(true);
    await setAutostart(dir, false, []);
    expect(await readdir(dir)).toEqual([]);
    expect(await autostartEnabled(dir)).toBe(false);
  });

  it('backs up a loopwatch.desktop it did not write before replacing it, and never removes one', async () => {
    await mkdir(dir, { recursive: true });
    const file = join(dir, AUTOSTART_FILE);
    await writeFile(file, '[Desktop Entry]\nExec=my-own-wrapper\n');
    await setAutostart(dir, false, []);
    expect(await readFile(file, 'utf8')).toBe('[Desktop Entry]\nExec=my-own-wrapper\n');
    const { backup } = await setAutostart(dir, true, ['/usr/bin/loopwatch']);
    expect(backup).toBe(`${file}.bak`);
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('[Desktop Entry]\nExec=my-own-wrapper\n');
    expect(await readFile(file, 'utf8')).toContain('Exec=/usr/bin/loopwatch\n');
  });

  it('refuses an empty command line', () => {
    expect(() => desktopExecLine([])).toThrow(/needs a program/);
  });
});

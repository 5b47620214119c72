/**
 * Start at login on Linux: an XDG autostart entry,
 * `$XDG_CONFIG_HOME/autostart/loopwatch.desktop` (Desktop Application
 * Autostart spec). macOS and Windows use Electron's login items instead.
 * A file of that name Loopwatch did not write is backed up before it is
 * replaced, and never removed.
 */
import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { freeBackupPath, writeFileAtomic } from '../core/files/atomicWrite';
import { readTextFile } from '../core/files/readBounded';
import { homeDir, type Env } from '../core/paths';

export const AUTOSTART_FILE = 'loopwatch.desktop';
/** Marks the entry as ours, so turning the setting off removes only what we wrote. */
export const AUTOSTART_MARKER = 'X-Loopwatch-Autostart=true';
/** The autostart file is a launcher anyone may read (desktop environments expect 0644). */
const DESKTOP_FILE_MODE = 0o644;

/** `$XDG_CONFIG_HOME/autostart` (default `~/.config/autostart`). */
export function autostartDir(env: Env = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homeDir(env), '.config'), 'autostart');
}

/** Characters that oblige an Exec argument to be quoted (Desktop Entry spec, "Exec key"). */
const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/**
 * One Exec argument: quoted when it holds a reserved character, with `"`,
 * `` ` ``, `$` and `\` escaped inside the quotes; `%` doubled (field codes).
 */
function execArgument(arg: string): string {
  const percent = arg.replace(/%/g, '%%');
  if (arg !== '' && !RESERVED.test(arg)) return percent;
  return `"${percent.replace(/["`$\\]/g, '\\$&')}"`;
}

/**
 * The Exec value for a command line. Exec is also a string value, so the
 * general escapes apply on top of the quoting: `\` becomes `\\`, and
 * newline, tab and carriage return become `\n`, `\t`, `\r`.
 */
export function desktopExecLine(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('an Exec line needs a program');
  return argv
    .map(execArgument)
    .join(' ')
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r');
}

export function autostartEntry(argv: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Loopwatch',
    'Comment=Watches your coding agents in tmux',
    `Exec=${desktopExecLine(argv)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    AUTOSTART_MARKER,
    '',
  ].join('\n');
}

async function currentEntry(file: string): Promise<string | null> {
  // The safe reader: never blocks on a FIFO, bounded in size.
  const read = await readTextFile(file);
  if (read.ok) return read.text;
  if (read.missing) return null;
  throw new Error(read.error);
}

/**
 * Turn start at login on (write our entry running `argv`) or off (remove
 * our entry). Returns the backup path when a foreign file was set aside.
 */
export async function setAutostart(
  dir: string,
  enabled: boolean,
  argv: readonly string[],
): Promise<{ backup: string | null }> {
  const file = join(dir, AUTOSTART_FILE);
  const existing = await currentEntry(file);
  const ours = existing !== null && existing.split('\n').includes(AUTOSTART_MARKER);
  if (!enabled) {
    if (ours) await rm(file, { force: true });
    return { backup: null };
  }
  let backup: string | null = null;
  if (existing !== null && !ours) {
    backup = await freeBackupPath(file);
    await copyFile(file, backup);
  }
  await writeFileAtomic(file, autostartEntry(argv), DESKTOP_FILE_MODE);
  return { backup };
}

/** Is our entry in place? */
export async function autostartEnabled(dir: string): Promise<boolean> {
  const existing = await currentEntry(join(dir, AUTOSTART_FILE)).catch(() => null);
  return existing !== null && existing.split('\n').includes(AUTOSTART_MARKER);
}

/**
 * A remote host's files and processes (the Machine of main/core/machine),
 * read with short commands over the host's shared ssh connection. Every
 * script is a fixed text; paths and pids reach it only as its arguments,
 * each quoted by remoteCommand.ts's one quoter, so a path holding quotes,
 * `$()`, newlines or a leading dash is read as that exact path.
 *
 * Reads are bounded on the host (nothing larger than the cap crosses the
 * link) and then judged by the same rules as local reads
 * (files/readBounded.ts): over the cap, binary, missing, not a regular file.
 * A host that does not answer gives a read error, or (for `alive`) throws.
 */
import type { ReadResult } from '../files/readBounded';
import { MAX_STATE_FILE_BYTES } from '../files/readBounded';
import type { Machine } from '../machine/machine';
import type { HostConnection } from './hostConnection';

/**
 * `sh -c READ_SCRIPT sh MODE PATH MAX`: one status line, then (status `ok`)
 * the bytes: the whole file when it is at most MAX (MAX+1 bytes are read,
 * so a file that grew is noticed), or its last MAX bytes (MODE `tail`).
 * A FIFO or device is never opened (it could block).
 */
const READ_SCRIPT = `
f=$2; max=$3
if [ ! -e "$f" ]; then
  if [ -L "$f" ]; then echo dangling; else echo missing; fi; exit 0
fi
if [ -d "$f" ]; then echo directory; exit 0; fi
if [ ! -f "$f" ]; then echo special; exit 0; fi
if [ ! -r "$f" ]; then echo noperm; exit 0; fi
s=$(stat -L -c '%s %.3Y' -- "$f" 2>/dev/null) || { echo missing; exit 0; }
echo "ok $s"
if [ "$1" = tail ]; then exec tail -c "$max" -- "$f"; fi
[ "\${s%% *}" -gt "$max" ] || exec head -c "$((max + 1))" -- "$f"
`;

/** `sh -c SUBDIRS_SCRIPT sh DIR`: its subdirectories (not symlinks), NUL after each. */
const SUBDIRS_SCRIPT = `
for d in "$1"/* "$1"/.[!.]* "$1"/..?*; do
  [ -d "$d" ] && [ ! -L "$d" ] && printf '%s\\0' "\${d##*/}"
done
exit 0
`;

/**
 * `sh -c PROC_SCRIPT sh WHAT PID`: `alive` prints 1 or 0 (`kill -0`, or
 * /proc/PID for a process that is not ours); `start` prints /proc/PID/stat,
 * the boot time and the clock tick rate, one a line; `args` prints
 * /proc/PID/cmdline.
 */
const PROC_SCRIPT = `
p=$2
case "$1" in
  alive) if kill -0 "$p" 2>/dev/null || [ -d "/proc/$p" ]; then echo 1; else echo 0; fi ;;
  start) cat "/proc/$p/stat" 2>/dev/null || exit 0
         echo; sed -n 's/^btime //p' /proc/stat; getconf CLK_TCK ;;
  args) cat "/proc/$p/cmdline" 2>/dev/null ;;
esac
exit 0
`;

/** A read of `path` failed for a reason worth saying (mirrors readBounded.ts's words). */
function failed(path: string, status: string): ReadResult {
  switch (status) {
    case 'missing':
      return { ok: false, missing: true, error: `${path} does not exist` };
    case 'dangling':
      return { ok: false, missing: false, error: `${path} is a symbolic link to a missing file` };
    case 'directory':
      return { ok: false, missing: false, error: `${path} is a directory, not a regular file` };
    case 'special':
      return { ok: false, missing: false, error: `${path} is not a regular file` };
    case 'noperm':
      return { ok: false, missing: false, error: `no permission to read ${path}` };
    default:
      return { ok: false, missing: false, error: `cannot read ${path}: ${status}` };
  }
}

/** The read script's answer, judged as readBounded.ts judges a local file. */
export function parseRead(
  path: string,
  mode: 'whole' | 'tail',
  maxBytes: number,
  output: string,
): ReadResult {
  const newline = output.indexOf('\n');
  const status = newline < 0 ? output.trim() : output.slice(0, newline);
  const match = /^ok (\d+) (\d+(?:\.\d+)?)$/.exec(status);
  if (!match) return failed(path, status);
  const size = Number(match[1]);
  const mtimeMs = Math.round(Number(match[2]) * 1000);
  const body = output.slice(newline + 1);
  if (mode === 'whole') {
    if (size > maxBytes)
      return {
        ok: false,
        missing: false,
        error: `${path} is ${size} bytes, over the ${maxBytes}-byte limit`,
      };
    if (Buffer.byteLength(body) > maxBytes)
      return { ok: false, missing: false, error: `${path} grew past the ${maxBytes}-byte limit` };
  }
  if (body.includes('\0'))
    return { ok: false, missing: false, error: `${path} holds binary data, not text` };
  let text = body;
  if (mode === 'tail' && size > maxBytes) {
    const cut = text.indexOf('\n');
    text = cut === -1 ? '' : text.slice(cut + 1);
  }
  return { ok: true, text, size: mode === 'whole' ? Buffer.byteLength(text) : size, mtimeMs };
}

/** Start time (ms since the epoch) from /proc/PID/stat, btime and CLK_TCK; null when unknown. */
export function parseStartTime(output: string): number | null {
  const lines = output.split('\n');
  const stat = lines[0] ?? '';
  const bootS = Number(lines[1]);
  const hz = Number(lines[2]);
  const close = stat.lastIndexOf(')');
  if (close < 0 || !Number.isFinite(bootS) || !(hz > 0)) return null;
  // Field 22 (starttime) counts from after the command name, which may hold spaces and parens.
  const ticks = Number(stat.slice(close + 2).split(' ')[19]);
  if (!Number.isFinite(ticks)) return null;
  return bootS * 1000 + (ticks * 1000) / hz;
}

function validPid(pid: number): boolean {
  return Number.isInteger(pid) && pid > 0;
}

/** The host's files and processes over `connection`. A failed command reads as "unknown". */
export function remoteMachine(connection: HostConnection): Machine {
  const sh = (script: string, args: readonly string[]): Promise<string | null> =>
    connection.runRemote(['sh', '-c', script, 'sh', ...args]).catch(() => null);
  const read = async (
    path: string,
    mode: 'whole' | 'tail',
    maxBytes: number,
  ): Promise<ReadResult> => {
    let output: string;
    try {
      output = await connection.runRemote([
        'sh',
        '-c',
        READ_SCRIPT,
        'sh',
        mode,
        path,
        String(maxBytes),
      ]);
    } catch (error) {
      return {
        ok: false,
        missing: false,
        error: `cannot read ${path} on ${connection.host.name}: ${(error as Error).message}`,
      };
    }
    return parseRead(path, mode, maxBytes, output);
  };
  return {
    name: connection.host.name,
    files: {
      readTextFile: (path, maxBytes = MAX_STATE_FILE_BYTES) => read(path, 'whole', maxBytes),
      readTail: (path, maxBytes) => read(path, 'tail', maxBytes),
      subdirs: async (dir) =>
        ((await sh(SUBDIRS_SCRIPT, [dir])) ?? '')
          .split('\0')
          .filter((name) => name !== '')
          .sort(),
    },
    processes: {
      // No answer is not "dead": it throws, and the caller keeps what it knew (hostRuns.ts).
      alive: async (pid) =>
        validPid(pid) &&
        (
          await connection.runRemote(['sh', '-c', PROC_SCRIPT, 'sh', 'alive', String(pid)])
        ).trim() === '1',
      startTime: async (pid) => {
        if (!validPid(pid)) return null;
        const output = await sh(PROC_SCRIPT, ['start', String(pid)]);
        return output ? parseStartTime(output) : null;
      },
      args: async (pid) => {
        if (!validPid(pid)) return null;
        const raw = await sh(PROC_SCRIPT, ['args', String(pid)]);
        if (!raw) return null;
        return raw.replace(/\0$/, '').split('\0');
      },
    },
  };
}

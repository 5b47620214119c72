/**
 * What start, resume and cleanup do to a pipeline run's files and
 * programs on a remote host (issue 17), with the same meaning as the local
 * code in files.ts and runSh.ts: list a directory, test a path, run the
 * project's run.sh from its directory, remove a lock only if it is still
 * what was judged, back a file up beside itself, replace a file
 * atomically. Every script is fixed text; paths, names and contents reach
 * it only as its positional arguments (`sh -c SCRIPT sh ARG...`, each
 * quoted by hosts/remoteCommand.ts), so a value holding quotes, `$()`,
 * newlines or a leading dash is that exact value and nothing more. (The
 * run.sh path in two scripts is this code's own constant, runSh.ts's.)
 */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { HostConnection } from '../hosts/hostConnection';
import { NO_ANSWER, RemoteCommandError } from '../hosts/hostConnection';
import { HostConnectionError } from '../hosts/sshErrors';
import { CONNECT_TIMEOUT_S } from '../hosts/sshOptions';
import type { FileReads } from '../machine/machine';
import type { RemoveOutcome } from './files';
import { fileStamp } from './files';
import { RUN_SH, RUN_SH_COMMAND, RUN_SH_TIMEOUT_MS, type RunShOutcome } from './runSh';

/** `sh -c ENTRIES_SCRIPT sh DIR`: the names in DIR (dot files too), a NUL after each. */
const ENTRIES_SCRIPT = `
for e in "$1"/* "$1"/.[!.]* "$1"/..?*; do
  [ -e "$e" ] || [ -L "$e" ] || continue
  printf '%s\\0' "\${e##*/}"
done
exit 0
`;

/** `sh -c EXISTS_SCRIPT sh PATH...`: 1 or 0 for each path (anything there, even a dangling link). */
const EXISTS_SCRIPT = `
for p; do if [ -e "$p" ] || [ -L "$p" ]; then printf 1; else printf 0; fi; done
`;

/** `sh -c RUN_SH_CHECK_SCRIPT sh DIR`: `nodir`, `notdir`, `missing`, `noexec` or `ok`. */
const RUN_SH_CHECK_SCRIPT = `
if [ ! -e "$1" ]; then echo nodir
elif [ ! -d "$1" ]; then echo notdir
elif [ ! -f "$1/${RUN_SH}" ]; then echo missing
elif [ ! -x "$1/${RUN_SH}" ]; then echo noexec
else echo ok; fi
`;

/**
 * `sh -c RUN_SH_SCRIPT sh DIR ARG...`: run.sh from the project directory,
 * as the seeds type it, its output and errors together, then a newline and
 * `status N` (on a line of its own even after output with no final
 * newline), so a failing run.sh is told from a failing ssh.
 * stdin is closed: run.sh only sets up its tmux session and returns.
 */
const RUN_SH_SCRIPT = `
cd -- "$1" || { printf '\\nstatus 126\\n'; exit 0; }
shift
${RUN_SH_COMMAND} "$@" </dev/null 2>&1
printf '\\nstatus %s\\n' "$?"
`;

/**
 * `sh -c MOVE_ASIDE_SCRIPT sh PATH ASIDE`: rename PATH to ASIDE (one
 * rename(2), atomic); `moved`, `gone` (nothing at PATH) or `error TEXT`.
 */
const MOVE_ASIDE_SCRIPT = `
if err=$(mv -- "$1" "$2" 2>&1); then echo moved
elif [ -e "$1" ] || [ -L "$1" ]; then printf 'error %s\\n' "$err"
else echo gone; fi
`;

/**
 * `sh -c PUT_BACK_SCRIPT sh ASIDE PATH`: link ASIDE back at PATH unless a
 * newer file took PATH meanwhile (link(2) never replaces), then drop ASIDE;
 * `back` or `kept`.
 */
const PUT_BACK_SCRIPT = `
if ln -- "$1" "$2" 2>/dev/null; then rm -f -- "$1"; echo back; else echo kept; fi
`;

/** `sh -c REMOVE_SCRIPT sh PATH`. */
const REMOVE_SCRIPT = 'rm -f -- "$1"';

/**
 * `sh -c BACKUP_SCRIPT sh PATH BASE TEMP`: copy PATH (mode kept) to BASE,
 * or BASE-1, BASE-2, ... (never over an existing file: link(2) refuses),
 * and print the backup's path.
 */
const BACKUP_SCRIPT = `
f=$1; base=$2; t=$3
cp -p -- "$f" "$t" || exit 1
i=0; c=$base
until ln -- "$t" "$c" 2>/dev/null; do
  i=$((i + 1)); c="$base-$i"
  [ "$i" -le 100 ] || { rm -f -- "$t"; echo "no free backup name beside $f" >&2; exit 1; }
done
rm -f -- "$t"
printf %s "$c"
`;

/**
 * `sh -c WRITE_SCRIPT sh PATH TAG` with the new text on stdin: replace
 * PATH's file (through a symlink, to its target) with it: a temp file
 * beside it with the old file's mode, then one rename, so a reader sees
 * the old or the new file.
 */
const WRITE_SCRIPT = `
f=$(readlink -f -- "$1") || f=$1
d=$(dirname -- "$f"); t="$d/.\${f##*/}.loopwatch-$2"
cp -p -- "$f" "$t" 2>/dev/null || : > "$t" || exit 1
cat > "$t" && mv -f -- "$t" "$f" || { rm -f -- "$t"; exit 1; }
`;

/** What these need of a host's connection: its name and a way to run a program there. */
export type RemoteShell = Pick<HostConnection, 'host' | 'runRemote'>;

/** Longer than any of these short scripts should take on a live link (plus the connect). */
const SCRIPT_TIMEOUT_MS = 10_000 + CONNECT_TIMEOUT_S * 1000;

function sh(connection: RemoteShell, script: string, args: readonly string[]): Promise<string> {
  return connection.runRemote(['sh', '-c', script, 'sh', ...args], SCRIPT_TIMEOUT_MS);
}

function randomTag(): string {
  return `${Date.now()}-${randomBytes(4).toString('hex')}`;
}

/** The names in `dir` on the host ([] when it cannot be listed). */
export async function entriesOn(connection: RemoteShell, dir: string): Promise<string[]> {
  const out = await sh(connection, ENTRIES_SCRIPT, [dir]);
  return out
    .split('\0')
    .filter((n) => n !== '')
    .sort();
}

export async function existsOn(connection: RemoteShell, path: string): Promise<boolean> {
  return (await sh(connection, EXISTS_SCRIPT, [path])).trim() === '1';
}

/** runSh.ts's runShProblem, judged on the host. */
export async function runShProblemOn(
  connection: RemoteShell,
  projectDir: string,
): Promise<string | null> {
  const host = connection.host.name;
  const verdict = (await sh(connection, RUN_SH_CHECK_SCRIPT, [projectDir])).trim();
  switch (verdict) {
    case 'ok':
      return null;
    case 'nodir':
      return `the project directory ${projectDir} does not exist on host ${host}`;
    case 'notdir':
      return `${projectDir} is not a directory on host ${host}`;
    case 'noexec':
      return `${posix.join(projectDir, RUN_SH)} is not executable on host ${host}: run chmod +x ${RUN_SH} in ${projectDir} there`;
    default:
      return (
        `${projectDir} has no ${RUN_SH} on host ${host}: Loopwatch starts pipeline runs with the ` +
        `project's own engine script. Pick the project folder there that has ${RUN_SH}, or start ` +
        `any command instead (loopwatch start --host ${host} --name NAME --dir DIR -- COMMAND)`
      );
  }
}

/** The answer of RUN_SH_SCRIPT: run.sh's output (exactly) and its exit status. */
export function parseRunShAnswer(answer: string): RunShOutcome {
  const match = /\nstatus (\d+)\n$/.exec(answer);
  if (!match) return { code: null, timedOut: false, output: answer };
  return { code: Number(match[1]), timedOut: false, output: answer.slice(0, match.index) };
}

/** runSh.ts's runRunSh on the host: `./scripts/run.sh ARGS` in `projectDir`, waited for. */
export async function runRunShOn(
  connection: RemoteShell,
  projectDir: string,
  args: readonly string[],
): Promise<RunShOutcome> {
  try {
    // The plan has just used the host's shared connection: no connect time to allow for.
    const answer = await connection.runRemote(
      ['sh', '-c', RUN_SH_SCRIPT, 'sh', projectDir, ...args],
      RUN_SH_TIMEOUT_MS,
    );
    return parseRunShAnswer(answer);
  } catch (error) {
    if (error instanceof RemoteCommandError)
      return { code: error.status, timedOut: false, output: error.message };
    // No answer in time (hostConnection.ts kills ssh): run.sh may still be running there, as
    // the local timeout leaves it. Any other failure (no connection) ran nothing: the caller
    // refuses with the host's reason.
    if (error instanceof HostConnectionError && error.message === NO_ANSWER)
      return { code: null, timedOut: true, output: '' };
    throw error;
  }
}

/** files.ts's removeIfUnchanged on the host: move aside, look, then delete or put back. */
export async function removeIfUnchangedOn(
  connection: RemoteShell,
  files: FileReads,
  path: string,
  expected: string,
): Promise<RemoveOutcome> {
  const aside = posix.join(
    posix.dirname(path),
    `.${posix.basename(path)}.loopwatch-removing-${randomTag()}`,
  );
  const moved = (await sh(connection, MOVE_ASIDE_SCRIPT, [path, aside])).trim();
  if (moved === 'gone') return { removed: false, why: 'gone' };
  if (moved !== 'moved')
    throw new Error(`cannot move ${path} aside on host ${connection.host.name}: ${moved}`);
  const read = await files.readTextFile(aside);
  if (read.ok && read.text === expected) {
    await sh(connection, REMOVE_SCRIPT, [aside]);
    return { removed: true };
  }
  const text = read.ok ? read.text : `(cannot be read: ${read.error})`;
  const back = (await sh(connection, PUT_BACK_SCRIPT, [aside, path])).trim();
  return { removed: false, why: 'changed', now: text, keptAt: back === 'back' ? null : aside };
}

/** files.ts's backupFile on the host: `PATH.bak-STAMP` beside it; its path. */
export async function backupFileOn(
  connection: RemoteShell,
  path: string,
  nowMs: number,
): Promise<string> {
  const temp = posix.join(
    posix.dirname(path),
    `.${posix.basename(path)}.loopwatch-backup-${randomTag()}`,
  );
  return sh(connection, BACKUP_SCRIPT, [path, `${path}.bak-${fileStamp(nowMs)}`, temp]);
}

/** files.ts's writeFileAtomic on the host (the text goes on the script's stdin, any size). */
export async function writeFileAtomicOn(
  connection: RemoteShell,
  path: string,
  text: string,
): Promise<void> {
  await connection.runRemote(
    ['sh', '-c', WRITE_SCRIPT, 'sh', path, randomTag()],
    SCRIPT_TIMEOUT_MS,
    { input: text },
  );
}

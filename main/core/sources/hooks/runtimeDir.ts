/**
 * Which directory holds the supervisors' hook sockets, checked before it is
 * trusted: hook events carry prompt text, tool input and working
 * directories, so a directory another user created first (or can swap) is
 * never used. The first candidate that is (or can be made) private wins;
 * `loopwatch hook` sends to every candidate that passes the same check, so
 * both sides agree without talking. Node builtins only: the hook starts fast.
 */
import { chmod, lstat, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkPrivateDir, checkSharedDir, currentUid, type Trust } from '../../files/ownership';
import { homeDir, type Env } from '../../paths';

/** A private directory: owner only. */
const PRIVATE_MODE = 0o700;

export interface RefusedDir {
  dir: string;
  reason: string;
}

/**
 * Where the hook sockets may live, best first: $LOOPWATCH_RUNTIME_DIR alone
 * when set; else $XDG_RUNTIME_DIR/loopwatch, ${TMPDIR:-/tmp}/loopwatch-UID,
 * and a directory under the user's state dir (HOME, which others cannot
 * plant into) for when /tmp holds someone else's.
 */
export function runtimeDirCandidates(env: Env): string[] {
  if (env.LOOPWATCH_RUNTIME_DIR) return [env.LOOPWATCH_RUNTIME_DIR];
  const uid = currentUid() ?? 0;
  const stateHome = env.XDG_STATE_HOME || join(homeDir(env), '.local', 'state');
  const dirs = [
    ...(env.XDG_RUNTIME_DIR ? [join(env.XDG_RUNTIME_DIR, 'loopwatch')] : []),
    join(env.TMPDIR || tmpdir(), `loopwatch-${uid}`),
    join(stateHome, 'loopwatch', `run-${uid}`),
  ];
  return [...new Set(dirs)];
}

/** The directory and its parent both checked: a parent others can write lets them swap the dir. */
async function checkRuntimeDir(dir: string): Promise<Trust> {
  const parent = await checkSharedDir(dirname(dir));
  if (!parent.ok) return { ...parent, reason: `its parent ${dirname(dir)} is ${parent.reason}` };
  return checkPrivateDir(dir);
}

/** A real directory (no symlink) owned by us: safe to chmod. */
async function ownPlainDir(dir: string): Promise<boolean> {
  const info = await lstat(dir).catch(() => null);
  return info !== null && info.isDirectory() && info.uid === currentUid();
}

export interface ClaimedRuntimeDir {
  /** The private directory to listen in; null when no candidate could be made private. */
  dir: string | null;
  /** Candidates passed over, with why (shown to the user). */
  refused: RefusedDir[];
}

/** Create (0700) or take over the first candidate that is ours and private. */
export async function claimRuntimeDir(env: Env): Promise<ClaimedRuntimeDir> {
  const refused: RefusedDir[] = [];
  for (const dir of runtimeDirCandidates(env)) {
    try {
      await mkdir(dir, { recursive: true, mode: PRIVATE_MODE });
    } catch (error) {
      refused.push({ dir, reason: `cannot be created: ${(error as Error).message}` });
      continue;
    }
    let verdict = await checkRuntimeDir(dir);
    // Ours but too open (an older version, a umask): close it, then look again.
    if (!verdict.ok && (await ownPlainDir(dir))) {
      await chmod(dir, PRIVATE_MODE).catch(() => undefined);
      verdict = await checkRuntimeDir(dir);
    }
    if (verdict.ok && !verdict.missing) return { dir, refused };
    refused.push({ dir, reason: verdict.ok ? 'vanished while being checked' : verdict.reason });
  }
  return { dir: null, refused };
}

/** Every candidate that exists and is private: where `loopwatch hook` looks for sockets. */
export async function trustedRuntimeDirs(env: Env): Promise<string[]> {
  const dirs = runtimeDirCandidates(env);
  const verdicts = await Promise.all(dirs.map((dir) => checkRuntimeDir(dir)));
  return dirs.filter((_, i) => {
    const verdict = verdicts[i]!;
    return verdict.ok && !verdict.missing;
  });
}

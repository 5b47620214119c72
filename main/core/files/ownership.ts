/**
 * Ownership before trust: whether a directory, socket or file another
 * program left on disk may be used by Loopwatch, decided from `lstat`
 * (owner and mode of the entry itself, never of what a link points to).
 *
 * Another local user can create `/tmp/claude-tmux-sockets`, plant a tmux
 * server in it, or create `/tmp/loopwatch-UID` before we do. Whatever is
 * not ours (or root's, where the system owns it), is writable by others
 * where that lets them swap its entries, or is a symlink into someone
 * else's place, is refused with a reason and never used.
 */
import { lstat, realpath } from 'node:fs/promises';
import { dirname } from 'node:path';

/** World-write bit: anyone could add, rename or remove entries. */
const WRITABLE_BY_WORLD = 0o002;
/** Group-write bit: tolerated only for our own primary group (user private groups, umask 002). */
const WRITABLE_BY_GROUP = 0o020;
/** Any access by group or others: a private directory has none. */
const ANY_ACCESS_BY_OTHERS = 0o077;
/** The sticky bit: in a sticky directory only an entry's owner may rename or remove it (/tmp). */
const STICKY = 0o1000;
const ROOT_UID = 0;

export type Trust =
  | { ok: true; missing: false }
  /** Nothing there (yet): not refused, but nothing to use either. */
  | { ok: true; missing: true }
  | { ok: false; missing: false; reason: string };

const TRUSTED: Trust = { ok: true, missing: false };
const MISSING: Trust = { ok: true, missing: true };

function refuse(reason: string): Trust {
  return { ok: false, missing: false, reason };
}

/** This process's uid; null where the platform has none (Windows: no ownership checks). */
export function currentUid(): number | null {
  return typeof process.getuid === 'function' ? process.getuid() : null;
}

function currentGid(): number | null {
  return typeof process.getgid === 'function' ? process.getgid() : null;
}

export interface OwnershipOptions {
  /** Whose entries count as ours (default: this process's uid). */
  uid?: number | null;
  /** Our primary group (default: this process's gid): its write bit is tolerated. */
  gid?: number | null;
}

type Kind = 'directory' | 'socket' | 'file';

interface Rules {
  kind: Kind;
  /** A root-owned entry is the system's and trusted (/tmp, /run/user): only for directories. */
  rootMayOwn: boolean;
  /** Refuse group/world write unless the directory is root's and sticky (as /tmp is). */
  noForeignWrite: boolean;
  /** Refuse any access by group or others (a private runtime directory). */
  privateOnly: boolean;
}

function describeMode(mode: number): string {
  return `mode ${(mode & 0o7777).toString(8).padStart(4, '0')}`;
}

function isKind(info: Awaited<ReturnType<typeof lstat>>, kind: Kind): boolean {
  if (kind === 'directory') return info.isDirectory();
  if (kind === 'socket') return info.isSocket();
  return info.isFile();
}

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/** The checks on one entry that is not a symlink. */
function judge(
  info: Awaited<ReturnType<typeof lstat>>,
  rules: Rules,
  uid: number,
  gid: number | null,
): Trust {
  if (!isKind(info, rules.kind)) return refuse(`not a ${rules.kind}: ignored`);
  const owner = Number(info.uid);
  const mode = Number(info.mode);
  const ours = owner === uid;
  if (!ours && !(rules.rootMayOwn && owner === ROOT_UID)) {
    return refuse(`owned by uid ${owner}: not yours, ignored`);
  }
  if (rules.privateOnly && (mode & ANY_ACCESS_BY_OTHERS) !== 0) {
    return refuse(`${describeMode(mode)}: open to other users, ignored`);
  }
  const foreignGroupWrite = (mode & WRITABLE_BY_GROUP) !== 0 && Number(info.gid) !== gid;
  if (rules.noForeignWrite && ((mode & WRITABLE_BY_WORLD) !== 0 || foreignGroupWrite)) {
    const systemSticky = owner === ROOT_UID && (mode & STICKY) !== 0;
    if (!systemSticky) {
      return refuse(`${describeMode(mode)}: writable by other users, ignored`);
    }
  }
  return TRUSTED;
}

async function check(path: string, rules: Rules, options: OwnershipOptions): Promise<Trust> {
  const uid = options.uid === undefined ? currentUid() : options.uid;
  if (uid === null) return TRUSTED;
  const gid = options.gid === undefined ? currentGid() : options.gid;
  let info;
  try {
    info = await lstat(path);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR') return MISSING;
    return refuse(`cannot be checked (${errnoOf(error) ?? (error as Error).message}): ignored`);
  }
  if (!info.isSymbolicLink()) return judge(info, rules, uid, gid);
  // A link is only as good as its owner and what it leads to (checked after resolving every link).
  const linkOwner = info.uid;
  if (linkOwner !== uid && linkOwner !== ROOT_UID) {
    return refuse(`a symlink owned by uid ${linkOwner}: not yours, ignored`);
  }
  let target: string;
  try {
    target = await realpath(path);
  } catch {
    return MISSING;
  }
  const verdict = await check(target, rules, options);
  if (verdict.ok) return verdict;
  return refuse(`a symlink to ${target}, which is ${verdict.reason}`);
}

/**
 * A directory whose entries Loopwatch reads or connects to (tmux socket
 * dirs, the tmux skill's dir): ours or root's, and nobody else can swap
 * its entries (not world-writable nor writable by a group other than our
 * own, unless root's and sticky like /tmp; tmux itself only refuses the
 * world bits on its socket dir).
 */
export function checkSharedDir(path: string, options: OwnershipOptions = {}): Promise<Trust> {
  return check(
    path,
    { kind: 'directory', rootMayOwn: true, noForeignWrite: true, privateOnly: false },
    options,
  );
}

/** A directory only we may use (the hook runtime dir): ours, and no access for anyone else. */
export function checkPrivateDir(path: string, options: OwnershipOptions = {}): Promise<Trust> {
  return check(
    path,
    { kind: 'directory', rootMayOwn: false, noForeignWrite: true, privateOnly: true },
    options,
  );
}

/** Prefix a directory's refusal so the entry it holds says why. */
function inDir(dir: string, verdict: Trust): Trust {
  return verdict.ok ? verdict : refuse(`in ${dir}, which is ${verdict.reason}`);
}

/**
 * A tmux (or hook) socket: ours, in a directory that passes checkSharedDir.
 * A missing socket in a trusted directory is `missing` (a server not started yet).
 */
export async function checkSocket(path: string, options: OwnershipOptions = {}): Promise<Trust> {
  const dir = dirname(path);
  const dirVerdict = await checkSharedDir(dir, options);
  if (!dirVerdict.ok) return inDir(dir, dirVerdict);
  if (dirVerdict.missing) return MISSING;
  return check(
    path,
    { kind: 'socket', rootMayOwn: false, noForeignWrite: false, privateOnly: false },
    options,
  );
}

/** A file Loopwatch reads and trusts (the tmux skill's registry): ours, in a trusted directory. */
export async function checkOwnedFile(path: string, options: OwnershipOptions = {}): Promise<Trust> {
  const dir = dirname(path);
  const dirVerdict = await checkSharedDir(dir, options);
  if (!dirVerdict.ok) return inDir(dir, dirVerdict);
  if (dirVerdict.missing) return MISSING;
  return check(
    path,
    { kind: 'file', rootMayOwn: false, noForeignWrite: true, privateOnly: false },
    options,
  );
}

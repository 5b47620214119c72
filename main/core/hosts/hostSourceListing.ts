/**
 * What one look at a host's tmux-skill and schmux files sees (FIELD.md
 * sections 2 and 3): a fixed script run on the host lists the host's
 * environment and each file's owner, mode, size and mtime (paths and pids
 * reach it only as arguments), parsed here; and whether a registry may be
 * used, judged from that listing by files/ownership.ts's rule.
 */
import { posix } from 'node:path';

/**
 * `sh -c LOOK_SCRIPT sh N EVENTS_FILE... PID...` (N events files, then the
 * pids of the registry sessions' panes): records of four NUL-ended fields.
 * `env NAME VALUE -` for the host's uid, HOME and tmux socket dir;
 * `KIND PATH DIRSTAT FILESTAT` for each registry (the skill's code
 * location(s), then its docs'), schmux's state file and each events file
 * named, where DIRSTAT is `UID MODE` of its directory and FILESTAT is
 * `UID MODE SIZE MTIME TYPE` (either `missing`); `watch DIR - -` for the
 * nearest existing directory of each; `gone PID - -` for each pid with no
 * process (`kill -0`, or /proc/PID for one not ours); `inotify yes|no - -`.
 */
export const LOOK_SCRIPT = `
uid=$(id -u)
rec() { printf '%s\\0%s\\0%s\\0%s\\0' "$1" "$2" "$3" "$4"; }
st() { stat -L -c "$1" -- "$2" 2>/dev/null || echo missing; }
one() {
  d=\${2%/*}; [ -n "$d" ] || d=/
  rec "$1" "$2" "$(st '%u %a' "$d")" "$(st '%u %a %s %.3Y %F' "$2")"
  w=$d
  while [ -n "$w" ] && [ ! -d "$w" ]; do case "$w" in */*) w=\${w%/*} ;; *) w= ;; esac; done
  rec watch "\${w:-/}" - -
}
rec env uid "$uid" -
rec env home "\${HOME:-}" -
rec env tmuxdir "\${TMUX_TMPDIR:-/tmp}/tmux-$uid" -
[ -n "\${CLAUDE_TMUX_SOCKET_DIR:-}" ] && one registry "$CLAUDE_TMUX_SOCKET_DIR/.sessions.json"
one registry "\${TMPDIR:-/tmp}/claude-tmux-sockets/.sessions.json"
[ -n "\${HOME:-}" ] && one registry "$HOME/.local/state/claude-tmux/.sessions.json"
[ -n "\${HOME:-}" ] && one schmux "$HOME/.schmux/state.json"
n=$1; shift
for f; do
  if [ "$n" -gt 0 ]; then n=$((n - 1)); one events "$f"
  elif ! kill -0 "$f" 2>/dev/null && [ ! -d "/proc/$f" ]; then rec gone "$f" - -
  fi
done
if command -v inotifywait >/dev/null 2>&1; then i=yes; else i=no; fi
rec inotify "$i" - -
`;

export type FileKind = 'registry' | 'schmux' | 'events';

export interface ListedFile {
  kind: FileKind;
  path: string;
  /** `UID MODE` of its directory, or `missing`. */
  dirStat: string;
  /** `UID MODE SIZE MTIME TYPE`, or `missing`. */
  fileStat: string;
}

export interface SourceListing {
  uid: number | null;
  home: string;
  /** `$TMUX_TMPDIR/tmux-UID` on the host: where schmux's `-L` sockets live. */
  tmuxDir: string;
  files: ListedFile[];
  /** Existing dirs holding (or nearest to) the files: what inotifywait may watch. */
  watch: string[];
  /** Pids asked about that have no process on the host. */
  gone: number[];
  inotify: boolean;
}

const KINDS = new Set<string>(['registry', 'schmux', 'events']);

export function parseSourceListing(output: string): SourceListing {
  const fields = output.split('\0');
  const listing: SourceListing = {
    uid: null,
    home: '',
    tmuxDir: '',
    files: [],
    watch: [],
    gone: [],
    inotify: false,
  };
  const seen = new Set<string>();
  for (let i = 0; i + 3 < fields.length; i += 4) {
    const [kind, a, b, c] = [fields[i]!, fields[i + 1]!, fields[i + 2]!, fields[i + 3]!];
    if (kind === 'env') {
      if (a === 'uid') listing.uid = /^\d+$/.test(b) ? Number(b) : null;
      else if (a === 'home') listing.home = b;
      else if (a === 'tmuxdir') listing.tmuxDir = b;
    } else if (kind === 'watch') {
      if (!listing.watch.includes(a)) listing.watch.push(a);
    } else if (kind === 'gone') {
      if (/^\d+$/.test(a)) listing.gone.push(Number(a));
    } else if (kind === 'inotify') listing.inotify = a === 'yes';
    else if (KINDS.has(kind) && !seen.has(`${kind}\0${a}`)) {
      // $CLAUDE_TMUX_SOCKET_DIR may be $TMPDIR/claude-tmux-sockets: one registry, listed once.
      seen.add(`${kind}\0${a}`);
      listing.files.push({ kind: kind as FileKind, path: a, dirStat: b, fileStat: c });
    }
  }
  return listing;
}

/** World-write and group-write bits (files/ownership.ts's rule, judged from the host's stat). */
const WRITABLE_BY_OTHERS = 0o022;
const STICKY = 0o1000;
const ROOT_UID = 0;

export type RemoteTrust =
  { state: 'missing' } | { state: 'ok' } | { state: 'refused'; reason: string };

function modeWords(mode: number): string {
  return `mode ${mode.toString(8).padStart(4, '0')}`;
}

/**
 * Whether a host's registry may be used, from its listing: the file is the
 * ssh user's own regular file that no one else can write, in a directory
 * that is the user's (or root's) and that others cannot rewrite (unless
 * root's and sticky, as /tmp is). Group write is refused too: the host's
 * groups are not known here.
 */
export function remoteFileTrust(uid: number | null, file: ListedFile): RemoteTrust {
  if (file.dirStat === 'missing' || file.fileStat === 'missing') return { state: 'missing' };
  const [dirOwner, dirMode] = file.dirStat
    .split(' ')
    .map((v, i) => (i === 1 ? parseInt(v, 8) : Number(v)));
  const [owner, mode, , , ...type] = file.fileStat.split(' ');
  const dir = posix.dirname(file.path);
  if (uid === null)
    return { state: 'refused', reason: 'the host did not say its user id: ignored' };
  if (dirOwner !== uid && dirOwner !== ROOT_UID)
    return { state: 'refused', reason: `in ${dir}, owned by uid ${dirOwner}: not yours, ignored` };
  if (
    dirMode !== undefined &&
    (dirMode & WRITABLE_BY_OTHERS) !== 0 &&
    !(dirOwner === ROOT_UID && (dirMode & STICKY) !== 0)
  )
    return {
      state: 'refused',
      reason: `in ${dir}, ${modeWords(dirMode)}: writable by other users, ignored`,
    };
  if (type.join(' ') !== 'regular file' && type.join(' ') !== 'regular empty file')
    return { state: 'refused', reason: 'not a file: ignored' };
  if (Number(owner) !== uid)
    return { state: 'refused', reason: `owned by uid ${owner}: not yours, ignored` };
  const fileMode = parseInt(mode ?? '', 8);
  if ((fileMode & WRITABLE_BY_OTHERS) !== 0)
    return { state: 'refused', reason: `${modeWords(fileMode)}: writable by other users, ignored` };
  return { state: 'ok' };
}

/**
 * inotifywait over some of a host's directories, over its shared
 * connection: one long-running ssh channel that prints a name per change;
 * changes arriving together (a temp file, a rename and a lock) are passed
 * on as one call. Used where the host has inotifywait; its owner polls
 * where it does not, and while the watch is down (`onEnd`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { HostConnection } from './hostConnection';

/** Events arriving together (a write-temp-then-rename) make one call. */
const PUSH_DEBOUNCE_MS = 50;
/** What inotifywait says on stderr (sent to stdout) once it watches. */
const READY = 'Watches established.';

/**
 * `sh -c WATCH_SCRIPT sh DIR...`: inotifywait over the dirs (not
 * recursive), one name per change (`attrib` too: a file's owner or mode
 * may decide whether it is used), and its own READY line once its watches
 * are set up (what changed before that is not told: the owner looks
 * again then). It ends when its ssh channel closes:
 * ssh gives a remote command no signal then, and inotifywait would
 * otherwise live on until its next write fails; `cat` sees stdin end and
 * kills it.
 */
const WATCH_SCRIPT = `
inotifywait -m -e close_write,moved_to,moved_from,create,delete,attrib --format %f -- "$@" 2>&1 &
w=$!
cat >/dev/null
kill "$w" 2>/dev/null
`;

export class RemoteDirWatch {
  private child: ChildProcess | null = null;
  private dirs = '';

  constructor(
    private readonly connection: HostConnection,
    /** The names changed (file names in the watched dirs), a batch at a time. */
    private readonly onChange: (names: string[]) => void,
    /** The watches are set up: a change made just before was not told (look again). */
    private readonly onReady: () => void,
    /** The watch ended by itself (the link dropped, a dir went). */
    private readonly onEnd: () => void,
  ) {}

  /** Whether a watch runs. */
  get active(): boolean {
    return this.child !== null;
  }

  /** Watch exactly `dirs` (a running watch of other dirs is replaced). */
  watch(dirs: readonly string[]): void {
    const key = dirs.join('\0');
    if (dirs.length === 0 || (key === this.dirs && this.child)) return;
    this.stop();
    this.dirs = key;
    const { file, args } = this.connection.command(['sh', '-c', WATCH_SCRIPT, 'sh', ...dirs]);
    // stdin stays open: its end (we stopped, or the connection went) ends the watch on the host.
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'ignore'] });
    this.child = child;
    let names: string[] = [];
    let debounce: NodeJS.Timeout | null = null;
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      if (lines.includes(READY) && this.child === child) this.onReady();
      names.push(...lines.filter((line) => line !== READY));
      if (names.length === 0) return;
      debounce ??= setTimeout(() => {
        debounce = null;
        const batch = names;
        names = [];
        if (this.child === child) this.onChange(batch);
      }, PUSH_DEBOUNCE_MS);
    });
    child.on('exit', () => {
      if (debounce) clearTimeout(debounce);
      if (this.child !== child) return;
      this.child = null;
      this.dirs = '';
      this.onEnd();
    });
    child.on('error', () => undefined);
  }

  stop(): void {
    const child = this.child;
    this.child = null;
    this.dirs = '';
    child?.kill();
  }
}

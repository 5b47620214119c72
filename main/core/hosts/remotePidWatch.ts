/**
 * Processes on a remote host watched for their death by one loop on the
 * host, over the host's shared ssh connection: each pid checked by sh
 * builtins every interval, a line out only when one is gone. Nothing
 * crosses the link, and nothing is started here, while they all live; a
 * death is told within the interval (plus the link's delay) instead of at
 * the next poll from here.
 *
 * The loop is a fixed script (pids reach it only as its arguments, each
 * quoted by remoteCommand.ts) of sh builtins and `sleep`; it ends when its
 * ssh channel closes (we stopped watching, or the connection went), when
 * every pid it watches is gone, or after MAX_LOOPS rounds, so nothing is
 * left behind on the host. A new set of pids starts a new loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { HostConnection } from './hostConnection';

/**
 * Rounds one loop runs at most (a day at 250 ms): a bound, so a loop whose
 * channel close went unseen cannot run forever. One that reaches it ends,
 * and the next look starts a new one.
 */
export const MAX_LOOPS = 345_600;

/**
 * `sh -c PID_LOOP_SCRIPT sh SECONDS MAX PID...`: every SECONDS (a fraction
 * where `sleep` takes one, else 1 s), each PID with no live process printed
 * once, a line each. Alive: its /proc/PID/cwd resolves (one stat, no
 * process started), which a process that exited but is not reaped yet (a
 * zombie: tmux 3.3a can leave a pane's so) no longer has; where it does not
 * (a zombie, or a process whose cwd we may not see), the state in
 * /proc/PID/stat decides: zombie or dead, else alive. That read is kept for
 * those few: sh's `read` takes a byte per system call, and reading every
 * pid's stat each round cost the hosts ten times more. Without /proc:
 * `kill -0`. Its
 * ends: stdin's end (ssh gives a remote command no signal when its channel
 * closes, so `cat` waits for that and stops the loop), or the loop's own
 * end (every pid gone, or MAX rounds), which ends the script too (`kill
 * $$`: the channel then closes; `cat` follows when sshd closes its stdin).
 */
const PID_LOOP_SCRIPT = `
s=$1; max=$2; shift 2
sleep "$s" 2>/dev/null || s=1
proc=; [ -e /proc/self/cwd ] && proc=1
(
  n=0
  while [ "$n" -lt "$max" ]; do
    left=
    for p; do
      a=
      if [ -z "$proc" ]; then
        kill -0 "$p" 2>/dev/null && a=1
      elif [ -e "/proc/$p/cwd" ]; then a=1
      elif [ -r "/proc/$p/stat" ]; then
        st=
        read -r st 2>/dev/null <"/proc/$p/stat"
        case "\${st##*") "}" in Z* | X* | '') ;; *) a=1 ;; esac
      fi
      if [ -n "$a" ]; then left="$left $p"; else echo "$p"; fi
    done
    [ -n "$left" ] || break
    set -- $left
    sleep "$s"
    n=$((n + 1))
  done
  kill $$ 2>/dev/null
) &
w=$!
cat >/dev/null 2>&1
kill "$w" 2>/dev/null
`;

/** A loop that does not end on its stdin's end within this long is killed (its ssh client). */
const END_GRACE_MS = 1_000;

/**
 * End a loop the way that ends it on the host too: its stdin's end (over
 * ssh: the channel's EOF, which the script waits for), then its ssh client
 * killed if still there (a dead link).
 */
export function endLoop(child: ChildProcess): void {
  child.stdin?.end();
  if (child.exitCode !== null || child.signalCode !== null) return;
  const kill = setTimeout(() => child.kill('SIGKILL'), END_GRACE_MS);
  kill.unref();
  child.once('exit', () => clearTimeout(kill));
}

export interface RemotePidWatchEvents {
  /** These pids have no process on the host any more (each told once). */
  dead: [pids: number[]];
  /** The loop ended without being told to (the link, or every pid gone): its pids are unwatched. */
  ended: [];
}

function validPid(pid: number): boolean {
  return Number.isInteger(pid) && pid > 0;
}

export class RemotePidWatch extends EventEmitter<RemotePidWatchEvents> {
  private child: ChildProcess | null = null;
  private watched = '';
  private stopped = false;

  constructor(
    private readonly connection: HostConnection,
    /** How often the loop looks (ms; below 1 s needs a `sleep` taking fractions, as GNU's and busybox's do). */
    private readonly intervalMs: number,
  ) {
    super();
  }

  /** The pids the running loop watches (sorted, space-separated; '' when none). */
  get watching(): string {
    return this.child ? this.watched : '';
  }

  /**
   * Watch exactly these pids: the running loop is kept when they are the
   * ones it watches, else replaced (none: no loop).
   */
  watch(pids: Iterable<number>): void {
    if (this.stopped) return;
    const list = [...new Set([...pids].filter(validPid))].sort((a, b) => a - b);
    const key = list.join(' ');
    if (key === this.watched && this.child) return;
    if (this.child) endLoop(this.child);
    this.child = null;
    this.watched = key;
    if (list.length === 0) return;
    const { file, args } = this.connection.command([
      'sh',
      '-c',
      PID_LOOP_SCRIPT,
      'sh',
      String(this.intervalMs / 1000),
      String(MAX_LOOPS),
      ...list.map(String),
    ]);
    // stdin stays open: its end (we stopped, or the connection went) ends the loop on the host.
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'ignore'] });
    this.child = child;
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      const dead = lines.map(Number).filter(validPid);
      if (dead.length > 0 && this.child === child && !this.stopped) this.emit('dead', dead);
    });
    child.on('exit', () => {
      child.stdin.end();
      if (this.child !== child) return;
      this.child = null;
      this.watched = '';
      if (!this.stopped) this.emit('ended');
    });
    child.on('error', () => undefined);
  }

  stop(): void {
    this.stopped = true;
    if (this.child) endLoop(this.child);
    this.child = null;
    this.watched = '';
    this.removeAllListeners();
  }
}

/** One user's share of a host's pid loop (SharedPidWatch.part). */
export interface PidWatchPart {
  /** Watch exactly these pids for this part (the loop watches every part's). */
  watch(pids: Iterable<number>): void;
  /** Called with this part's pids that died (each told once). */
  onDead(listener: (pids: number[]) => void): void;
  /** This part watches nothing any more. */
  stop(): void;
}

/**
 * One pid loop per host for every user of it (kept panes, lock holders):
 * each round forks a `sleep` on the host, so two loops would cost the host
 * twice as much for the same answer.
 */
export class SharedPidWatch {
  private readonly loop: RemotePidWatch;
  private readonly parts = new Map<
    string,
    { pids: Set<number>; listener: ((pids: number[]) => void) | null }
  >();

  constructor(connection: HostConnection, intervalMs: number) {
    this.loop = new RemotePidWatch(connection, intervalMs);
    this.loop.on('dead', (dead) => {
      for (const part of this.parts.values()) {
        const mine = dead.filter((pid) => part.pids.has(pid));
        for (const pid of mine) part.pids.delete(pid);
        if (mine.length > 0) part.listener?.(mine);
      }
    });
    // A loop that ended (the link) watches nothing: the next watch() starts one again.
    this.loop.on('ended', () => {
      for (const part of this.parts.values()) part.pids.clear();
    });
  }

  part(name: string): PidWatchPart {
    const part = { pids: new Set<number>(), listener: null as ((pids: number[]) => void) | null };
    this.parts.set(name, part);
    return {
      watch: (pids) => {
        part.pids = new Set(pids);
        this.update();
      },
      onDead: (listener) => {
        part.listener = listener;
      },
      stop: () => {
        part.pids.clear();
        part.listener = null;
        this.update();
      },
    };
  }

  private update(): void {
    this.loop.watch([...this.parts.values()].flatMap((part) => [...part.pids]));
  }

  stop(): void {
    this.parts.clear();
    this.loop.stop();
  }
}

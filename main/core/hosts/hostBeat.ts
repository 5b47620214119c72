/**
 * A host's heartbeat and its servers coming and going, told by one loop on
 * the host over its shared ssh connection instead of a discovery command
 * (an ssh process here) every few seconds.
 *
 * Every BEAT_S the loop lists the host's tmux sockets (the same `sockets`
 * as discovery, remoteDiscovery.ts) and prints one short line: `c` when
 * the list changed since its last round, else `b`. Its first line is a `c`:
 * a server started between the discovery and the loop's first listing
 * would otherwise go untold. A `c` asks the watcher
 * for a discovery at once (a new server is watched within a beat); the
 * lines themselves are the heartbeat: none for SILENT_MS means the link is
 * cut or stalled (or the host stopped), and the watcher looks at once,
 * bounded, to say so. Cost while all is quiet: one line per beat.
 *
 * The loop is a fixed script of sh builtins and `sleep` (it takes only its
 * interval and round limit as arguments); it ends when its ssh channel
 * closes (stopped here, or the connection went), or after MAX_ROUNDS, so
 * nothing of ours stays on the host.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { HostConnection } from './hostConnection';
import { SOCKETS_FUNCTION } from './remoteDiscovery';
import { endLoop } from './remotePidWatch';

/** Seconds between two rounds on the host (a new server is seen within it). */
export const BEAT_S = 2;
/**
 * No line for this long: ask whether the host is still there. Three beats,
 * so a loaded machine's late beat does not send a look every time.
 */
export const SILENT_MS = 3 * BEAT_S * 1000;
/** Rounds one loop runs at most (a day); the watcher starts another when one ends. */
const MAX_ROUNDS = (24 * 3600) / BEAT_S;

/**
 * `sh -c BEAT_SCRIPT sh SECONDS MAX`. It ends with its ssh channel (ssh
 * gives a remote command no signal then, so `cat` waits for stdin's end
 * and stops the loop) or after MAX rounds (`kill $$` ends the script too).
 */
const BEAT_SCRIPT = `${SOCKETS_FUNCTION}
s=$1; max=$2
(
  last=$(sockets)
  echo c
  n=0
  while [ "$n" -lt "$max" ]; do
    sleep "$s"
    now=$(sockets)
    if [ "$now" = "$last" ]; then echo b; else echo c; last=$now; fi
    n=$((n + 1))
  done
  kill $$ 2>/dev/null
) &
w=$!
cat >/dev/null 2>&1
kill "$w" 2>/dev/null
`;

export interface HostBeatEvents {
  /** The host's sockets changed (a server started or went). */
  changed: [];
  /** No beat for SILENT_MS, or the loop ended unasked: is the host still there? */
  silent: [];
}

export class HostBeat extends EventEmitter<HostBeatEvents> {
  private child: ChildProcess | null = null;
  private silence: NodeJS.Timeout | null = null;
  /** Whether the loop has beaten at least once (it runs on the host). */
  beating = false;

  constructor(private readonly connection: HostConnection) {
    super();
  }

  /** Whether a loop is running (or starting). */
  get running(): boolean {
    return this.child !== null;
  }

  /** Start the loop unless one runs. */
  start(): void {
    if (this.child) return;
    const { file, args } = this.connection.command([
      'sh',
      '-c',
      BEAT_SCRIPT,
      'sh',
      String(BEAT_S),
      String(MAX_ROUNDS),
    ]);
    // stdin stays open: its end (stop(), or the connection went) ends the loop on the host.
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'ignore'] });
    this.child = child;
    this.beating = false;
    this.heard();
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (this.child !== child) return;
      this.beating = true;
      this.heard();
      if (chunk.includes('c')) this.emit('changed');
    });
    child.on('exit', () => {
      child.stdin.end();
      if (this.child !== child) return;
      this.child = null;
      this.beating = false;
      this.clearSilence();
      this.emit('silent');
    });
    child.on('error', () => undefined);
  }

  /** A line came: the host is there; wait for the next. */
  private heard(): void {
    this.clearSilence();
    this.silence = setTimeout(() => {
      this.silence = null;
      if (this.child) this.emit('silent');
    }, SILENT_MS);
    this.silence.unref();
  }

  private clearSilence(): void {
    if (this.silence) clearTimeout(this.silence);
    this.silence = null;
  }

  /** End the loop (here and, with its channel, on the host). */
  stop(): void {
    this.clearSilence();
    const child = this.child;
    this.child = null;
    this.beating = false;
    if (child) endLoop(child);
  }
}

/**
 * A private world for one test file: its own TMUX_TMPDIR (so tmux sockets,
 * including "default", live in a temp dir), TMPDIR, HOME and config dirs.
 * Nothing here can reach the user's own tmux servers or files.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Every sandbox dir starts with this, so the global teardown can find leftovers. */
export const SANDBOX_PREFIX = 'lw-test-';

/**
 * This test run's tag (set by the global setup), so that a run's teardown
 * only ever touches its own leftovers, never a concurrent run's servers.
 */
export function sandboxRunPrefix(): string {
  return `${SANDBOX_PREFIX}${process.env.LOOPWATCH_TEST_RUN ?? 'adhoc'}-`;
}

export interface Sandbox {
  root: string;
  env: NodeJS.ProcessEnv;
  /** `$TMUX_TMPDIR/tmux-UID`, where `-L NAME` sockets go. */
  socketDir: string;
  socket(name?: string): string;
  /** Run tmux on a socket of this sandbox (`-L name` style, default "default"). */
  tmux(args: readonly string[], socketName?: string): Promise<string>;
  /** Run tmux on an explicit socket path. */
  tmuxAt(socket: string, args: readonly string[]): Promise<string>;
  cleanup(): Promise<void>;
}

/**
 * The environment of a private world under `root` (made here): tmux sockets,
 * temp files, HOME and XDG dirs all inside it. Tests and benchmarks use it.
 */
export async function privateEnv(root: string): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TMUX_TMPDIR: join(root, 'tmux'),
    TMPDIR: join(root, 'tmp'),
    HOME: join(root, 'home'),
    XDG_CONFIG_HOME: join(root, 'home', '.config'),
    XDG_STATE_HOME: join(root, 'home', '.local', 'state'),
    XDG_RUNTIME_DIR: join(root, 'run'),
    CLAUDE_TMUX_SOCKET_DIR: undefined,
    TMUX: undefined,
    TMUX_PANE: undefined,
    // Shells in the sandbox's panes write no history into HOME as it is being removed.
    HISTFILE: '/dev/null',
  };
  for (const dir of ['tmux', 'tmp', 'home', 'run'])
    await mkdir(join(root, dir), { recursive: true });
  return env;
}

export async function createSandbox(): Promise<Sandbox> {
  const root = await mkdtemp(join(tmpdir(), sandboxRunPrefix()));
  const uid = process.getuid?.() ?? 0;
  const socketDir = join(root, 'tmux', `tmux-${uid}`);
  const env = await privateEnv(root);
  const extraSockets = new Set<string>();
  const socket = (name = 'default'): string => join(socketDir, name);
  const tmuxAt = async (path: string, args: readonly string[]): Promise<string> => {
    extraSockets.add(path);
    const { stdout } = await run('tmux', ['-S', path, ...args], { env, encoding: 'utf8' });
    return stdout;
  };
  return {
    root,
    env,
    socketDir,
    socket,
    // `-L` as users type it: tmux itself creates $TMUX_TMPDIR/tmux-UID (mode 0700).
    tmux: async (args, socketName = 'default') => {
      const { stdout } = await run('tmux', ['-L', socketName, ...args], { env, encoding: 'utf8' });
      return stdout;
    },
    tmuxAt,
    async cleanup() {
      const sockets = new Set(extraSockets);
      for (const name of await readdir(socketDir).catch(() => []))
        sockets.add(join(socketDir, name));
      await Promise.all(
        [...sockets].map(async (path) => {
          if (!(await stat(path).catch(() => null))?.isSocket()) return;
          await run('tmux', ['-S', path, 'kill-server'], { env }).catch(() => undefined);
        }),
      );
      // A process killed with its server may still be closing a file in there: retry briefly.
      await rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}

/** Wait until `check` returns a truthy value (polling), or fail with `what`. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

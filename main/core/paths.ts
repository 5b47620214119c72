/**
 * Where the tools Loopwatch supervises keep their files, from the
 * environment exactly as those tools compute it (FIELD.md). Every function
 * takes the environment as an argument so tests can point it at a sandbox.
 */
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

function uid(): number {
  return typeof process.getuid === 'function' ? process.getuid() : 0;
}

/** `$TMUX_TMPDIR/tmux-UID` (default `/tmp/tmux-UID`): where tmux puts `-L NAME` sockets. */
export function tmuxSocketDir(env: Env = process.env): string {
  return join(env.TMUX_TMPDIR || '/tmp', `tmux-${uid()}`);
}

/** The default server's socket (what a plain `tmux` talks to). */
export function defaultTmuxSocket(env: Env = process.env): string {
  return join(tmuxSocketDir(env), 'default');
}

export function homeDir(env: Env = process.env): string {
  return env.HOME || homedir();
}

/** The tmux skill's socket directories: `$CLAUDE_TMUX_SOCKET_DIR` and `${TMPDIR:-/tmp}/claude-tmux-sockets`. */
export function tmuxSkillSocketDirs(env: Env = process.env): string[] {
  const dirs = [join(env.TMPDIR || '/tmp', 'claude-tmux-sockets')];
  if (env.CLAUDE_TMUX_SOCKET_DIR) dirs.unshift(env.CLAUDE_TMUX_SOCKET_DIR);
  return [...new Set(dirs)];
}

/** The tmux skill's registries: beside its sockets (code) and under ~/.local/state (docs). */
export function tmuxSkillRegistries(env: Env = process.env): string[] {
  return [
    ...tmuxSkillSocketDirs(env).map((dir) => join(dir, '.sessions.json')),
    join(homeDir(env), '.local', 'state', 'claude-tmux', '.sessions.json'),
  ];
}

/** schmux's state file. */
export function schmuxStateFile(env: Env = process.env): string {
  return join(homeDir(env), '.schmux', 'state.json');
}

/** Loopwatch's own config directory (settings in `serve` mode, audit log, history). */
export function loopwatchConfigDir(env: Env = process.env): string {
  if (env.LOOPWATCH_CONFIG_DIR) return env.LOOPWATCH_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME || join(homeDir(env), '.config');
  return join(base, 'loopwatch');
}

/** Loopwatch's runtime directory (the supervisor's hook socket). */
export function loopwatchRuntimeDir(env: Env = process.env): string {
  if (env.LOOPWATCH_RUNTIME_DIR) return env.LOOPWATCH_RUNTIME_DIR;
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'loopwatch');
  return join(env.TMPDIR || tmpdir(), `loopwatch-${uid()}`);
}

/** Loopwatch's data directory (session output logs): `LOOPWATCH_DATA_DIR`, else `$XDG_DATA_HOME/loopwatch`. */
export function loopwatchDataDir(env: Env = process.env): string {
  if (env.LOOPWATCH_DATA_DIR) return env.LOOPWATCH_DATA_DIR;
  const base = env.XDG_DATA_HOME || join(homeDir(env), '.local', 'share');
  return join(base, 'loopwatch');
}

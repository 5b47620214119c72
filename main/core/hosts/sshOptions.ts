/**
 * The ssh command line Loopwatch uses for a host: the system OpenSSH
 * client, one shared connection per host (ControlMaster), never a prompt
 * (BatchMode), keep-alives, and strict host keys (an unknown or changed
 * key is an error for that host, never accepted silently).
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loopwatchRuntimeDir, type Env } from '../paths';
import type { HostSpec } from './hostSpec';

/** The ssh client; tests and odd installs point it elsewhere. */
export function sshBinary(env: Env = process.env): string {
  return env.LOOPWATCH_SSH_BIN || 'ssh';
}

/** A keep-alive every 5 s, 3 missed ones: a dead link is noticed within ~15 s. */
const SERVER_ALIVE_INTERVAL_S = 5;
const SERVER_ALIVE_COUNT_MAX = 3;
/** A host that does not answer the TCP connect within this long is unreachable. */
export const CONNECT_TIMEOUT_S = 8;
/**
 * Unix socket paths hold at most 107 bytes (sun_path), and ssh adds a
 * 17-character temp suffix while it sets the socket up.
 */
const MAX_CONTROL_PATH = 107 - 17;

export interface SshMode {
  /**
   * How long the shared connection outlives its last user: long in the
   * supervisor (closed explicitly on dispose), short for one-shot commands
   * (a quick second `list` reuses it, nothing lingers for long).
   */
  persist: 'yes' | `${number}s`;
}

/** One control socket per host and ssh config; a short hash keeps the path short. */
export function controlPath(host: HostSpec, env: Env = process.env): string {
  const key = createHash('sha256')
    .update(`${host.sshConfig ?? ''}\u0000${host.destination}`)
    .digest('hex')
    .slice(0, 16);
  const uid = process.getuid?.() ?? 0;
  let dir = join(loopwatchRuntimeDir(env), 'ssh');
  if (join(dir, key).length > MAX_CONTROL_PATH) dir = join(tmpdir(), `lw-ssh-${uid}`);
  return join(dir, key);
}

/** Make the control socket's directory; private: whoever reaches the socket uses the connection. */
export function ensureControlDir(host: HostSpec, env: Env = process.env): void {
  mkdirSync(dirname(controlPath(host, env)), { recursive: true, mode: 0o700 });
}

/** ssh's options for `host` (everything before the destination). */
export function sshOptions(host: HostSpec, mode: SshMode, env: Env = process.env): string[] {
  const options: Record<string, string> = {
    BatchMode: 'yes',
    StrictHostKeyChecking: 'yes',
    ControlMaster: 'auto',
    ControlPath: controlPath(host, env),
    ControlPersist: mode.persist,
    ServerAliveInterval: String(SERVER_ALIVE_INTERVAL_S),
    ServerAliveCountMax: String(SERVER_ALIVE_COUNT_MAX),
    ConnectTimeout: String(CONNECT_TIMEOUT_S),
    // Errors only: warnings ("Permanently added ...") would mix into what we classify.
    LogLevel: 'ERROR',
  };
  const args: string[] = [];
  if (host.sshConfig) args.push('-F', host.sshConfig);
  // -T: no terminal; -x -a: no X11 or agent forwarding to the host.
  args.push('-T', '-x', '-a');
  for (const [key, value] of Object.entries(options)) args.push('-o', `${key}=${value}`);
  return args;
}

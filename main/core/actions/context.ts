/**
 * What every lifecycle action needs to know about where it runs: the
 * environment (HOME, TMUX_TMPDIR, config dir), the extra tmux sockets the
 * user named, and who asked (for the audit log).
 */
import type { HostConnection } from '../hosts/hostConnection';
import type { Env } from '../paths';

export interface ActionContext {
  env: Env;
  /** Sockets named with `--socket` or in settings, besides the discovered ones. */
  sockets: readonly string[];
  /** Who asked, for the audit log: "cli" or "app". */
  actor: 'cli' | 'app';
  /**
   * A remote host's shared connection by name, for actions on its sessions
   * (issue 17); absent or null: that host is not known here.
   */
  hosts?: ((name: string) => HostConnection | null) | undefined;
}

/** A refusal the user can act on: the message says why and what to do instead. */
export class ActionRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionRefusedError';
  }
}

/**
 * How a program reaches one remote host: the ssh client, its options (the
 * shared connection, BatchMode, strict host keys), the destination. Plain
 * data, so it crosses to the pty host process; `overSsh()` turns it and an
 * argv into the client's command, the remote argv quoted into the one
 * shell line ssh hands the host.
 */
import { remoteCommandLine } from './remoteCommand';

export interface SshRoute {
  /** The host's name (for messages). */
  host: string;
  /** The ssh client program. */
  ssh: string;
  /** Everything before the destination (sshOptions()). */
  options: string[];
  destination: string;
}

export interface OverSshOptions {
  /**
   * Force a terminal on the host (`-tt`, after the options' `-T`, which it
   * overrides): for a `tmux attach` under our own pty.
   */
  tty?: boolean;
}

/** `ssh OPTIONS [-tt] DEST -- 'prog' 'arg'...` as a program and its argv. */
export function overSsh(
  route: SshRoute,
  argv: readonly string[],
  options: OverSshOptions = {},
): { file: string; args: string[] } {
  return {
    file: route.ssh,
    args: [
      ...route.options,
      ...(options.tty ? ['-tt'] : []),
      route.destination,
      '--',
      remoteCommandLine(argv),
    ],
  };
}

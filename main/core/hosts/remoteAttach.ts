/**
 * The command a person types to attach to a remote host's tmux session in
 * their own terminal: `ssh [-F CONFIG] -t DEST -- 'tmux -S SOCKET attach -t =NAME'`
 * (their own ssh, so their config and keys apply; the remote part quoted
 * for the host's shell, the whole for theirs).
 */
import { shellCommand } from '../shell/shellQuote';
import { exactSession } from '../tmux/quote';
import { remoteCommandLine } from './remoteCommand';

/** Where a person's own ssh reaches the host: the destination and Loopwatch's `-F` file, if any. */
export interface PeopleRoute {
  destination: string;
  options: readonly string[];
}

/** `ssh [-F CONFIG] [-t] DEST -- 'argv'...` for the user's own shell (`-t`: a terminal, for attach). */
export function sshCommandLine(
  route: PeopleRoute,
  argv: readonly string[],
  tty: boolean,
  shell = '',
): string {
  // The host's own ssh config file (hosts kept outside ~/.ssh/config), as Loopwatch uses it.
  const config = route.options.indexOf('-F');
  const configArgs = config >= 0 ? ['-F', route.options[config + 1] ?? ''] : [];
  return shellCommand(
    [
      'ssh',
      ...configArgs,
      ...(tty ? ['-t'] : []),
      route.destination,
      '--',
      remoteCommandLine(argv),
    ],
    shell,
  );
}

export function remoteAttachCommandLine(
  route: PeopleRoute,
  target: { socket: string; name: string },
  shell = '',
): string {
  return sshCommandLine(
    route,
    ['tmux', '-S', target.socket, 'attach', '-t', exactSession(target.name)],
    true,
    shell,
  );
}

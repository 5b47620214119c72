/**
 * The command a person types to attach to a remote host's tmux session in
 * their own terminal: `ssh [-F CONFIG] -t DEST -- 'tmux -S SOCKET attach -t =NAME'`
 * (their own ssh, so their config and keys apply; the remote part quoted
 * for the host's shell, the whole for theirs).
 */
import { shellCommand } from '../shell/shellQuote';
import { exactSession } from '../tmux/quote';
import { remoteCommandLine } from './remoteCommand';

export function remoteAttachCommandLine(
  route: { destination: string; options: readonly string[] },
  target: { socket: string; name: string },
  shell = '',
): string {
  // The host's own ssh config file (hosts kept outside ~/.ssh/config), as Loopwatch uses it.
  const config = route.options.indexOf('-F');
  const configArgs = config >= 0 ? ['-F', route.options[config + 1] ?? ''] : [];
  const remote = remoteCommandLine([
    'tmux',
    '-S',
    target.socket,
    'attach',
    '-t',
    exactSession(target.name),
  ]);
  return shellCommand(['ssh', ...configArgs, '-t', route.destination, '--', remote], shell);
}

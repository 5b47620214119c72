/**
 * The commands a user would type to look at a session by hand: attach to
 * it, print its screen, read its pipeline files. Shell-quoted with exact
 * `=NAME` targets, so names with spaces, quotes, `$()` or a leading dash
 * are safe to paste.
 */
import type { HandCommand, Session } from '../../../preload/contract';
import { sshCommandLine, type PeopleRoute } from '../../core/hosts/remoteAttach';
import { exactSession, exactSessionPane, targetableByName } from '../../core/tmux/quote';
import { shellCommand } from '../../core/shell/shellQuote';

/** Lines of events.jsonl a `tail` command shows: a screenful. */
const TAIL_LINES = 40;

export interface RunFiles {
  lock: string;
  state: string;
  events: string;
  progress: string;
}

export function handCommands(
  session: Session,
  files: RunFiles | null,
  /** A remote session's host as the user's own ssh reaches it; null: not reachable from here. */
  remote: PeopleRoute | null = null,
): HandCommand[] {
  const commands: HandCommand[] = [];
  // A name tmux reads as an id cannot be typed as a target: no command rather than a wrong one.
  const socket = session.live && targetableByName(session.name) ? session.socket : null;
  if (session.host) {
    // Its tmux commands run on the host, through the user's own ssh (its files are the host's).
    if (remote && socket) commands.push(...tmuxCommands(session, socket, remote));
    return commands;
  }
  if (socket) commands.push(...tmuxCommands(session, socket, null));
  if (files) {
    commands.push(
      { label: 'State file', command: shellCommand(['cat', files.state]) },
      { label: 'Lock file', command: shellCommand(['cat', files.lock]) },
      { label: 'Events', command: shellCommand(['tail', '-n', String(TAIL_LINES), files.events]) },
      {
        label: 'Progress',
        command: shellCommand(['tail', '-n', String(TAIL_LINES), files.progress]),
      },
    );
  }
  return commands;
}

/** Attach, watch and print the screen: local tmux, or tmux on the host over ssh. */
function tmuxCommands(session: Session, socket: string, remote: PeopleRoute | null): HandCommand[] {
  const tmux = ['tmux', '-S', socket];
  const line = (argv: string[], tty: boolean): string =>
    remote ? sshCommandLine(remote, argv, tty) : shellCommand(argv);
  return [
    { label: 'Attach', command: line([...tmux, 'attach', '-t', exactSession(session.name)], true) },
    {
      label: 'Watch without resizing',
      command: line(
        [...tmux, 'attach', '-f', 'read-only,ignore-size', '-t', exactSession(session.name)],
        true,
      ),
    },
    {
      label: 'Print its screen',
      command: line([...tmux, 'capture-pane', '-p', '-t', exactSessionPane(session.name)], false),
    },
  ];
}

/**
 * The commands a user would type to look at a session by hand: attach to
 * it, print its screen, read its pipeline files. Shell-quoted with exact
 * `=NAME` targets, so names with spaces, quotes, `$()` or a leading dash
 * are safe to paste.
 */
import type { HandCommand, Session } from '../../../preload/contract';
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

export function handCommands(session: Session, files: RunFiles | null): HandCommand[] {
  const commands: HandCommand[] = [];
  // A remote session's commands would run here, on another server: none until they go through ssh.
  if (session.host) return commands;
  // A name tmux reads as an id cannot be typed as a target: no command rather than a wrong one.
  if (session.live && session.socket && targetableByName(session.name)) {
    const tmux = ['tmux', '-S', session.socket];
    commands.push(
      {
        label: 'Attach',
        command: shellCommand([...tmux, 'attach', '-t', exactSession(session.name)]),
      },
      {
        label: 'Watch without resizing',
        command: shellCommand([
          ...tmux,
          'attach',
          '-f',
          'read-only,ignore-size',
          '-t',
          exactSession(session.name),
        ]),
      },
      {
        label: 'Print its screen',
        command: shellCommand([
          ...tmux,
          'capture-pane',
          '-p',
          '-t',
          exactSessionPane(session.name),
        ]),
      },
    );
  }
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

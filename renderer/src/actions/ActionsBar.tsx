import type { LoopwatchApi } from '../../../preload/contract';
import { CleanupDialog } from './CleanupDialog';
import { Dialog } from './Dialog';
import { HooksDialog } from './HooksDialog';
import { BulkKillDialog } from './BulkKillDialog';
import { EndedDialog } from './EndedDialog';
import { KillDialog, type KillTarget } from './KillDialog';
import { RestoreDialog } from './RestoreDialog';
import { ResumeButtons, ResumeDialog } from './ResumeDialog';
import { StartDialog } from './StartDialog';

/** Which lifecycle dialog is open: the top bar's buttons, or a row's `k` / a details button. */
export type ActionDialog =
  | { kind: 'start' }
  | { kind: 'kill'; target: KillTarget }
  | { kind: 'killMany'; targets: readonly KillTarget[] }
  | { kind: 'resume' }
  | { kind: 'resumeRun'; run: { name: string; projectDir: string; host?: string | undefined } }
  | { kind: 'cleanup' }
  | { kind: 'hooks' }
  | { kind: 'restore' }
  | { kind: 'ended' }
  | null;

/** The lifecycle actions in the top bar: start, resume, clean up, agent hooks. */
export function ActionsBar({
  onOpen,
}: {
  onOpen: (dialog: ActionDialog) => void;
}): React.JSX.Element {
  return (
    <nav className="actions-bar" aria-label="Actions">
      <button type="button" onClick={() => onOpen({ kind: 'start' })}>
        Start…
      </button>
      <button type="button" onClick={() => onOpen({ kind: 'resume' })}>
        Resume…
      </button>
      <button type="button" onClick={() => onOpen({ kind: 'cleanup' })}>
        Clean up…
      </button>
      <button type="button" onClick={() => onOpen({ kind: 'hooks' })}>
        Agent hooks…
      </button>
      <button type="button" onClick={() => onOpen({ kind: 'restore' })}>
        Restore…
      </button>
      <button type="button" onClick={() => onOpen({ kind: 'ended' })}>
        Ended…
      </button>
    </nav>
  );
}

/** The open dialog, if any. Each dialog shows its plan before it acts. */
export function ActionDialogs({
  api,
  open,
  onClose,
  unread,
  hosts = [],
}: {
  api: LoopwatchApi;
  open: ActionDialog;
  onClose: () => void;
  /** The watched remote hosts' names (start offers them). */
  hosts?: readonly string[];
  /** A tmux session that ended unread: cleanup does not pre-check ending it. */
  unread?: (socket: string, name: string) => boolean;
}): React.JSX.Element | null {
  switch (open?.kind) {
    case 'start':
      return <StartDialog api={api} onClose={onClose} hosts={hosts} />;
    case 'kill':
      return <KillDialog api={api} target={open.target} onClose={onClose} />;
    case 'killMany':
      return <BulkKillDialog api={api} targets={open.targets} onClose={onClose} />;
    case 'resume':
      return <ResumeDialog api={api} onClose={onClose} />;
    case 'resumeRun':
      return (
        <Dialog title={`Resume ${open.run.name}`} onClose={onClose}>
          {/* The plan says whether each applies; a live run is refused with its reason. */}
          <ResumeButtons api={api} run={{ ...open.run, canResume: true, canForce: true }} />
        </Dialog>
      );
    case 'cleanup':
      return <CleanupDialog api={api} onClose={onClose} unread={unread} />;
    case 'hooks':
      return <HooksDialog api={api} onClose={onClose} />;
    case 'restore':
      return <RestoreDialog api={api} onClose={onClose} />;
    case 'ended':
      return <EndedDialog api={api} onClose={onClose} />;
    case undefined:
      return null;
  }
}

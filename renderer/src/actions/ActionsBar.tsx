import { useState } from 'react';
import type { LoopwatchApi, Session } from '../../../preload/contract';
import { CleanupDialog } from './CleanupDialog';
import { Dialog } from './Dialog';
import { HooksDialog } from './HooksDialog';
import { KillDialog, type KillTarget } from './KillDialog';
import { ResumeDialog } from './ResumeDialog';
import { StartDialog } from './StartDialog';

type Open =
  | { kind: 'start' }
  | { kind: 'pick-kill' }
  | { kind: 'kill'; target: KillTarget }
  | { kind: 'resume' }
  | { kind: 'cleanup' }
  | { kind: 'hooks' }
  | null;

/** Choose the live session to kill (until the dashboard's rows offer it themselves). */
function KillPicker({
  sessions,
  onPick,
  onClose,
}: {
  sessions: readonly Session[];
  onPick: (target: KillTarget) => void;
  onClose: () => void;
}): React.JSX.Element {
  const live = sessions.filter((s) => s.live && s.socket);
  return (
    <Dialog title="Kill which session?" onClose={onClose}>
      {live.length === 0 ? (
        <p>No live sessions.</p>
      ) : (
        <ul className="picker">
          {live.map((s) => (
            <li key={s.id}>
              <button type="button" onClick={() => onPick({ name: s.name, socket: s.socket })}>
                {s.displayName}
              </button>{' '}
              <span className="muted">{s.socket}</span>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}

/**
 * The lifecycle actions in the top bar: start, kill, resume, clean up,
 * agent hooks. Each opens its dialog; the dialogs are also usable on their
 * own (e.g. KillDialog from a session row).
 */
export function ActionsBar({
  api,
  sessions,
}: {
  api: LoopwatchApi;
  sessions: readonly Session[];
}): React.JSX.Element {
  const [open, setOpen] = useState<Open>(null);
  const close = (): void => setOpen(null);
  return (
    <>
      <nav className="actions" aria-label="Actions">
        <button type="button" onClick={() => setOpen({ kind: 'start' })}>
          Start…
        </button>
        <button type="button" onClick={() => setOpen({ kind: 'pick-kill' })}>
          Kill…
        </button>
        <button type="button" onClick={() => setOpen({ kind: 'resume' })}>
          Resume…
        </button>
        <button type="button" onClick={() => setOpen({ kind: 'cleanup' })}>
          Clean up…
        </button>
        <button type="button" onClick={() => setOpen({ kind: 'hooks' })}>
          Agent hooks…
        </button>
      </nav>
      {open?.kind === 'start' && <StartDialog api={api} onClose={close} />}
      {open?.kind === 'pick-kill' && (
        <KillPicker
          sessions={sessions}
          onClose={close}
          onPick={(target) => setOpen({ kind: 'kill', target })}
        />
      )}
      {open?.kind === 'kill' && <KillDialog api={api} target={open.target} onClose={close} />}
      {open?.kind === 'resume' && <ResumeDialog api={api} onClose={close} />}
      {open?.kind === 'cleanup' && <CleanupDialog api={api} onClose={close} />}
      {open?.kind === 'hooks' && <HooksDialog api={api} onClose={close} />}
    </>
  );
}

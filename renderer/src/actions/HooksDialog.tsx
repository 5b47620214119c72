import { useEffect, useState } from 'react';
import type { HooksChange, HooksStatus, LoopwatchApi } from '../../../preload/contract';
import { Dialog, ErrorBox, errorText } from './Dialog';

/** Loopwatch's hooks in Claude Code's settings: which are there, install, uninstall. */
export function HooksDialog({
  api,
  onClose,
}: {
  api: Pick<LoopwatchApi, 'hooksStatus' | 'hooksInstall' | 'hooksUninstall'>;
  onClose: () => void;
}): React.JSX.Element {
  const [status, setStatus] = useState<HooksStatus | null>(null);
  const [change, setChange] = useState<HooksChange | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api.hooksStatus({ agent: 'claude' }).then(
      (found) => live && setStatus(found),
      (failure: unknown) => live && setError(errorText(failure)),
    );
    return () => {
      live = false;
    };
  }, [api]);

  const act = async (what: 'install' | 'uninstall'): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const done = await (what === 'install'
        ? api.hooksInstall({ agent: 'claude' })
        : api.hooksUninstall({ agent: 'claude' }));
      setChange(done);
      setStatus(done.status);
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  const usable = status !== null && status.fileState !== 'invalid';
  return (
    <Dialog
      title="Agent hooks: Claude Code"
      onClose={onClose}
      footer={
        <>
          <button
            type="button"
            disabled={!usable || busy || status.installed === 'none'}
            onClick={() => void act('uninstall')}
          >
            Uninstall
          </button>
          <button
            type="button"
            className="primary"
            disabled={!usable || busy}
            onClick={() => void act('install')}
          >
            {status?.installed === 'all' ? 'Reinstall' : 'Install'}
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      <p className="muted">
        Claude Code tells Loopwatch at once when it asks for permission, waits, or finishes.
        Installing merges Loopwatch's entries into the settings file (after a backup) and keeps
        every hook of yours; they apply to Claude sessions started afterwards.
      </p>
      {status && (
        <>
          <p>
            <code>{status.file}</code>
            {status.fileState === 'missing' && ' (does not exist yet: installing creates it)'}
          </p>
          {status.error && <p className="action-error">{status.error}</p>}
          <table className="hooks" aria-label="Hook events">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Matcher</th>
                <th scope="col">Installed</th>
              </tr>
            </thead>
            <tbody>
              {status.events.map((e) => (
                <tr key={`${e.event}:${e.matcher ?? ''}`}>
                  <td>{e.event}</td>
                  <td>{e.matcher ?? '-'}</td>
                  <td>{e.installed ? (e.current ? 'yes' : 'yes (older path)') : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">
            Command: <code>{status.command}</code>
          </p>
        </>
      )}
      {change && (
        <p role="status" className="action-done">
          {change.message}
        </p>
      )}
      <ErrorBox error={error} />
    </Dialog>
  );
}

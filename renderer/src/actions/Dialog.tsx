import { useEffect, useId, useRef, type ReactNode } from 'react';
import './actions.css';

/**
 * A modal dialog: labelled by its title, Escape closes it, focus moves in
 * when it opens and back where it was when it closes.
 */
export function Dialog({
  title,
  onClose,
  children,
  footer,
  wide = false,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
}): React.JSX.Element {
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  }, [onClose]);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    box.current?.focus();
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') close.current();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      before?.focus();
    };
  }, []);
  return (
    <div className="dialog-backdrop">
      <div
        ref={box}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className={wide ? 'dialog dialog-wide' : 'dialog'}
        tabIndex={-1}
      >
        <header className="dialog-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="dialog-body">{children}</div>
        {footer && <footer className="dialog-foot">{footer}</footer>}
      </div>
    </div>
  );
}

/** An error from the API, as a sentence. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function ErrorBox({ error }: { error: string | null }): React.JSX.Element | null {
  if (!error) return null;
  return (
    <p role="alert" className="action-error">
      {error}
    </p>
  );
}

/**
 * A confirming dialog's buttons: Cancel and the action (`children`) until
 * it is done, then Close (after `doneActions`, e.g. "Look again").
 */
export function ConfirmFooter({
  done,
  onClose,
  doneActions,
  children,
}: {
  done: boolean;
  onClose: () => void;
  doneActions?: ReactNode;
  children: ReactNode;
}): React.JSX.Element {
  return (
    <>
      {done && doneActions}
      <button type="button" onClick={onClose}>
        {done ? 'Close' : 'Cancel'}
      </button>
      {!done && children}
    </>
  );
}

/** A session was started (or resumed): what happened, and how to watch it. */
export function StartedNotice({
  message,
  attach,
  children,
}: {
  message: string;
  attach: string | null | undefined;
  children?: ReactNode;
}): React.JSX.Element {
  return (
    <div role="status" className="action-done">
      <p>{message}</p>
      {attach && (
        <p>
          Watch it: <code>{attach}</code>
        </p>
      )}
      {children}
    </div>
  );
}

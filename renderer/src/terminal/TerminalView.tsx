/**
 * One session's live terminal: a toolbar (name, live status, mode switch,
 * search, copy attach command, detach), a notice when it is over, and the
 * xterm.js screen. Closing it (Detach) detaches; it never kills the session.
 */
import { useEffect, useRef, useState } from 'react';
import type { Session, TerminalMode } from '../../../preload/contract';
import type { Transport } from '../api/transport';
import { StatusBadge } from '../dashboard/cells/StatusBadge';
import { describeEnd } from './endMessage';
import { SearchBar } from './SearchBar';
import type { TerminalTab } from './terminalsController';
import type { TerminalViewState } from './terminalState';
import { XtermSession } from './xtermSession';

/** How long "Copied" shows on the button. */
const COPIED_FEEDBACK_MS = 2_000;
/** A search asked for from the log viewer: the screen and history arrive in pieces after attach. */
const FIND_EVERY_MS = 250;
const FIND_TRIES = 12;

export interface TerminalViewProps {
  tab: TerminalTab;
  /** The session as the supervisor sees it now; undefined once it is gone. */
  session: Session | undefined;
  active: boolean;
  focusRequest: number;
  transport: Pick<Transport, 'openTerminal'>;
  onDetach: () => void;
}

/**
 * The one line under the toolbar: what is wrong, or what the mode means.
 * Always one line high, so nothing shifts the screen (in interactive mode a
 * shift would resize the agent's window).
 */
function InfoLine({
  state,
  lastKnown,
  fallbackCommand,
}: {
  state: TerminalViewState | null;
  lastKnown: Session | null;
  fallbackCommand: string | null;
}): React.JSX.Element {
  let role: 'status' | 'alert' | undefined;
  let tone = '';
  let content: React.ReactNode;
  let full = '';
  if (state?.phase === 'ended' && state.end) {
    const { headline, detail } = describeEnd(state.end, lastKnown);
    role = 'status';
    tone = 'ended';
    full = `${headline}. ${detail}`;
    content = (
      <>
        <strong>{headline}.</strong> {detail}
      </>
    );
  } else if (state?.phase === 'failed' || state?.phase === 'disconnected') {
    const headline = state.phase === 'failed' ? 'Could not attach.' : 'Disconnected.';
    role = 'alert';
    tone = 'failed';
    full = `${headline} ${state.error ?? ''}`;
    content = (
      <>
        <strong>{headline}</strong> {state.error}
      </>
    );
  } else if (fallbackCommand) {
    full = fallbackCommand;
    content = (
      <>
        Copy this to attach from your own terminal: <code>{fallbackCommand}</code>
      </>
    );
  } else if (!state || state.phase === 'connecting') {
    content = 'Attaching…';
  } else if (state.mode === 'watch') {
    const size = state.windowSize ? ` (${state.windowSize.cols}×${state.windowSize.rows})` : '';
    content = `Watching, read-only: keys are not sent and the agent's window keeps its size${size}.`;
  } else {
    content = 'Interactive: keys go to the session, and its window follows this view’s size.';
  }
  return (
    <div
      className={`terminal-info ${tone}`}
      role={role}
      aria-live="polite"
      title={full || undefined}
    >
      {content}
    </div>
  );
}

export function TerminalView({
  tab,
  session,
  active,
  focusRequest,
  transport,
  onDetach,
}: TerminalViewProps): React.JSX.Element {
  const screenRef = useRef<HTMLDivElement>(null);
  const engineRef = useRef<XtermSession | null>(null);
  const [state, setState] = useState<TerminalViewState | null>(null);
  const [searchOpen, setSearchOpen] = useState(false);
  // A search asked for from outside (the log viewer): the bar opens on its text, and the text
  // is looked for as the screen fills (bounded: FIND_TRIES × FIND_EVERY_MS).
  const [searchSeq, setSearchSeq] = useState<number | null>(null);
  const [searchFound, setSearchFound] = useState<boolean | null>(null);
  if (tab.search && tab.search.seq !== searchSeq) {
    setSearchSeq(tab.search.seq);
    setSearchOpen(true);
    setSearchFound(null);
  }
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  // The last thing the supervisor said about the session, kept after it is gone.
  const [lastKnown, setLastKnown] = useState<Session | null>(session ?? null);
  if (session && session !== lastKnown) setLastKnown(session);

  useEffect(() => {
    const screen = screenRef.current;
    if (!screen) return;
    const engine = new XtermSession({
      transport,
      sessionId: tab.sessionId,
      mode: tab.mode,
      requestedAt: tab.requestedAt,
      onChange: setState,
      onSearchRequest: () => setSearchOpen(true),
    });
    engineRef.current = engine;
    engine.mount(screen);
    return () => {
      engine.dispose();
      engineRef.current = null;
    };
  }, [transport, tab.sessionId, tab.mode, tab.requestedAt]);

  useEffect(() => {
    if (active) engineRef.current?.focus();
  }, [active, focusRequest]);

  const askedText = tab.search?.text ?? null;
  const phase = state?.phase;
  useEffect(() => {
    if (askedText === null || searchSeq === null || phase !== 'attached') return;
    let tries = 0;
    const timer = setInterval(() => {
      tries += 1;
      const found = engineRef.current?.search.findNext(askedText) ?? false;
      if (found || tries >= FIND_TRIES) {
        clearInterval(timer);
        setSearchFound(found);
      }
    }, FIND_EVERY_MS);
    return () => clearInterval(timer);
  }, [askedText, searchSeq, phase]);

  useEffect(() => {
    if (copied !== 'yes') return;
    const timer = setTimeout(() => setCopied(null), COPIED_FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [copied]);

  const name = session?.displayName ?? lastKnown?.displayName ?? tab.label;
  const mode = state?.mode ?? tab.mode;
  const attached = state?.phase === 'attached';
  const over = state && ['ended', 'failed', 'disconnected'].includes(state.phase);
  const attachCommand = state?.info?.attachCommand ?? null;

  const switchMode = (next: TerminalMode): void => {
    engineRef.current?.setMode(next);
    engineRef.current?.focus();
  };
  const copyAttachCommand = (): void => {
    if (!attachCommand) return;
    navigator.clipboard.writeText(attachCommand).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };

  return (
    <div
      role="tabpanel"
      id={`terminal-panel-${tab.sessionId}`}
      aria-label={`Terminal: ${name}`}
      className="terminal-view"
      hidden={!active}
    >
      <div className="terminal-toolbar" role="toolbar" aria-label={`${name} terminal`}>
        <span className="terminal-name">{name}</span>
        {session ? (
          <>
            <StatusBadge status={session.status} />
            <span className="reason">{session.reason}</span>
          </>
        ) : (
          <span className="status">no longer running</span>
        )}
        <span className="spacer" />
        <div role="group" aria-label="Mode" className="mode-switch">
          {(['watch', 'interactive'] as const).map((option) => (
            <button
              key={option}
              type="button"
              aria-pressed={mode === option}
              disabled={!attached || state.switching}
              onClick={() => switchMode(option)}
            >
              {option === 'watch' ? 'Watch' : 'Interactive'}
            </button>
          ))}
        </div>
        <button type="button" onClick={() => setSearchOpen(true)} title="Find (Ctrl+F)">
          Search
        </button>
        <button
          type="button"
          onClick={copyAttachCommand}
          disabled={!attachCommand}
          title={attachCommand ?? undefined}
        >
          {copied === 'yes' ? 'Copied' : 'Copy attach command'}
        </button>
        {over && (
          <button type="button" onClick={() => engineRef.current?.reopen()}>
            Reopen
          </button>
        )}
        <button
          type="button"
          onClick={onDetach}
          title="Close this terminal (the session keeps running)"
        >
          Detach
        </button>
      </div>
      <InfoLine
        state={state}
        lastKnown={lastKnown}
        fallbackCommand={copied === 'failed' ? attachCommand : null}
      />
      <div className="terminal-screen-frame">
        {searchOpen && (
          <SearchBar
            key={searchSeq ?? 'own'}
            initialText={askedText ?? ''}
            initialFound={searchFound}
            onFind={(text, { backwards, incremental }) => {
              const search = engineRef.current?.search;
              if (!search) return false;
              return backwards ? search.findPrevious(text) : search.findNext(text, { incremental });
            }}
            onClose={() => {
              setSearchOpen(false);
              engineRef.current?.focus();
            }}
          />
        )}
        <div
          className="terminal-screen"
          ref={screenRef}
          data-session-id={tab.sessionId}
          data-mode={mode}
          data-renderer={state?.renderer}
        />
      </div>
    </div>
  );
}

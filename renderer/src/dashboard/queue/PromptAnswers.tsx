/**
 * A waiting session's question and its answers, answered with one key (when
 * focus is in here) or a click, without opening the terminal. Answers that
 * go beyond this one request ("don't ask again", "All") or open a text box
 * ask a second time: the same key again, or Confirm. Main re-reads the pane
 * just before sending and refuses when the question changed; the refusal is
 * shown here.
 */
import { useState } from 'react';
import type { PromptOption, Session, SessionPrompt } from '../../../../preload/contract';
import { useApi } from '../../state/apiContext';

type Outcome = { ok: boolean; text: string } | null;

export interface PromptAnswersProps {
  session: Session;
  prompt: SessionPrompt;
  /** Where it is shown: ids and labels must differ between the queue and the details. */
  place: 'queue' | 'details';
}

/** The option a key press means: exact first, then ignoring case (Y for y). */
export function optionForKey(prompt: SessionPrompt, key: string): PromptOption | null {
  return (
    prompt.options.find((o) => o.key === key) ??
    prompt.options.find((o) => o.key.length === 1 && o.key.toLowerCase() === key.toLowerCase()) ??
    null
  );
}

export interface PromptAnswersState {
  pending: PromptOption | null;
  sending: boolean;
  outcome: Outcome;
  choose: (option: PromptOption) => void;
  send: (option: PromptOption, confirmed: boolean) => void;
  /** Drop a pending confirmation; false when there was none. */
  cancel: () => boolean;
  /** Answer for a key press; true when the key meant something here. */
  onKey: (key: string) => boolean;
}

export function usePromptAnswers(
  sessionId: string | null,
  prompt: SessionPrompt | null,
): PromptAnswersState {
  const api = useApi();
  const [pending, setPending] = useState<PromptOption | null>(null);
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  // Another session or another question: what was pending or said is about the old one.
  const identity = `${sessionId ?? ''}\u0000${prompt?.question ?? ''}`;
  const [shownFor, setShownFor] = useState(identity);
  if (shownFor !== identity) {
    setShownFor(identity);
    setPending(null);
    setOutcome(null);
  }
  const send = (option: PromptOption, confirmed: boolean): void => {
    if (!prompt || sessionId === null) return;
    setPending(null);
    setSending(true);
    setOutcome(null);
    api
      .answerPrompt({ sessionId, prompt, key: option.key, confirmed })
      .then(
        (result) => setOutcome({ ok: true, text: result.message }),
        (error: unknown) =>
          setOutcome({ ok: false, text: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => setSending(false));
  };
  const choose = (option: PromptOption): void => {
    if (sending) return;
    if (!option.needsConfirm) return send(option, false);
    if (pending?.key === option.key) return send(option, true);
    setOutcome(null);
    setPending(option);
  };
  const cancel = (): boolean => {
    if (!pending) return false;
    setPending(null);
    return true;
  };
  const onKey = (key: string): boolean => {
    if (key === 'Escape') return cancel();
    const option = prompt ? optionForKey(prompt, key) : null;
    if (!option) return false;
    choose(option);
    return true;
  };
  return { pending, sending, outcome, choose, send, cancel, onKey };
}

export function PromptAnswers({
  session,
  prompt,
  place,
  answers,
}: PromptAnswersProps & { answers: PromptAnswersState }): React.JSX.Element {
  const { pending, sending, outcome, choose, send, cancel } = answers;
  const questionId = `${place}-question-${session.id}`;
  return (
    <div className="prompt">
      <pre className="prompt-question" id={questionId}>
        {prompt.question || '(no question text)'}
      </pre>
      <div role="group" aria-labelledby={questionId} className="prompt-options">
        {prompt.options.map((option) => (
          <button
            key={option.key}
            type="button"
            className={`prompt-option${option.needsConfirm ? ' needs-confirm' : ''}`}
            disabled={sending}
            aria-pressed={pending?.key === option.key ? true : undefined}
            title={
              option.needsConfirm
                ? `${option.label}: goes beyond this request, asks you to confirm`
                : option.label
            }
            onClick={() => choose(option)}
          >
            <kbd>{option.key}</kbd> {option.label}
            {option.needsConfirm && (
              <span className="confirm-mark" aria-label="(asks to confirm)">
                {' '}
                ⚠
              </span>
            )}
          </button>
        ))}
      </div>
      {pending && (
        <p role="alert" className="prompt-confirm">
          “{pending.label}” goes beyond this one request. Press <kbd>{pending.key}</kbd> again or{' '}
          <button type="button" className="danger" onClick={() => send(pending, true)}>
            Confirm
          </button>{' '}
          <button type="button" onClick={() => cancel()}>
            Cancel <kbd>Esc</kbd>
          </button>
        </p>
      )}
      {sending && <p className="muted small">Sending…</p>}
      {outcome && (
        <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'prompt-ok' : 'problem'}>
          {outcome.text}
        </p>
      )}
    </div>
  );
}

import { useEffect, useState } from 'react';

/** How long "Copied" shows before the button reads "Copy" again. */
const COPIED_FEEDBACK_MS = 1_500;

async function copyText(text: string): Promise<void> {
  // The clipboard exists only in secure contexts: the loopback page and the app window are.
  if (!window.isSecureContext) throw new Error('no clipboard outside a secure context');
  await navigator.clipboard.writeText(text);
}

export function CopyButton({ text, label }: { text: string; label: string }): React.JSX.Element {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), COPIED_FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <button
      type="button"
      className="copy"
      aria-label={`Copy: ${label}`}
      onClick={() => {
        copyText(text).then(
          () => setState('copied'),
          () => setState('failed'),
        );
      }}
    >
      <span aria-live="polite">
        {state === 'copied'
          ? 'Copied'
          : state === 'failed'
            ? 'Copy failed: select the text'
            : 'Copy'}
      </span>
    </button>
  );
}

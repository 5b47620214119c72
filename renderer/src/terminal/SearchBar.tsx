import { useState } from 'react';

export interface SearchBarProps {
  /** Find `text` from the current match on; true when found. */
  onFind: (text: string, options: { backwards: boolean; incremental: boolean }) => boolean;
  onClose: () => void;
  /** Text the box opens with (a search asked for from elsewhere, e.g. the log viewer). */
  initialText?: string;
  /** Whether that text was found, when the caller looked for it. */
  initialFound?: boolean | null;
}

/** Ctrl/Cmd+F in a terminal: find text in the screen and scrollback (floats over the screen). */
export function SearchBar({
  onFind,
  onClose,
  initialText = '',
  initialFound = null,
}: SearchBarProps): React.JSX.Element {
  const [text, setText] = useState(initialText);
  const [foundHere, setFound] = useState<boolean | null>(null);
  const found = foundHere ?? initialFound;
  const find = (backwards: boolean, incremental = false, value = text): void => {
    setFound(value ? onFind(value, { backwards, incremental }) : null);
  };
  return (
    <div
      className="terminal-search"
      role="search"
      data-found={found === null ? undefined : String(found)}
    >
      <input
        // The search box opens on a key press in the terminal: typing continues here.
        autoFocus
        type="search"
        aria-label="Find in terminal"
        placeholder="Find in terminal"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          find(false, true, event.target.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') find(event.shiftKey);
          if (event.key === 'Escape') onClose();
        }}
      />
      <button type="button" aria-label="Previous match" onClick={() => find(true)}>
        ↑
      </button>
      <button type="button" aria-label="Next match" onClick={() => find(false)}>
        ↓
      </button>
      <span className="terminal-search-result" aria-live="polite">
        {found === false ? 'No match' : ''}
      </span>
      <button type="button" aria-label="Close search" onClick={onClose}>
        ✕
      </button>
    </div>
  );
}

import type { Ref } from 'react';

export function SearchBox({
  value,
  onChange,
  onLeave,
  ref,
}: {
  value: string;
  onChange: (value: string) => void;
  /**
   * Leave the box for the results: Esc (the query stays), ↓ and Enter
   * (`into` true: the list takes the keyboard on its first row).
   */
  onLeave: (into: boolean) => void;
  ref?: Ref<HTMLInputElement>;
}): React.JSX.Element {
  return (
    <div className="search">
      <input
        ref={ref}
        type="search"
        aria-label="Search sessions"
        placeholder="Search name or directory   /"
        value={value}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            // The first Esc leaves the box and keeps the query (the ✕ or select-all clears it).
            event.preventDefault();
            onLeave(false);
          } else if (event.key === 'ArrowDown' || event.key === 'Enter') {
            event.preventDefault();
            onLeave(true);
          }
        }}
      />
    </div>
  );
}

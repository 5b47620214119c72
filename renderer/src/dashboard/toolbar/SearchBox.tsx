import type { Ref } from 'react';

export function SearchBox({
  value,
  onChange,
  onLeave,
  ref,
}: {
  value: string;
  onChange: (value: string) => void;
  /** Esc on an empty box: give the keyboard back to the list. */
  onLeave: () => void;
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
          if (event.key !== 'Escape') return;
          event.preventDefault();
          if (value) onChange('');
          else onLeave();
        }}
      />
    </div>
  );
}

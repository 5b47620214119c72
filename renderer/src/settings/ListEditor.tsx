import { useId, useState } from 'react';

/** A list of strings with add and remove, for sockets and project roots. */
export function ListEditor({
  label,
  items,
  placeholder,
  onChange,
}: {
  label: string;
  items: readonly string[];
  placeholder: string;
  /** Resolves false when main refused the new list (the error is shown by the view). */
  onChange: (items: string[]) => Promise<boolean>;
}): React.JSX.Element {
  const [draft, setDraft] = useState('');
  const inputId = useId();
  const add = async (): Promise<void> => {
    const value = draft.trim();
    if (!value || items.includes(value)) return;
    if (await onChange([...items, value])) setDraft('');
  };
  return (
    <div className="list-editor">
      <ul aria-label={label}>
        {items.length === 0 && <li className="muted">None</li>}
        {items.map((item) => (
          <li key={item}>
            <code>{item}</code>
            <button
              type="button"
              aria-label={`Remove ${item}`}
              onClick={() => void onChange(items.filter((i) => i !== item))}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void add();
        }}
      >
        <label htmlFor={inputId} className="visually-hidden">
          {`Add to ${label.toLowerCase()}`}
        </label>
        <input
          id={inputId}
          value={draft}
          placeholder={placeholder}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit">Add</button>
      </form>
    </div>
  );
}

/**
 * Which button of a row of unnumbered options is selected (OpenCode's
 * "Allow once   Allow always   Reject", chosen with ←/→ and Enter). The
 * plain screen does not show it: the selected button is drawn in its own
 * colours. This reads one line of `capture-pane -e` (SGR escapes kept) and
 * returns the index of the one label drawn unlike all the others, or null
 * when that is not clear (then nothing is sent). Pure.
 */

/** One visible character and the SGR state it is drawn in. */
interface Cell {
  char: string;
  style: string;
}

const ESCAPE = '\u001b';

/**
 * Apply one SGR parameter list to the state (a map of attribute → value).
 * Only what tells cells apart matters: colours and the reverse/bold flags.
 */
function applySgr(state: Map<string, string>, params: string): void {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => Number(p || '0'));
  for (let i = 0; i < codes.length; i += 1) {
    const code = codes[i]!;
    if (code === 0) state.clear();
    else if (code === 1) state.set('bold', '1');
    else if (code === 22) state.delete('bold');
    else if (code === 7) state.set('reverse', '1');
    else if (code === 27) state.delete('reverse');
    else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) state.set('fg', `${code}`);
    else if (code === 39) state.delete('fg');
    else if ((code >= 40 && code <= 47) || (code >= 100 && code <= 107)) state.set('bg', `${code}`);
    else if (code === 49) state.delete('bg');
    else if (code === 38 || code === 48) {
      const which = code === 38 ? 'fg' : 'bg';
      if (codes[i + 1] === 5) {
        state.set(which, `5;${codes[i + 2]}`);
        i += 2;
      } else if (codes[i + 1] === 2) {
        state.set(which, `2;${codes[i + 2]};${codes[i + 3]};${codes[i + 4]}`);
        i += 4;
      }
    }
  }
}

/** The line's visible characters with their styles; other escapes are skipped. */
export function styledCells(line: string): Cell[] {
  const cells: Cell[] = [];
  const state = new Map<string, string>();
  for (let i = 0; i < line.length;) {
    if (line[i] === ESCAPE) {
      // CSI: ESC [ parameters final-letter; SGR (…m) changes the style.
      const csi = /^\[([0-9;:?]*)([A-Za-z])/.exec(line.slice(i + 1, i + 64));
      if (csi) {
        if (csi[2] === 'm' && !csi[1]!.startsWith('?')) applySgr(state, csi[1]!);
        i += 1 + csi[0].length;
      } else i += 2;
      continue;
    }
    const char = String.fromCodePoint(line.codePointAt(i)!);
    const style = [...state.entries()]
      .sort()
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    cells.push({ char, style });
    i += char.length;
  }
  return cells;
}

/** The plain text of a line of `capture-pane -e`. */
export function plainText(line: string): string {
  return styledCells(line)
    .map((c) => c.char)
    .join('');
}

/**
 * The index of the selected label in `line` (labels in the order they are
 * drawn), or null: a label missing, or not exactly one drawn differently.
 */
export function selectedButton(line: string, labels: readonly string[]): number | null {
  const cells = styledCells(line);
  const text = cells.map((c) => c.char).join('');
  const styles: string[] = [];
  let from = 0;
  for (const label of labels) {
    const at = text.indexOf(label, from);
    if (at === -1) return null;
    // The style of the label's letters (all of them the same, or it is not a plain button).
    const own = new Set(
      cells.slice(at, at + label.length).flatMap((c) => (c.char.trim() ? [c.style] : [])),
    );
    if (own.size !== 1) return null;
    styles.push([...own][0]!);
    from = at + label.length;
  }
  // The selected button has a background of its own: not the row's (the hints after the
  // buttons are drawn on it), and exactly one button differs from it.
  const bgOf = (style: string): string => /\bbg=(\S+)/.exec(style)?.[1] ?? '';
  const hint = cells.slice(from).find((c) => c.char.trim() !== '');
  const rowBg = hint ? bgOf(hint.style) : '';
  const own = styles.flatMap((style, i) =>
    bgOf(style) !== rowBg || /\breverse=/.test(style) ? [i] : [],
  );
  if (own.length === 1) return own[0]!;
  // Otherwise the one drawn unlike all the others, when there are at least three to compare.
  if (labels.length < 3) return null;
  const unique = styles.flatMap((style, i) =>
    styles.filter((s) => s === style).length === 1 ? [i] : [],
  );
  return unique.length === 1 ? unique[0]! : null;
}

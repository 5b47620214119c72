/**
 * The selected button of a row chosen with arrows, from the colours on the
 * screen: real OpenCode 1.18.33 screens (`capture-pane -e` of its
 * "△ Permission required" with each of its three buttons selected), and
 * the two-button "Always allow" confirmation drawn the same way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buttonRowLabels, extractPrompt } from '../../../../../main/core/status/promptOptions';
import { plainText, selectedButton } from '../../../../../main/core/status/selectedButton';

const DIR = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'fixtures',
  'screens',
  'opencode',
  '1.18.33',
  'escaped',
);
const LABELS = ['Allow once', 'Allow always', 'Reject'];

/** The button row of an escaped screen. */
function rowOf(screen: string): string {
  const row = screen.split('\n').find((line) => buttonRowLabels(plainText(line)) !== null);
  if (!row) throw new Error('no button row on the screen');
  return row;
}

/** OpenCode's way of drawing a row: panel background, the selected button on its own colour. */
function drawn(labels: readonly string[], selected: number): string {
  const panel = '\u001b[48;5;234m';
  const buttons = labels.map((label, i) =>
    i === selected
      ? `\u001b[48;5;215m \u001b[38;5;232m${label}\u001b[38;5;15m ${panel}`
      : ` \u001b[38;5;8m${label}\u001b[38;5;15m `,
  );
  return `  \u001b[38;5;215m\u001b[48;5;233m┃\u001b[38;5;15m${panel} ${buttons.join(' ')}      \u001b[38;5;255m⇆ \u001b[38;5;8mselect\u001b[38;5;15m  \u001b[38;5;255menter \u001b[38;5;8mconfirm\u001b[0m`;
}

describe('selected button (OpenCode, colours on the screen)', () => {
  for (const selected of [0, 1, 2]) {
    it(`reads "${LABELS[selected]}" selected on the real screen`, () => {
      const screen = readFileSync(join(DIR, `command-approval--selected-${selected}.ansi`), 'utf8');
      const row = rowOf(screen);
      expect(buttonRowLabels(plainText(row))).toEqual(LABELS);
      expect(selectedButton(row, LABELS)).toBe(selected);
      // The plain screen is the question the queue shows.
      const prompt = extractPrompt(plainText(screen));
      expect(prompt?.submit).toBe('select');
      expect(prompt?.question).toContain('Permission required');
      expect(prompt?.options.map((o) => [o.key, o.label, o.needsConfirm])).toEqual([
        ['1', 'Allow once', false],
        ['2', 'Allow always', true],
        ['3', 'Reject', false],
      ]);
    });
  }

  it('tells Confirm from Cancel (two buttons: the row colour decides)', () => {
    expect(selectedButton(drawn(['Confirm', 'Cancel'], 0), ['Confirm', 'Cancel'])).toBe(0);
    expect(selectedButton(drawn(['Confirm', 'Cancel'], 1), ['Confirm', 'Cancel'])).toBe(1);
  });

  it('says nothing when it cannot tell', () => {
    // No colours at all (NO_COLOR, a monochrome terminal): nothing is selected for sure.
    expect(
      selectedButton('   Allow once   Allow always   Reject   ⇆ select  enter confirm', LABELS),
    ).toBeNull();
    // A label that is not on the line.
    expect(selectedButton(drawn(LABELS, 1), ['Allow once', 'Deny', 'Reject'])).toBeNull();
  });

  it('reads colours as SGR states: 256-colour, true colour, resets', () => {
    const line = `\u001b[48;2;1;2;3m A \u001b[0m B \u001b[49m C  ⇆ select  enter confirm`;
    expect(selectedButton(line, ['A', 'B', 'C'])).toBe(0);
    expect(plainText('\u001b[1;31mred\u001b[0m \u001b[?25lx')).toBe('red x');
  });
});

/**
 * Answering a row of unnumbered buttons (OpenCode's "Allow once   Allow
 * always   Reject", ⇆ to select, Enter to confirm): read which button is
 * selected (the colours on the screen, `capture-pane -e`), move to the
 * chosen one with → (the row wraps around), read again that the chosen one
 * is now selected, and only then press Enter. Anything unclear refuses
 * before Enter: nothing is confirmed that the person did not choose.
 */
import { buttonRowLabels } from '../status/promptOptions';
import { plainText, selectedButton } from '../status/selectedButton';
import type { TmuxRunner } from '../tmux/runner';

/** Reads after the arrow keys until the selection shows on screen (a redraw takes a moment). */
const SELECTION_READS = 20;
const SELECTION_READ_EVERY_MS = 50;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The selected button of the last row showing exactly `labels`, or null. */
async function selectionNow(
  runner: TmuxRunner,
  paneId: string,
  labels: readonly string[],
): Promise<number | null> {
  const screen = await runner.run(['capture-pane', '-p', '-e', '-t', paneId]);
  const lines = screen.split('\n');
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const row = buttonRowLabels(plainText(lines[i]!));
    if (!row) continue;
    if (row.length !== labels.length || row.some((l, j) => l !== labels[j])) return null;
    return selectedButton(lines[i]!, labels);
  }
  return null;
}

/**
 * Select `labels[target]` and confirm it with Enter. Returns null when sent,
 * or why nothing was confirmed.
 */
export async function answerButtonRow(
  runner: TmuxRunner,
  paneId: string,
  labels: readonly string[],
  target: number,
): Promise<string | null> {
  const current = await selectionNow(runner, paneId, labels);
  if (current === null)
    return 'not sent: cannot tell which answer is selected on the screen; answer in the terminal';
  const moves = (target - current + labels.length) % labels.length;
  if (moves > 0) {
    await runner.run(['send-keys', '-t', paneId, ...Array<string>(moves).fill('Right')]);
    let now: number | null = current;
    for (let i = 0; i < SELECTION_READS && now !== target; i += 1) {
      await sleep(SELECTION_READ_EVERY_MS);
      now = await selectionNow(runner, paneId, labels);
    }
    if (now !== target) {
      const where = now === null ? 'unclear' : `"${labels[now]}"`;
      return `not confirmed: the selection moved to ${where}, not "${labels[target]}"; nothing was confirmed, look at the terminal`;
    }
  }
  await runner.run(['send-keys', '-t', paneId, 'Enter']);
  return null;
}

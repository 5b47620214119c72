/**
 * The question a waiting session asks, for the needs-you queue: read from
 * the screen of a pane whose screen waits (the active pane first), with
 * promptOptions' generic extractor.
 */
import type { Pane, SessionPrompt } from '../../../preload/contract';
import { extractPrompt } from './promptOptions';

/** The last read of a pane's screen while it waits, or null. */
export type WaitingText = (paneId: string) => string | null;

export function panePrompt(
  panes: readonly Pick<Pane, 'id' | 'active' | 'dead'>[],
  textOf: WaitingText,
): SessionPrompt | null {
  const ordered = [...panes].sort((a, b) => Number(b.active) - Number(a.active));
  for (const pane of ordered) {
    if (pane.dead) continue;
    const text = textOf(pane.id);
    const prompt = text === null ? null : extractPrompt(text);
    if (prompt) return { paneId: pane.id, question: prompt.question, options: prompt.options };
  }
  return null;
}

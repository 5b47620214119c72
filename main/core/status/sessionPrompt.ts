/**
 * The question a waiting session asks, for the needs-you queue: read from
 * the screen of the pane that waits (the active pane first), with
 * promptOptions' generic extractor. Only waiting sessions carry one.
 */
import type { Session, SessionPrompt } from '../../../preload/contract';
import { extractPrompt } from './promptOptions';

/** The last read of a pane's screen while it waits, or null. */
export type WaitingText = (socket: string, paneId: string) => string | null;

export function sessionPrompt(session: Session, textOf: WaitingText): SessionPrompt | null {
  if (session.status !== 'waiting' || !session.socket) return null;
  const panes = [...session.panes].sort((a, b) => Number(b.active) - Number(a.active));
  for (const pane of panes) {
    if (pane.dead) continue;
    const text = textOf(session.socket, pane.id);
    const prompt = text === null ? null : extractPrompt(text);
    if (prompt) return { paneId: pane.id, question: prompt.question, options: prompt.options };
  }
  return null;
}

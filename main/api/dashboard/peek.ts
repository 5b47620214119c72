/**
 * The last lines of a session's screen, for the details pane. Captured over
 * the supervisor's control connection (no process spawned); the last
 * capture of each session is kept, so a session whose tmux session is gone
 * still shows the screen the user last saw of it.
 */
import type { Peek } from '../../../preload/contract';

/** Lines a peek shows when the request does not say: a screenful and a little history. */
export const DEFAULT_PEEK_LINES = 40;
/** Screens kept for sessions that are gone: enough for every session a user looks at in a day. */
const KEPT_SCREENS = 200;

export type CapturePane = (sessionId: string, lines: number) => Promise<string | null>;

interface Kept {
  text: string;
  capturedAt: string;
}

/** Trailing blank lines are the unused bottom of the screen, not content. */
function trimScreen(text: string): string {
  return text.replace(/\s+$/u, '');
}

export class PeekService {
  /** Insertion-ordered: the oldest capture is evicted first. */
  private readonly kept = new Map<string, Kept>();

  constructor(private readonly capture: CapturePane) {}

  async peek(sessionId: string, lines = DEFAULT_PEEK_LINES, nowMs = Date.now()): Promise<Peek> {
    const raw = await this.capture(sessionId, lines);
    if (raw !== null) {
      const fresh = { text: trimScreen(raw), capturedAt: new Date(nowMs).toISOString() };
      this.kept.delete(sessionId);
      this.kept.set(sessionId, fresh);
      if (this.kept.size > KEPT_SCREENS) {
        const oldest = this.kept.keys().next().value;
        if (oldest !== undefined) this.kept.delete(oldest);
      }
      return { sessionId, ...fresh, kept: false, error: null };
    }
    const last = this.kept.get(sessionId);
    return {
      sessionId,
      text: last?.text ?? null,
      capturedAt: last?.capturedAt ?? null,
      kept: last !== undefined,
      error: 'the tmux session is gone or its server is not answering',
    };
  }
}

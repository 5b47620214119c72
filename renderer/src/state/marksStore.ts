/**
 * The user's marks on sessions (reviewed, last viewed, nickname), kept by main and
 * loaded on every (re)connect; changes arrive as `sessionMarks` events, so
 * every window agrees. Components read it through useSyncExternalStore.
 */
import type { SessionMark, SessionMarks } from '../../../preload/contract';
import type { Transport } from '../api/transport';

export interface MarksState {
  marks: ReadonlyMap<string, SessionMark>;
  /** A problem with the marks file, or the last failed request. */
  problem: string | null;
}

const EMPTY: MarksState = { marks: new Map(), problem: null };

export class MarksStore {
  private state: MarksState = EMPTY;
  private readonly listeners = new Set<() => void>();
  private readonly disposers: (() => void)[] = [];

  constructor(private readonly transport: Transport) {
    this.disposers.push(
      transport.api.onSessionMarks((marks) => this.apply(marks)),
      transport.onConnection((connection) => {
        if (connection === 'open') void this.load();
      }),
    );
    // A WebSocket that is still connecting loads on its 'open' event.
    if (transport.connection() === 'open') void this.load();
  }

  getState = (): MarksState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  private apply(marks: SessionMarks): void {
    const previous = this.state.marks;
    const next = new Map<string, SessionMark>();
    for (const mark of marks.marks) {
      const before = previous.get(mark.sessionId);
      // Unchanged marks keep their identity: rows that show them do not re-render.
      const same =
        before?.reviewedStatus === mark.reviewedStatus &&
        before.reviewedAt === mark.reviewedAt &&
        before.viewedAt === mark.viewedAt &&
        before.nickname === mark.nickname;
      next.set(mark.sessionId, same ? before : mark);
    }
    this.set({ marks: next, problem: marks.problem });
  }

  private set(next: MarksState): void {
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  private async run(request: () => Promise<SessionMarks>): Promise<void> {
    try {
      this.apply(await request());
    } catch (error) {
      this.set({ ...this.state, problem: (error as Error).message });
    }
  }

  load(): Promise<void> {
    return this.run(() => this.transport.api.getSessionMarks());
  }

  markReviewed(sessionId: string, reviewed: boolean): Promise<void> {
    return this.run(() => this.transport.api.markReviewed({ sessionId, reviewed }));
  }

  setNickname(sessionId: string, nickname: string | null): Promise<void> {
    return this.run(() => this.transport.api.setNickname({ sessionId, nickname }));
  }

  /** Best effort: a "last viewed" time lost to a dropped connection is not worth a warning. */
  async markViewed(sessionId: string): Promise<void> {
    try {
      this.apply(await this.transport.api.markViewed({ sessionId }));
    } catch {
      /* the next view records it */
    }
  }

  dismissProblem(): void {
    this.set({ ...this.state, problem: null });
  }

  dispose(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
    this.listeners.clear();
  }
}

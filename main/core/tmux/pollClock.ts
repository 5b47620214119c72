/**
 * One timer for every periodic check of a supervisor (each server's cheap
 * poll, the lock holders' pids): one wake-up per tick instead of one per
 * server, and nothing at all while nobody listens.
 */
export class PollClock {
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(readonly intervalMs: number) {}

  add(listener: () => void): () => void {
    this.listeners.add(listener);
    this.timer ??= setInterval(() => {
      for (const tick of [...this.listeners]) tick();
    }, this.intervalMs);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  dispose(): void {
    this.listeners.clear();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

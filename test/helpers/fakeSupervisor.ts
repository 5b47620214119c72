/**
 * A stand-in for the Supervisor in unit tests of what sits on top of it
 * (app core, shell): its sessions are set by the test, it emits the
 * supervisor's events on demand, and it records what it was asked.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import type { HostHealth, Session, Transition } from '../../preload/contract';
import type { Supervisor, SupervisorEvents, WatchTargets } from '../../main/core/supervisor';

export class FakeSupervisor extends EventEmitter<SupervisorEvents> {
  current: Session[] = [];
  /** Remote hosts' health, as the test sets it. */
  hosts: HostHealth[] = [];
  seq = 0;
  readonly start = vi.fn(() => Promise.resolve());
  readonly dispose = vi.fn(() => {
    this.removeAllListeners();
  });
  readonly setWatchTargets = vi.fn((_targets: WatchTargets) => undefined);

  sessions(): Session[] {
    return this.current;
  }

  hostHealth(): HostHealth[] {
    return this.hosts;
  }

  snapshot() {
    return {
      seq: this.seq,
      generatedAt: new Date().toISOString(),
      servers: [],
      sessions: this.current,
    };
  }

  /** Replace the sessions and emit the delta, then the transition, as the supervisor does. */
  change(sessions: Session[], transitions: Transition[] = []): void {
    this.current = sessions;
    this.seq += 1;
    this.emit('delta', { seq: this.seq, upsert: sessions, remove: [] });
    for (const transition of transitions) this.emit('transition', transition);
  }

  asSupervisor(): Supervisor {
    // Only the members the code under test uses are here; the test owns that contract.
    return this as unknown as Supervisor;
  }
}

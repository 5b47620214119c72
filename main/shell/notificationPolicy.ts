/**
 * The notification policy: status transitions in, notifications out.
 *
 * Kinds: "needs you" (entered waiting), "finished" (entered done, or idle
 * after working for an interactive agent), "crashed". Nothing for statuses
 * found at start-up, for a kind switched off, a muted session, while
 * notifications are paused, or for the session whose terminal the user is
 * looking at. A session repeating the same kind within the cooldown stays
 * quiet (a flapping agent), and what arrives within a short window is
 * delivered together: one notification per kind, a summary when several
 * sessions share it, so a crash never hides inside "finished".
 *
 * Plain module: no electron, no tmux. Time comes from an injectable clock so
 * tests script whole sequences with fake timers.
 */
import { basename } from 'node:path';
import type {
  LoopwatchNotification,
  NotificationKind,
  Session,
  SessionStatus,
  Settings,
  Transition,
} from '../../preload/contract';

/** Notifications arriving this close together are one burst (agents finishing together, a server dying). */
export const COALESCE_WINDOW_MS = 1_500;
/** The same session and kind notify at most once per minute: a flapping agent does not spam. */
export const COOLDOWN_MS = 60_000;
/** A summary names this many sessions, then "+N". */
export const SUMMARY_NAMES = 3;

/**
 * Commands of agents that take turns with a person: working then idle
 * means the turn is over ("finished"). A shell going quiet after `ls` is not.
 */
export const INTERACTIVE_AGENT_COMMANDS: ReadonlySet<string> = new Set([
  'claude',
  'codex',
  'gemini',
  'aider',
  'opencode',
  'amp',
  'goose',
  'cursor-agent',
]);
/** Sources whose sessions are interactive agents whatever runs in the pane. */
const AGENT_SOURCES: ReadonlySet<Session['source']> = new Set([
  'schmux',
  'claudeSquad',
  'agentDeck',
]);

export interface PolicyClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock (fake timers replace these globals in tests). */
export const systemClock: PolicyClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface NotificationPolicyOptions {
  settings: () => Settings;
  /** The session whose terminal has the user's attention right now, if any. */
  focusedSession: () => string | null;
  /** The session as it is now (for its project and command); undefined once gone. */
  session: (sessionId: string) => Session | undefined;
  deliver: (notification: LoopwatchNotification) => void;
  clock?: PolicyClock;
}

interface Pending {
  kind: NotificationKind;
  transition: Transition;
  session: Session | undefined;
}

const KIND_SETTING: Readonly<Record<NotificationKind, keyof Settings>> = {
  needsYou: 'notifyNeedsYou',
  finished: 'notifyFinished',
  crashed: 'notifyCrashed',
};

/** Delivery order within a burst: the most urgent first. */
const KIND_ORDER: readonly NotificationKind[] = ['crashed', 'needsYou', 'finished'];

const VERB: Readonly<Record<NotificationKind, { one: string; many: string }>> = {
  needsYou: { one: 'needs you', many: 'need you' },
  finished: { one: 'finished', many: 'finished' },
  crashed: { one: 'crashed', many: 'crashed' },
};

/** Is this session an agent that takes turns with a person? */
export function isInteractiveAgent(session: Session | undefined): boolean {
  if (!session || session.source === 'pipeline') return false;
  if (AGENT_SOURCES.has(session.source)) return true;
  const pane = session.panes.find((p) => p.active) ?? session.panes[0];
  return pane !== undefined && INTERACTIVE_AGENT_COMMANDS.has(basename(pane.currentCommand));
}

/** Which kind of notification a transition stands for, if any. */
export function kindOf(
  transition: Pick<Transition, 'from' | 'to'>,
  session: Session | undefined,
): NotificationKind | null {
  if (transition.to === 'waiting') return 'needsYou';
  if (transition.to === 'crashed') return 'crashed';
  if (transition.to === 'done') return 'finished';
  if (transition.to === 'idle' && transition.from === 'working' && isInteractiveAgent(session)) {
    return 'finished';
  }
  return null;
}

/** Does the session's current status still say what a pending notification would? */
function stillTrue(kind: NotificationKind, status: SessionStatus): boolean {
  if (kind === 'needsYou') return status === 'waiting';
  if (kind === 'finished') return status === 'done' || status === 'idle';
  return true; // A crash happened; it is never taken back.
}

export class NotificationPolicy {
  private readonly clock: PolicyClock;
  private pending: Pending[] = [];
  private timer: unknown = null;
  /** `${sessionId}\n${kind}` -> when it last notified. */
  private readonly lastNotified = new Map<string, number>();
  private counter = 0;

  constructor(private readonly options: NotificationPolicyOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Feed one transition from the supervisor. */
  onTransition(transition: Transition): void {
    const session = this.options.session(transition.sessionId);
    // A later transition of a session with a notification still waiting in
    // the window makes it stale (a prompt answered at once): drop it.
    this.pending = this.pending.filter(
      (p) => p.transition.sessionId !== transition.sessionId || stillTrue(p.kind, transition.to),
    );
    if (transition.initial) return;
    const kind = kindOf(transition, session);
    if (kind === null || this.suppressed(kind, transition)) return;
    const key = `${transition.sessionId}\n${kind}`;
    const now = this.clock.now();
    const last = this.lastNotified.get(key);
    if (last !== undefined && now - last < COOLDOWN_MS) return;
    this.lastNotified.set(key, now);
    this.pending.push({ kind, transition, session });
    this.timer ??= this.clock.setTimeout(() => this.flush(), COALESCE_WINDOW_MS);
  }

  private suppressed(kind: NotificationKind, transition: Transition): boolean {
    const settings = this.options.settings();
    if (settings[KIND_SETTING[kind]] !== true) return true;
    if (settings.mutedSessions.includes(transition.sessionId)) return true;
    if (settings.pausedUntil !== null && Date.parse(settings.pausedUntil) > this.clock.now()) {
      return true;
    }
    return this.options.focusedSession() === transition.sessionId;
  }

  /** Deliver what the window collected: one notification per kind. */
  flush(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    const silent = !this.options.settings().sound;
    for (const kind of KIND_ORDER) {
      const items = batch.filter((p) => p.kind === kind);
      if (items.length === 0) continue;
      this.options.deliver(
        items.length === 1 ? this.single(items[0]!, silent) : this.summary(kind, items, silent),
      );
    }
  }

  private single({ kind, transition, session }: Pending, silent: boolean): LoopwatchNotification {
    const project = session?.projectDir ? basename(session.projectDir) : null;
    return {
      id: this.nextId(),
      kind,
      title: `${transition.name}${transition.host ? ` on ${transition.host}` : ''} ${VERB[kind].one}`,
      body: project ? `${project} · ${transition.reason}` : transition.reason,
      sessionId: transition.sessionId,
      sessionIds: [transition.sessionId],
      silent,
      at: new Date(this.clock.now()).toISOString(),
    };
  }

  private summary(
    kind: NotificationKind,
    items: readonly Pending[],
    silent: boolean,
  ): LoopwatchNotification {
    const names = items.map(({ transition: t }) => (t.host ? `${t.name} (${t.host})` : t.name));
    const shown = names.slice(0, SUMMARY_NAMES);
    const rest = names.length - shown.length;
    return {
      id: this.nextId(),
      kind,
      title: `${items.length} sessions ${VERB[kind].many}`,
      body: rest > 0 ? `${shown.join(', ')}, +${rest}` : shown.join(', '),
      sessionId: null,
      sessionIds: items.map((p) => p.transition.sessionId),
      silent,
      at: new Date(this.clock.now()).toISOString(),
    };
  }

  private nextId(): string {
    this.counter += 1;
    return `n${this.clock.now().toString(36)}-${this.counter}`;
  }

  /** Drop what is waiting and stop the timer. */
  dispose(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
  }
}

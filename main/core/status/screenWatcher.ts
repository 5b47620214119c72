/**
 * Reads a pane's screen only when it may have turned into a prompt, and
 * turns what it reads into a screen-rank signal.
 *
 * Every poll gives each pane a fingerprint (cursor, history size, activity
 * second, title, bell, dead). A pane whose fingerprint moved is "pending";
 * its last lines are captured once its output has stopped for longer than
 * its usual pause (QUIET_MS for a pane printing fast, up to QUIET_MAX_MS for
 * one printing a line a second: a pause like every other is not a
 * prompt), or, while it prints without a pause, every BUSY_CAPTURE_MS
 * (backing off to BUSY_MAX_MS while the screen says the same), never more
 * often than MIN_CAPTURE_INTERVAL_MS per pane; a bell captures at once. A
 * burst of several lines at once, unlike the pane's usual line or two (a
 * dialog box being drawn), needs only QUIET_MS. A pane that shows a prompt
 * and waits is captured once. Only the lines from a little above the
 * cursor to the bottom are captured.
 *
 * The title is not part of the fingerprint: it is a rule region of its
 * own, cheap to have (tmux pushes it, or the poll carries it). A change of
 * the title alone reads no screen: the last text read is classified again
 * with the new title (Codex's "Action Required", Gemini's "✋ Action
 * Required", Claude's spinner). Any other change still leads to a read,
 * which uses the title of that moment. A title whose own verdict changed
 * (by the title rules alone: a spinner gone at the end of a turn) marks the
 * agent's next change as a burst, read after QUIET_MS.
 */
import { EventEmitter } from 'node:events';
import type { AgentKind } from '../../../preload/contract';
import type { PaneAgents } from '../agents/paneAgents';
import type { PaneFacts } from '../tmux/formats';
import type { Signal } from './engine';
import type { RuleSet } from './rules/ruleSet';
import { classifyScreen, SCREEN_LINES, type ScreenMatch } from './screenClassifier';

/** Output stopped this long (more than one poll) before the screen is read. */
export const QUIET_MS = 200;
/** The longest pause waited for: other supervisors call a screen settled after 1.5 s. */
export const QUIET_MAX_MS = 1_500;
/** A pause counts when it is this much longer than the pane's usual one. */
const QUIET_FACTOR = 1.5;
/** Pauses longer than this are not part of a pane's rhythm. */
const RHYTHM_MAX_GAP_MS = 5_000;
/** A change of at least this many lines, and BURST_FACTOR times the usual, is a burst. */
const BURST_MIN_LINES = 4;
const BURST_FACTOR = 3;
/** A pane printing without pause is still read this often (its prompt may sit among output)... */
export const BUSY_CAPTURE_MS = 3_000;
/** ...doubling up to this while each read says the same. */
export const BUSY_MAX_MS = 24_000;
/** Never read one pane more often than this. */
export const MIN_CAPTURE_INTERVAL_MS = 500;
/**
 * A pane with no known agent where something happened since the last look is
 * looked at again this often (an agent started by a shell does not change
 * what tmux reports as its command; a pane that stayed silent is not looked at)...
 */
const IDENTIFY_FIRST_MS = 5_000;
/** ...doubling up to this while it still runs none (a plain shell costs one /proc scan a minute). */
const IDENTIFY_MAX_MS = 60_000;
/** Captures in flight at once (start-up reads every pane once). */
const MAX_CONCURRENT_CAPTURES = 8;
/** Last screens of panes that went away, kept for whoever asks next (the ended-sessions keeper). */
const MAX_DEPARTED_SCREENS = 256;

/** Read `fromLine` (0 = top of the visible screen) to the bottom of a pane, as plain text. */
export type CaptureFn = (
  socket: string,
  paneId: string,
  fromLine: number,
) => Promise<string | null>;

interface PaneScreen {
  socket: string;
  paneId: string;
  /** The latest poll's facts (the title is a rule region; pid and command identify the agent). */
  pane: PaneFacts;
  fp: string;
  /** The title last classified (the poll may update `pane` in place, so kept apart). */
  title: string;
  /** A title-only classification is under way. */
  retitling: boolean;
  changedAt: number;
  /** First change since the last capture (null: screen read is current). */
  pendingSince: number | null;
  capturedAt: number;
  fromLine: number;
  dead: boolean;
  match: ScreenMatch | null;
  matchSince: number;
  matchSeen: number;
  /** The pane's usual time between changes (moving average), null until known. */
  gapMs: number | null;
  /** Line position (history + cursor row), and the usual lines per change. */
  line: number;
  linesPerChange: number;
  /** The pending change came as a burst: read it after QUIET_MS, whatever the rhythm. */
  burst: boolean;
  busyMs: number;
  bell: boolean;
  bellSince: number | null;
  bellActivity: number | null;
  activity: number | null;
  capturing: boolean;
  /** The last read of a pane whose screen waits (for its question and answers), else null. */
  waitingText: string | null;
  /** The pane's activity time (s) when its current match was first read, null when unknown. */
  matchActivity: number | null;
  /** The last text read (what Loopwatch last saw of the screen), and when. */
  text: string | null;
  textAt: number;
  /** The pane just died: read its screen once more while tmux still keeps it. */
  finalRead: boolean;
  /** The agent last identified in the pane, when, and when to look again while there is none. */
  agent: AgentKind | null;
  identifiedAt: number;
  identifyEveryMs: number;
  /** The screen changed since the last periodic look for an agent (a new pane: true). */
  changedSinceLook: boolean;
  identifying: boolean;
}

/**
 * What a poll sees change on the screen; the program and the agent hint too
 * (the rules to read it with change). Not the title: see retitle().
 */
function fingerprint(p: PaneFacts): string {
  return `${p.cursorX},${p.cursorY},${p.historySize},${p.windowActivity},${p.bell},${p.dead},${p.pid},${p.currentCommand},${p.agentOption ?? ''}`;
}

function key(socket: string, paneId: string): string {
  return `${socket}\u0000${paneId}`;
}

export interface ScreenWatcherEvents {
  /** A pane's screen signal changed. */
  change: [socket: string, paneId: string];
}

export class ScreenWatcher extends EventEmitter<ScreenWatcherEvents> {
  private readonly panes = new Map<string, PaneScreen>();
  private readonly departed = new Map<string, { text: string; atMs: number }>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;
  private inFlight = 0;
  private disposed = false;

  constructor(
    private readonly capture: CaptureFn | null,
    private readonly rules: RuleSet,
    private readonly agents: PaneAgents,
  ) {
    super();
  }

  /** Record what a poll saw of these panes (all of a server's panes on a full poll). */
  observe(socket: string, panes: readonly PaneFacts[], nowMs: number): void {
    for (const pane of panes) {
      const k = key(socket, pane.id);
      const fp = fingerprint(pane);
      const fromLine = Math.max(
        0,
        Math.min(pane.cursorY, Math.max(0, pane.height - 1)) - SCREEN_LINES,
      );
      let screen = this.panes.get(k);
      if (!screen) {
        screen = {
          socket,
          paneId: pane.id,
          pane,
          fp,
          title: pane.title,
          retitling: false,
          changedAt: nowMs,
          pendingSince: nowMs,
          capturedAt: 0,
          fromLine,
          dead: pane.dead,
          match: null,
          matchSince: 0,
          matchSeen: 0,
          gapMs: null,
          line: pane.historySize + pane.cursorY,
          linesPerChange: 1,
          burst: false,
          busyMs: BUSY_CAPTURE_MS,
          bell: pane.bell,
          bellSince: pane.bell ? nowMs : null,
          bellActivity: pane.bell ? pane.windowActivity : null,
          activity: pane.windowActivity,
          capturing: false,
          waitingText: null,
          matchActivity: null,
          text: null,
          textAt: 0,
          // A pane first seen dead is not read (tmux keeps it; a peek reads it on demand).
          finalRead: false,
          agent: null,
          identifiedAt: nowMs,
          identifyEveryMs: IDENTIFY_FIRST_MS,
          changedSinceLook: true,
          identifying: false,
        };
        this.panes.set(k, screen);
        continue;
      }
      screen.fromLine = fromLine;
      screen.pane = pane;
      screen.activity = pane.windowActivity;
      if (
        this.capture &&
        screen.agent === null &&
        !screen.dead &&
        !screen.identifying &&
        // Only a pane where something happened since the last look: a silent shell or `cat`
        // has started nothing (an agent draws its screen as it starts).
        screen.changedSinceLook &&
        nowMs - screen.identifiedAt >= screen.identifyEveryMs
      )
        void this.reidentify(screen);
      if (pane.bell && !screen.bell) {
        screen.bellSince = nowMs;
        screen.bellActivity = pane.windowActivity;
        // A bell asks for attention now: read the screen without waiting for quiet.
        screen.pendingSince = nowMs - BUSY_CAPTURE_MS;
        this.emit('change', socket, pane.id);
      } else if (!pane.bell && screen.bell) {
        screen.bellSince = null;
        this.emit('change', socket, pane.id);
      }
      screen.bell = pane.bell;
      if (pane.dead !== screen.dead) {
        screen.dead = pane.dead;
        if (pane.dead) {
          screen.finalRead = true;
          screen.pendingSince ??= nowMs;
        }
        if (pane.dead && screen.match) {
          screen.match = null;
          this.emit('change', socket, pane.id);
        }
      }
      const retitled = pane.title !== screen.title;
      // The title's own verdict changed (a spinner gone, "Action Required"): the agent changed
      // state, so its next screen is read after QUIET_MS, not after its usual pause.
      if (
        retitled &&
        this.rules.titleState(pane.title, screen.agent) !==
          this.rules.titleState(screen.title, screen.agent)
      )
        screen.burst = true;
      screen.title = pane.title;
      if (screen.fp === fp) {
        if (retitled) void this.retitle(screen);
        continue;
      }
      const line = pane.historySize + pane.cursorY;
      const moved = Math.abs(line - screen.line);
      screen.line = line;
      if (moved >= BURST_MIN_LINES && moved >= BURST_FACTOR * screen.linesPerChange)
        screen.burst = true;
      else if (moved > 0) screen.linesPerChange = (screen.linesPerChange * 3 + moved) / 4;
      const gap = nowMs - screen.changedAt;
      if (gap < RHYTHM_MAX_GAP_MS)
        screen.gapMs = screen.gapMs === null ? gap : (screen.gapMs * 3 + gap) / 4;
      screen.fp = fp;
      screen.changedAt = nowMs;
      screen.changedSinceLook = true;
      screen.pendingSince ??= nowMs;
    }
    this.schedule(nowMs);
  }

  /**
   * Only the title changed: classify the last text read with it, reading
   * nothing. Not while a read is due or running (that read takes the new
   * title), nor for a pane never read (its first read is due anyway).
   */
  private async retitle(screen: PaneScreen): Promise<void> {
    const text = screen.text;
    if (
      this.disposed ||
      text === null ||
      screen.dead ||
      screen.retitling ||
      screen.capturing ||
      screen.pendingSince !== null
    )
      return;
    screen.retitling = true;
    const used = await this.classifyAgain(screen, text).finally(() => {
      screen.retitling = false;
    });
    // The title moved again while this one was classified.
    if (used !== null && screen.pane.title !== used) void this.retitle(screen);
  }

  /** Classify `text` (the last read) with the pane's title now; the title used, or null if not. */
  private async classifyAgain(screen: PaneScreen, text: string): Promise<string | null> {
    const identity = await this.agents.identify(screen.socket, screen.pane);
    // A read that began meanwhile classifies with the newest title itself.
    if (this.isDisposed() || screen.capturing || screen.text !== text) return null;
    const now = Date.now();
    this.noteAgent(screen, identity.agent, now);
    const textAt = screen.textAt;
    const used = screen.pane.title;
    this.record(screen, text, now, identity.agent);
    // The text is as old as its read; only the verdict is new.
    screen.textAt = textAt;
    return used;
  }

  /** (A method: a check after an await must not be narrowed by one before it.) */
  private isDisposed(): boolean {
    return this.disposed;
  }

  /** Look for an agent in a pane that had none; if one appeared, read its screen with its rules. */
  private async reidentify(screen: PaneScreen): Promise<void> {
    screen.identifying = true;
    screen.changedSinceLook = false;
    try {
      const identity = await this.agents.identify(screen.socket, screen.pane);
      screen.identifiedAt = Date.now();
      if (identity.agent === null) {
        screen.identifyEveryMs = Math.min(screen.identifyEveryMs * 2, IDENTIFY_MAX_MS);
        return;
      }
      screen.agent = identity.agent;
      if (this.disposed) return;
      screen.pendingSince ??= Date.now() - BUSY_CAPTURE_MS;
      this.emit('change', screen.socket, screen.paneId);
      this.schedule(Date.now());
    } finally {
      screen.identifying = false;
    }
  }

  private noteAgent(screen: PaneScreen, agent: AgentKind | null, atMs: number): void {
    if (agent !== screen.agent) screen.identifyEveryMs = IDENTIFY_FIRST_MS;
    screen.agent = agent;
    screen.identifiedAt = atMs;
  }

  /** Drop panes of `socket` that no longer exist. */
  retain(socket: string, alive: ReadonlySet<string>): void {
    for (const [k, screen] of this.panes) {
      if (screen.socket === socket && !alive.has(screen.paneId)) {
        this.panes.delete(k);
        if (screen.text !== null) this.keepDeparted(k, { text: screen.text, atMs: screen.textAt });
      }
    }
    this.agents.forget(socket, alive);
  }

  /** The rules changed: read every live pane again. */
  invalidate(nowMs: number): void {
    for (const screen of this.panes.values()) {
      if (!screen.dead) screen.pendingSince ??= nowMs - BUSY_CAPTURE_MS;
    }
    this.schedule(nowMs);
  }

  private keepDeparted(k: string, last: { text: string; atMs: number }): void {
    this.departed.delete(k);
    this.departed.set(k, last);
    // Maps iterate in insertion order: the first key is the oldest.
    while (this.departed.size > MAX_DEPARTED_SCREENS)
      this.departed.delete(this.departed.keys().next().value!);
  }

  /** The last screen text read of a pane (live, or gone recently), or null if none was read. */
  lastText(socket: string, paneId: string): { text: string; atMs: number } | null {
    const k = key(socket, paneId);
    const screen = this.panes.get(k);
    if (screen?.text != null) return { text: screen.text, atMs: screen.textAt };
    return this.departed.get(k) ?? null;
  }

  forgetServer(socket: string): void {
    this.retain(socket, new Set());
  }

  private quietFor(screen: PaneScreen): number {
    if (screen.burst) return QUIET_MS;
    const usual = screen.gapMs === null ? 0 : screen.gapMs * QUIET_FACTOR;
    return Math.min(QUIET_MAX_MS, Math.max(QUIET_MS, usual));
  }

  private dueAt(screen: PaneScreen): number | null {
    if (screen.pendingSince === null || screen.capturing) return null;
    if (screen.dead && !screen.finalRead) return null;
    const settled = Math.min(
      screen.changedAt + this.quietFor(screen),
      screen.pendingSince + screen.busyMs,
    );
    return Math.max(settled, screen.capturedAt + MIN_CAPTURE_INTERVAL_MS);
  }

  private schedule(nowMs: number): void {
    if (this.disposed || !this.capture) return;
    let next = Number.POSITIVE_INFINITY;
    for (const screen of this.panes.values()) {
      const due = this.dueAt(screen);
      if (due !== null && due < next) next = due;
    }
    if (next === Number.POSITIVE_INFINITY) return;
    if (this.timer && this.timerAt <= next) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = next;
    this.timer = setTimeout(() => this.run(), Math.max(0, next - nowMs));
  }

  private run(): void {
    this.timer = null;
    const now = Date.now();
    for (const screen of this.panes.values()) {
      if (this.inFlight >= MAX_CONCURRENT_CAPTURES) break;
      const due = this.dueAt(screen);
      if (due !== null && due <= now) void this.read(screen);
    }
    this.schedule(now);
  }

  private async read(screen: PaneScreen): Promise<void> {
    if (!this.capture) return;
    screen.capturing = true;
    this.inFlight += 1;
    const startedAt = Date.now();
    const fpBefore = screen.fp;
    // Read while output still flows (not after a pause): the busy back-off applies.
    const busy = startedAt - screen.changedAt < this.quietFor(screen);
    try {
      const text = await this.capture(screen.socket, screen.paneId, screen.fromLine).catch(
        () => null,
      );
      screen.capturedAt = Date.now();
      if (screen.dead) screen.finalRead = false;
      // Changes seen while the capture ran stay pending.
      if (screen.fp === fpBefore) {
        screen.pendingSince = null;
        screen.burst = false;
      }
      if (text !== null) {
        const identity = await this.agents.identify(screen.socket, screen.pane);
        this.noteAgent(screen, identity.agent, Date.now());
        // This read looked in /proc itself, and nothing moved since: that was the look, so a
        // pane that now stays silent is not looked at again (at start-up: every pane once).
        const lookedAt = this.agents.readAt(screen.socket, screen.pane);
        if (lookedAt !== null && lookedAt >= startedAt && screen.fp === fpBefore)
          screen.changedSinceLook = false;
        const changed = this.record(screen, text, startedAt, identity.agent);
        // A question on screen is read at the busy pace, never slower: its answer must show soon.
        const backOff = busy && !changed && screen.match?.status !== 'waiting';
        screen.busyMs = backOff ? Math.min(screen.busyMs * 2, BUSY_MAX_MS) : BUSY_CAPTURE_MS;
      }
    } finally {
      screen.capturing = false;
      this.inFlight -= 1;
      if (!this.disposed) this.schedule(Date.now());
    }
  }

  /** Classify a read; true when the kind of thing the screen says changed (not just its words). */
  private record(screen: PaneScreen, text: string, atMs: number, agent: AgentKind | null): boolean {
    screen.text = text;
    screen.textAt = atMs;
    const match = classifyScreen(this.rules, text, { agent, title: screen.pane.title });
    // A waiting screen whose words changed (another question, other answers) is news too.
    const waitingText = match?.status === 'waiting' ? text : null;
    const textChanged = waitingText !== screen.waitingText;
    screen.waitingText = waitingText;
    const sameKind =
      match?.signal === screen.match?.signal && match?.status === screen.match?.status;
    const same =
      match?.signal === screen.match?.signal &&
      match?.detail === screen.match?.detail &&
      match?.manifest.version === screen.match?.manifest.version &&
      match?.status === screen.match?.status;
    if (same) {
      screen.matchSeen = atMs;
      if (textChanged) this.emit('change', screen.socket, screen.paneId);
      return false;
    }
    screen.match = match;
    if (!sameKind) {
      screen.matchSince = atMs;
      screen.matchActivity = screen.activity;
    }
    screen.matchSeen = atMs;
    this.emit('change', screen.socket, screen.paneId);
    return !sameKind;
  }

  /** Classify text captured elsewhere (one-shot mode reads all panes in a batch). */
  async recordText(socket: string, pane: PaneFacts, text: string, atMs: number): Promise<void> {
    this.observe(socket, [pane], atMs);
    const screen = this.panes.get(key(socket, pane.id))!;
    screen.pendingSince = null;
    screen.capturedAt = atMs;
    const identity = await this.agents.identify(socket, pane);
    this.noteAgent(screen, identity.agent, atMs);
    this.record(screen, text, atMs, identity.agent);
  }

  /** The pane's agent as last identified (null: unknown, or never read). */
  agentOf(socket: string, pane: PaneFacts): AgentKind | null {
    return this.agents.known(socket, pane)?.agent ?? null;
  }

  /** Resolves once every pending screen read has been tried (start-up). */
  async settle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const busy = (): boolean =>
      this.inFlight > 0 || [...this.panes.values()].some((s) => s.capturedAt === 0 && !s.dead);
    while (busy() && Date.now() < deadline && !this.disposed && this.capture) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** The last read of a live pane whose screen waits for a person, or null. */
  waitingText(socket: string, paneId: string): string | null {
    const screen = this.panes.get(key(socket, paneId));
    return screen && !screen.dead ? screen.waitingText : null;
  }

  /** The screen's say about one pane, or null. */
  signal(socket: string, paneId: string): { signal: Signal; agent: AgentKind | null } | null {
    const screen = this.panes.get(key(socket, paneId));
    if (!screen || screen.dead) return null;
    if (screen.match) {
      const { status, signal, detail, agent, rule, manifest } = screen.match;
      // The screen has said this since its last output (tmux's activity time, in seconds), not
      // just since it was read: after a restart a prompt keeps its real age. Without that time,
      // the first read only bounds it.
      const drawnAt = screen.matchActivity === null ? null : screen.matchActivity * 1000;
      const at = drawnAt !== null && drawnAt <= screen.matchSince ? drawnAt : screen.matchSince;
      return {
        signal: {
          rank: 'screen',
          status,
          signal,
          detail,
          at,
          seenAt: screen.matchSeen,
          ...(drawnAt === null ? { atLeast: true } : {}),
          rule: { id: rule, manifest: manifest.id, version: manifest.version, name: manifest.name },
        },
        agent,
      };
    }
    const bellStill =
      screen.bellSince !== null &&
      (screen.activity === null || screen.activity <= (screen.bellActivity ?? 0));
    if (bellStill) {
      return {
        signal: {
          rank: 'screen',
          status: 'waiting',
          signal: 'screen:bell',
          detail: 'terminal bell (BEL): the program asks for attention',
          at: screen.bellSince!,
        },
        agent: null,
      };
    }
    return null;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.panes.clear();
    this.departed.clear();
    this.removeAllListeners();
  }
}

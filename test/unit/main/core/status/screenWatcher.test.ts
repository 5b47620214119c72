import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BUSY_CAPTURE_MS,
  MIN_CAPTURE_INTERVAL_MS,
  QUIET_MS,
  ScreenWatcher,
} from '../../../../../main/core/status/screenWatcher';
import { PaneAgents } from '../../../../../main/core/agents/paneAgents';
import { RuleSet } from '../../../../../main/core/status/rules/ruleSet';
import { samplePaneFacts } from '../../../../helpers/paneFacts';
import type { PaneFacts } from '../../../../../main/core/tmux/formats';

const SOCKET = '/s';
const POLL_MS = 150;

function pane(overrides: Partial<PaneFacts> = {}): PaneFacts {
  return samplePaneFacts({ windowActivity: 1, ...overrides });
}

describe('ScreenWatcher: when a screen is read', () => {
  let reads: string[];
  let screen: string;
  let watcher: ScreenWatcher;
  let line: number;

  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2026-11-21T10:00:00Z') });
    reads = [];
    screen = 'working…';
    line = 0;
    const rules = new RuleSet();
    // No process tree: the pane runs an unknown program, read with the generic rules.
    const agents = new PaneAgents(rules, () => Promise.resolve([]));
    watcher = new ScreenWatcher(
      (_socket, paneId) => {
        reads.push(paneId);
        return Promise.resolve(screen);
      },
      rules,
      agents,
    );
  });
  afterEach(() => {
    watcher.dispose();
    vi.useRealTimers();
  });

  /** One poll that saw the pane print a line (its cursor moved). */
  const printed = (overrides: Partial<PaneFacts> = {}): void => {
    line += 1;
    watcher.observe(SOCKET, [pane({ historySize: line, ...overrides })], Date.now());
  };
  const wait = async (ms: number): Promise<void> => {
    await vi.advanceTimersByTimeAsync(ms);
  };

  it('reads a pane once its output stops, then not again while it waits', async () => {
    watcher.observe(SOCKET, [pane()], Date.now());
    await wait(QUIET_MS + 10);
    expect(reads).toHaveLength(1);
    screen = 'Overwrite config.yaml? [y/N] ';
    printed();
    // Quiet, and no sooner than the per-pane rate limit allows.
    await wait(MIN_CAPTURE_INTERVAL_MS + 10);
    expect(reads).toHaveLength(2);
    expect(watcher.signal(SOCKET, '%1')?.signal).toMatchObject({
      rank: 'screen',
      status: 'waiting',
    });
    await wait(60_000);
    expect(reads).toHaveLength(2);
  });

  it('does not read a pane printing without pause more often than its busy interval', async () => {
    watcher.observe(SOCKET, [pane()], Date.now());
    await wait(QUIET_MS + 10);
    const before = reads.length;
    for (let elapsed = 0; elapsed < BUSY_CAPTURE_MS - POLL_MS; elapsed += POLL_MS) {
      printed();
      await wait(POLL_MS);
    }
    expect(reads.length).toBe(before);
    for (let elapsed = 0; elapsed < 2 * POLL_MS; elapsed += POLL_MS) {
      printed();
      await wait(POLL_MS);
    }
    expect(reads.length).toBe(before + 1);
  });

  it('a change of the title alone reads no screen: the last read is classified with the new title', async () => {
    // Gemini's own marks: "◇  Ready" idle, "✋  Action Required" waiting (its manifest's title rules).
    const gemini = (title: string): PaneFacts => pane({ agentOption: 'gemini', title });
    screen = ' > Type your message or @path/to/file';
    watcher.observe(SOCKET, [gemini('◇  Ready (proj)')], Date.now());
    await wait(QUIET_MS + 10);
    expect(reads).toHaveLength(1);
    expect(watcher.signal(SOCKET, '%1')?.signal).toMatchObject({ status: 'idle' });
    const changes: string[] = [];
    watcher.on('change', (_socket, paneId) => changes.push(paneId));
    watcher.observe(SOCKET, [gemini('✋  Action Required (proj)')], Date.now());
    await wait(10);
    expect(watcher.signal(SOCKET, '%1')?.signal).toMatchObject({
      status: 'waiting',
      rule: { id: 'gemini-title-action' },
    });
    expect(changes).toEqual(['%1']);
    await wait(60_000);
    expect(reads).toHaveLength(1);
    // Output with the title: read as before, with the title of that moment.
    printed({ agentOption: 'gemini', title: '◇  Ready (proj)' });
    await wait(MIN_CAPTURE_INTERVAL_MS + QUIET_MS + 10);
    expect(reads).toHaveLength(2);
    expect(watcher.signal(SOCKET, '%1')?.signal).toMatchObject({ status: 'idle' });
  });

  it('a pane printing a line a second is not read at each pause: its rhythm sets the quiet it needs', async () => {
    for (let i = 0; i < 4; i += 1) {
      printed();
      await wait(1000);
    }
    const afterWarmUp = reads.length;
    for (let i = 0; i < 2; i += 1) {
      printed();
      await wait(1000);
    }
    expect(reads.length).toBe(afterWarmUp);
    // It stops: a pause longer than its rhythm is read.
    await wait(1600);
    expect(reads.length).toBe(afterWarmUp + 1);
  });

  it('a burst of lines after a steady rhythm (a dialog drawn) is read without waiting out the rhythm', async () => {
    for (let i = 0; i < 6; i += 1) {
      printed();
      await wait(500);
    }
    const before = reads.length;
    line += 11;
    watcher.observe(SOCKET, [pane({ historySize: line })], Date.now());
    await wait(QUIET_MS + 10);
    expect(reads.length).toBe(before + 1);
  });

  it("a title whose own verdict changed (Codex's spinner gone) is read without waiting out the rhythm", async () => {
    const codex = (title: string): Partial<PaneFacts> => ({ agentOption: 'codex', title });
    // A turn: a line a second, the spinner turning in the title (its verdict stays "working").
    const spinner = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴'];
    for (const frame of spinner) {
      printed(codex(`${frame} say hello | proj`));
      await wait(1000);
    }
    const before = reads.length;
    // Its frames alone are no cue: the next line waits out the rhythm (about 1.5 s).
    printed(codex('⠦ say hello | proj'));
    await wait(QUIET_MS + 10);
    expect(reads.length).toBe(before);
    await wait(1500);
    expect(reads.length).toBe(before + 1);
    for (const frame of spinner) {
      printed(codex(`${frame} say hello | proj`));
      await wait(1000);
    }
    // The turn ends: the spinner leaves the title as the reply is drawn.
    const atEnd = reads.length;
    printed(codex('say hello | proj'));
    await wait(QUIET_MS + 10);
    expect(reads.length).toBe(atEnd + 1);
  });

  it('a bell is read without waiting for quiet (within the rate limit); a dead pane never', async () => {
    watcher.observe(SOCKET, [pane()], Date.now());
    await wait(QUIET_MS + 10);
    const before = reads.length;
    screen = 'plain text';
    await wait(MIN_CAPTURE_INTERVAL_MS);
    watcher.observe(SOCKET, [pane({ bell: true, windowActivity: 2 })], Date.now());
    await wait(10);
    expect(reads.length).toBe(before + 1);
    expect(watcher.signal(SOCKET, '%1')?.signal).toMatchObject({
      signal: 'screen:bell',
      status: 'waiting',
    });
    watcher.observe(SOCKET, [pane({ id: '%2', dead: true, historySize: 5 })], Date.now());
    await wait(10_000);
    expect(reads).not.toContain('%2');
  });

  it('reads a pane that dies once more, while tmux keeps it (its last screen), then never', async () => {
    watcher.observe(SOCKET, [pane({ id: '%3' })], Date.now());
    await wait(QUIET_MS + 10);
    const before = reads.filter((id) => id === '%3').length;
    screen = 'last words';
    watcher.observe(SOCKET, [pane({ id: '%3', dead: true, historySize: 7 })], Date.now());
    await wait(MIN_CAPTURE_INTERVAL_MS + QUIET_MS + 10);
    expect(reads.filter((id) => id === '%3')).toHaveLength(before + 1);
    expect(watcher.lastText(SOCKET, '%3')?.text).toBe('last words');
    watcher.observe(SOCKET, [pane({ id: '%3', dead: true, historySize: 9 })], Date.now());
    await wait(10_000);
    expect(reads.filter((id) => id === '%3')).toHaveLength(before + 1);
    // Gone from tmux: its last screen is still there for whoever asks.
    watcher.retain(SOCKET, new Set());
    expect(watcher.lastText(SOCKET, '%3')?.text).toBe('last words');
  });
});

describe('ScreenWatcher: how long a screen has said it', () => {
  /** No capture (text is handed in), the built-in rules, no process tree (generic rules). */
  const newWatcher = (): ScreenWatcher => {
    const rules = new RuleSet();
    return new ScreenWatcher(null, rules, new PaneAgents(rules, () => Promise.resolve([])));
  };

  it('dates a prompt from the pane output that drew it, not from when it was read', async () => {
    const watcher = newWatcher();
    const drawnAt = Date.parse('2026-11-21T09:52:00Z');
    const readAt = Date.parse('2026-11-21T10:00:00Z');
    await watcher.recordText(
      SOCKET,
      pane({ windowActivity: drawnAt / 1000 }),
      'Overwrite config.yaml? [y/N] ',
      readAt,
    );
    const signal = watcher.signal(SOCKET, '%1')!.signal;
    expect(signal.at).toBe(drawnAt);
    expect(signal.atLeast).toBeUndefined();
    watcher.dispose();
  });

  it('says "at least since it was read" when tmux gave no activity time', async () => {
    const watcher = newWatcher();
    const readAt = Date.parse('2026-11-21T10:00:00Z');
    await watcher.recordText(SOCKET, pane({ windowActivity: null }), 'Continue? (y/n) ', readAt);
    expect(watcher.signal(SOCKET, '%1')!.signal).toMatchObject({ at: readAt, atLeast: true });
    watcher.dispose();
  });
});

describe('ScreenWatcher: looking for an agent in a pane that had none', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('looks again only where something happened since the last look', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-06T07:00:00Z') });
    let scans = 0;
    const rules = new RuleSet();
    const agents = new PaneAgents(rules, () => {
      scans += 1;
      return Promise.resolve([]);
    });
    const watcher = new ScreenWatcher(() => Promise.resolve('$ '), rules, agents);
    let history = 0;
    const poll = (): void => watcher.observe(SOCKET, [pane({ historySize: history })], Date.now());
    poll();
    await vi.advanceTimersByTimeAsync(QUIET_MS + 10);
    // The first read looked in /proc: one scan.
    expect(scans).toBe(1);
    // A new pane that stays silent (a shell at its prompt, `cat`) is not looked at again:
    // the first read was the look, and a late agent would draw its screen.
    for (let s = 0; s < 6; s += 1) {
      poll();
      await vi.advanceTimersByTimeAsync(1000);
    }
    const afterFirstLooks = scans;
    expect(afterFirstLooks).toBe(1);
    // A minute of polls: still no look.
    for (let s = 0; s < 60; s += 1) {
      poll();
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(scans).toBe(afterFirstLooks);
    // Output: the pane is looked at again (by its read, or the periodic look).
    history += 3;
    poll();
    await vi.advanceTimersByTimeAsync(10_000);
    poll();
    await vi.advanceTimersByTimeAsync(1000);
    expect(scans).toBeGreaterThan(afterFirstLooks);
    watcher.dispose();
  });
});

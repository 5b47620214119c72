// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Peek, Session, SessionDetails } from '../../../../preload/contract';
import { DetailsPane } from '../../../../renderer/src/dashboard/details/DetailsPane';
import { ApiContext } from '../../../../renderer/src/state/apiContext';
import { sampleSession } from '../../../helpers/samples';
import { emptyDetails, fakeApi } from './fakeApi';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const PIPELINE_DETAILS: SessionDetails = {
  ...emptyDetails('tmux:/s:pipeline-auth'),
  run: { name: 'auth', projectDir: '/p', runDir: '/p/.claude/pipeline-runs/auth' },
  lock: {
    path: '/p/.claude/locks/auth.lock',
    missing: false,
    pid: 4242,
    alive: false,
    startedAt: '2026-01-02T03:04:05Z',
    error: null,
  },
  state: {
    path: '/p/.claude/pipeline-runs/auth/state.json',
    missing: false,
    error: null,
    status: 'failed',
    type: 'loop',
    startedAt: '2026-01-02T03:04:05Z',
    iteration: 4,
    iterationCompleted: 3,
    maxIterations: 25,
    stage: 'ralph',
    stageIndex: 0,
    stages: [{ index: 0, name: 'ralph', status: 'failed' }],
    runError: 'provider_error: rate limited',
    completionReason: null,
    completedAt: null,
    failedAt: '2026-01-02T04:00:00Z',
    modifiedAt: '2026-01-02T04:00:00.000Z',
  },
  events: {
    path: '/p/.claude/pipeline-runs/auth/events.jsonl',
    missing: false,
    lines: ['{"type":"start"}', '{"type":"stop","reason":"error"}'],
    truncated: true,
    size: 90_000,
    modifiedAt: '2026-01-02T04:00:00.000Z',
    error: null,
  },
  progress: {
    path: '/p/.claude/pipeline-runs/auth/progress-auth.md',
    missing: true,
    lines: [],
    truncated: false,
    size: null,
    modifiedAt: null,
    error: null,
  },
  commands: [{ label: 'Attach', command: "tmux -S /s attach -t '=pipeline auth'" }],
};

function renderPane(
  session: Session | null,
  details: SessionDetails = PIPELINE_DETAILS,
  peek?: Peek,
) {
  const fake = fakeApi(session ? [session] : []);
  fake.getSessionDetails.mockImplementation(() => Promise.resolve(details));
  if (peek) fake.peekSession.mockImplementation(() => Promise.resolve(peek));
  const props = {
    connected: true,
    reviewed: false,
    reviewable: session?.status === 'crashed' || session?.status === 'done',
    onToggleReviewed: vi.fn(),
    onViewed: vi.fn(),
    onOpen: vi.fn(),
    onKill: vi.fn(),
    onCleanup: vi.fn(),
  };
  render(
    <ApiContext.Provider value={fake.api}>
      <DetailsPane session={session} {...props} />
    </ApiContext.Provider>,
  );
  return { fake, props, pane: screen.queryByRole('region', { name: 'Session details' })! };
}

const crashed = sampleSession({
  id: 'tmux:/s:pipeline-auth',
  status: 'crashed',
  reason: 'lock holder 4242 died before completion',
  evidence: [
    {
      rank: 'process',
      signal: 'lock-pid-dead',
      detail: 'pid 4242 is not running',
      at: '2026-01-02T04:00:00.000Z',
    },
  ],
  flags: { staleLock: true, orphan: false, zombie: false, deadPane: false },
});

describe('DetailsPane', () => {
  it('names the detection rule behind a screen signal in words', () => {
    const waiting = sampleSession({
      id: 'tmux:/s:codex',
      source: 'plain',
      agent: 'codex',
      status: 'waiting',
      reason: 'Codex approval: git push --force',
      evidence: [
        {
          rank: 'screen',
          signal: 'screen:codex-approval',
          detail: 'Codex approval: git push --force',
          at: '2026-01-02T04:00:00.000Z',
          rule: { id: 'codex-approval', manifest: 'codex', version: '1.0.0', name: 'Codex CLI' },
        },
        {
          rank: 'screen',
          signal: 'screen:opencode-no-match',
          detail: 'OpenCode: no rule matched',
          at: '2026-01-02T04:00:00.000Z',
          rule: { id: null, manifest: 'opencode', version: '1.0.0', name: 'OpenCode' },
        },
      ],
    });
    const { pane } = renderPane(waiting);
    const evidence = within(pane).getByRole('table', { name: 'Status evidence' });
    expect(evidence.textContent).toContain(
      'Decided by the rule "codex-approval" (Codex CLI rules 1.0.0)',
    );
    expect(evidence.textContent).toContain('No OpenCode rules 1.0.0 rule matched the screen');
    // A plain session's badge names its agent.
    expect(within(pane).getByText('Codex', { selector: '.badge' })).toBeTruthy();
  });

  it('takes no room when nothing is selected', () => {
    const { pane } = renderPane(null);
    expect(pane).toBeNull();
  });

  it('shows evidence, screen, lock, state, tails and hand commands', async () => {
    const { pane, fake } = renderPane(crashed);
    const evidence = within(pane).getByRole('table', { name: 'Status evidence' });
    // In words: where it came from; the machine name only in the tooltip.
    expect(evidence.textContent).toContain('the process');
    expect(evidence.textContent).not.toContain('lock-pid-dead');
    expect(within(evidence).getAllByRole('row')[1]).toHaveProperty('title', 'signal lock-pid-dead');
    expect(evidence.textContent).toContain('pid 4242 is not running');
    expect((await within(pane).findByLabelText('Last lines of the screen')).textContent).toBe(
      'screen of tmux:/s:pipeline-auth',
    );
    expect(fake.peekSession).toHaveBeenCalledWith({ sessionId: crashed.id, lines: 40 });
    const lock = await within(pane).findByLabelText('Lock file');
    expect(lock.textContent).toContain('4242');
    expect(lock.textContent).toContain('no: stale lock');
    const state = within(pane).getByLabelText('State file');
    expect(state.textContent).toContain('failed');
    expect(state.textContent).toContain('4 of 25 (3 completed)');
    expect(state.textContent).toContain('provider_error: rate limited');
    const events = within(pane).getByLabelText('Events tail');
    expect(events.textContent).toMatch(/^…\n/);
    expect(events.textContent).toContain('"reason":"error"');
    expect(pane.textContent).toContain(
      'No file yet (/p/.claude/pipeline-runs/auth/progress-auth.md)',
    );
    expect(within(pane).getByRole('list', { name: 'Commands' }).textContent).toContain(
      "tmux -S /s attach -t '=pipeline auth'",
    );
  });

  it('offers the actions it has, with their keys', async () => {
    const { pane, props } = renderPane(crashed);
    const actions = within(pane).getByRole('group', { name: 'Actions' });
    fireEvent.click(within(actions).getByRole('button', { name: /Mark reviewed/ }));
    expect(props.onToggleReviewed).toHaveBeenCalledWith(crashed);
    fireEvent.click(within(actions).getByRole('button', { name: /Open terminal/ }));
    expect(props.onOpen).toHaveBeenCalledWith(crashed, 'interactive');
    fireEvent.click(within(actions).getByRole('button', { name: /Watch/ }));
    expect(props.onOpen).toHaveBeenLastCalledWith(crashed, 'watch');
    fireEvent.click(within(actions).getByRole('button', { name: /Kill/ }));
    expect(props.onKill).toHaveBeenCalledWith(crashed);
    fireEvent.click(within(actions).getByRole('button', { name: /Clean up/ }));
    expect(props.onCleanup).toHaveBeenCalled();
    await within(pane).findByLabelText('Lock file');
  });

  it('keeps the last screen of a session whose tmux session is gone', async () => {
    const gone = sampleSession({ id: 'gone', live: false, socket: null, status: 'done' });
    const { pane } = renderPane(gone, emptyDetails('gone'), {
      sessionId: 'gone',
      text: 'All 25 iterations complete',
      capturedAt: '2026-01-02T04:00:00.000Z',
      kept: true,
      error: 'the tmux session is gone or its server is not answering',
    });
    const screenText = await within(pane).findByLabelText('Last lines of the screen');
    expect(screenText.textContent).toBe('All 25 iterations complete');
    expect(pane.textContent).toContain('the tmux session is gone');
  });

  it('points to the files when a gone session has no screen to show', async () => {
    const gone = sampleSession({ id: 'gone', live: false, socket: null, status: 'done' });
    const { pane } = renderPane(gone, emptyDetails('gone'), {
      sessionId: 'gone',
      text: null,
      capturedAt: null,
      kept: false,
      error: 'the tmux session is gone or its server is not answering',
    });
    expect(await within(pane).findByText(/see the progress and events below/)).toBeTruthy();
  });

  it('counts a session as viewed after it has been shown a moment, not at once', () => {
    vi.useFakeTimers();
    const { props } = renderPane(crashed);
    expect(props.onViewed).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_600);
    expect(props.onViewed).toHaveBeenCalledWith(crashed);
  });
});

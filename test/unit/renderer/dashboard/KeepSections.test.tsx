// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LoopwatchApi, LogView, Session } from '../../../../preload/contract';
import { EndedActions, LogSection } from '../../../../renderer/src/dashboard/details/KeepSections';
import { ApiContext } from '../../../../renderer/src/state/apiContext';
import { sampleSession } from '../../../helpers/samples';

afterEach(cleanup);

const ended: Session = sampleSession({
  id: 'ended:tmux:/s:api@1',
  name: 'api',
  displayName: 'api',
  live: false,
  status: 'unknown',
  reason: 'session ended; exit status unknown',
  ended: {
    endedAt: '2026-11-21T03:04:05.000Z',
    lastStatus: 'waiting',
    lastReason: 'Permission prompt',
    screenLines: 3,
    log: '/data/logs/api.log',
  },
});

function withApi(api: Partial<LoopwatchApi>, node: React.ReactNode) {
  return render(<ApiContext.Provider value={api as LoopwatchApi}>{node}</ApiContext.Provider>);
}

const change = { count: 1, removed: [], message: 'ok' };

describe('EndedActions', () => {
  it('marks an ended session reviewed', async () => {
    const reviewEnded = vi.fn(() => Promise.resolve(change));
    withApi({ reviewEnded }, <EndedActions session={ended} />);
    expect(screen.getByRole('group', { name: 'Ended session' }).textContent).toContain('waiting');
    fireEvent.click(screen.getByRole('button', { name: 'Mark reviewed' }));
    await waitFor(() => expect(reviewEnded).toHaveBeenCalledWith({ sessionIds: [ended.id] }));
  });

  it('disposes of one only after a confirmation', async () => {
    const disposeEnded = vi.fn(() => Promise.resolve(change));
    withApi({ disposeEnded }, <EndedActions session={ended} />);
    fireEvent.click(screen.getByRole('button', { name: 'Dispose…' }));
    expect(disposeEnded).not.toHaveBeenCalled();
    expect(screen.getByText(/Delete its kept screen and its log/)).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Dispose' }));
    await waitFor(() => expect(disposeEnded).toHaveBeenCalledWith({ sessionIds: [ended.id] }));
  });

  it('shows nothing for a live session', () => {
    const { container } = withApi({}, <EndedActions session={sampleSession({})} />);
    expect(container.textContent).toBe('');
  });
});

describe('LogSection', () => {
  const live = sampleSession({ id: 'tmux:/s:work', name: 'work', live: true, socket: '/s' });
  const view = (over: Partial<LogView>): LogView => ({
    sessionId: live.id,
    on: true,
    unavailable: null,
    path: '/data/logs/work.log',
    size: 10,
    lines: ['one', 'two'],
    truncated: false,
    ...over,
  });

  it('reads the log only once opened, and searches it', async () => {
    const readLog = vi.fn((request: { search?: string }) =>
      Promise.resolve(view({ lines: request.search ? ['two'] : ['one', 'two'] })),
    );
    const { container } = withApi({ readLog }, <LogSection session={live} connected />);
    expect(readLog).not.toHaveBeenCalled();
    const details = container.querySelector('details')!;
    details.open = true;
    fireEvent(details, new Event('toggle'));
    await waitFor(() => expect(screen.getByLabelText('Log tail').textContent).toBe('one\ntwo'));
    fireEvent.change(screen.getByLabelText('Search the log'), { target: { value: 'tw' } });
    await waitFor(() => expect(screen.getByLabelText('Log tail').textContent).toBe('two'));
    expect(readLog).toHaveBeenLastCalledWith({ sessionId: live.id, lines: 300, search: 'tw' });
  });

  it('switches logging on when asked', async () => {
    const setLogging = vi.fn(() => Promise.resolve(view({ on: true })));
    withApi({ setLogging }, <LogSection session={live} connected />);
    fireEvent.click(screen.getByRole('button', { name: 'Log this session' }));
    await waitFor(() => expect(setLogging).toHaveBeenCalledWith({ sessionId: live.id, on: true }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Stop logging' })).toBeDefined());
  });
});

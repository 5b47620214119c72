// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LoopwatchApi, Session } from '../../../../preload/contract';
import { Dashboard, type DashboardProps } from '../../../../renderer/src/dashboard/Dashboard';
import { RowRenderProbe } from '../../../../renderer/src/dashboard/list/rowProbe';
import { ApiContext } from '../../../../renderer/src/state/apiContext';
import { MarksStore } from '../../../../renderer/src/state/marksStore';
import { SessionsStore } from '../../../../renderer/src/state/sessionsStore';
import { sampleSession } from '../../../helpers/samples';
import { fakeApi } from './fakeApi';

afterEach(cleanup);

/** The dashboard as the App mounts it: under the API context, actions as props. */
function Page({ api, ...props }: DashboardProps & { api: LoopwatchApi }): React.JSX.Element {
  return (
    <ApiContext.Provider value={api}>
      <Dashboard {...props} />
    </ApiContext.Provider>
  );
}

const s = (id: string, status: Session['status'], extra: Partial<Session> = {}): Session =>
  sampleSession({ id, name: id, displayName: id, status, reason: `${id} is ${status}`, ...extra });

const SESSIONS = [
  s('idle-one', 'idle'),
  s('done-one', 'done'),
  s('working-one', 'working'),
  s('waiting-one', 'waiting', { reason: 'Permission prompt: Bash(npm publish)' }),
  s('crashed-one', 'crashed'),
  s('unknown-one', 'unknown'),
  s('starting-one', 'starting'),
];

async function setup(sessions = SESSIONS, probe: ((id: string) => void) | null = null) {
  const fake = fakeApi(sessions);
  const store = new SessionsStore(fake.transport);
  const marks = new MarksStore(fake.transport);
  const actions = { onOpen: vi.fn(), onKill: vi.fn(), onCleanup: vi.fn() };
  render(
    <RowRenderProbe.Provider value={probe}>
      <Page api={fake.api} store={store} marks={marks} {...actions} />
    </RowRenderProbe.Provider>,
  );
  const table = await screen.findByRole('table', { name: 'Sessions' });
  await within(table).findByRole('row', { name: sessions[0]!.displayName });
  return { fake, table, actions, store, marks };
}

const order = (table: HTMLElement): string[] =>
  [...table.querySelectorAll('[role="row"][data-session-id]')]
    .sort(
      (a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')),
    )
    .map((row) => row.getAttribute('aria-label') ?? '');

const key = (
  k: string,
  target: Element = document.body,
  init: { shiftKey?: boolean } = {},
): void => {
  fireEvent.keyDown(target, { key: k, ...init });
};

const selectedName = (table: HTMLElement): string | null =>
  table.querySelector('[role="row"][aria-selected="true"]')?.getAttribute('aria-label') ?? null;

describe('Dashboard', () => {
  it('sorts by urgency: waiting, crashed, working, starting, idle, done, unknown', async () => {
    const { table } = await setup();
    expect(order(table)).toEqual([
      'waiting-one',
      'crashed-one',
      'working-one',
      'starting-one',
      'idle-one',
      'done-one',
      'unknown-one',
    ]);
    expect(within(screen.getByRole('banner')).getByText(/1 waiting/)).toBeTruthy();
  });

  it('moves a session whose status becomes more urgent to the top', async () => {
    const { table, fake } = await setup();
    act(() => fake.upsert(s('idle-one', 'waiting', { reason: 'asks: Proceed? [y/N]' })));
    expect(order(table).slice(0, 2)).toEqual(['idle-one', 'waiting-one']);
    expect(within(table).getByRole('row', { name: 'idle-one' }).textContent).toContain('[y/N]');
  });

  it('re-renders one row for a delta that changes one session', async () => {
    const renders: string[] = [];
    const { fake } = await setup(SESSIONS, (id) => renders.push(id));
    renders.length = 0;
    act(() => fake.upsert(s('idle-one', 'idle', { reason: 'still quiet' })));
    expect(renders).toEqual(['idle-one']);
  });

  it('moves with the arrow keys, Home, End; never with j/k', async () => {
    const { table } = await setup();
    key('ArrowDown');
    expect(selectedName(table)).toBe('waiting-one');
    key('ArrowDown');
    expect(selectedName(table)).toBe('crashed-one');
    key('j');
    expect(selectedName(table)).toBe('crashed-one');
    key('End');
    expect(selectedName(table)).toBe('unknown-one');
    key('Home');
    expect(selectedName(table)).toBe('waiting-one');
    key('ArrowUp');
    expect(selectedName(table)).toBe('waiting-one');
    expect(document.activeElement).toBe(table);
  });

  it('Enter and double-click open, k asks to kill, c asks for the cleanup plan', async () => {
    const { table, actions, fake } = await setup();
    key('ArrowDown');
    key('Enter', table);
    expect(actions.onOpen).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'waiting-one' }),
      'interactive',
    );
    key('Enter', table, { shiftKey: true });
    expect(actions.onOpen).toHaveBeenLastCalledWith(
      expect.objectContaining({ id: 'waiting-one' }),
      'watch',
    );
    expect(fake.markViewed).toHaveBeenCalledWith({ sessionId: 'waiting-one' });
    key('k', table);
    expect(actions.onKill).toHaveBeenCalledWith(expect.objectContaining({ id: 'waiting-one' }));
    key('c', table);
    expect(actions.onCleanup).toHaveBeenCalledTimes(1);
    fireEvent.doubleClick(within(table).getByRole('row', { name: 'done-one' }));
    expect(actions.onOpen).toHaveBeenLastCalledWith(
      expect.objectContaining({ id: 'done-one' }),
      'interactive',
    );
    fireEvent.doubleClick(within(table).getByRole('row', { name: 'done-one' }), { shiftKey: true });
    expect(actions.onOpen).toHaveBeenLastCalledWith(
      expect.objectContaining({ id: 'done-one' }),
      'watch',
    );
  });

  it('/ focuses the search; typing there filters and never triggers keys; Esc leaves, a second clears', async () => {
    const { table, actions } = await setup();
    key('/');
    const search = screen.getByRole('searchbox', { name: 'Search sessions' });
    expect(document.activeElement).toBe(search);
    fireEvent.change(search, { target: { value: 'crash' } });
    key('k', search);
    key('c', search);
    expect(actions.onKill).not.toHaveBeenCalled();
    expect(actions.onCleanup).not.toHaveBeenCalled();
    expect(order(table)).toEqual(['crashed-one']);
    // The first Esc leaves the box and keeps the query; the next one (in the list) clears it.
    fireEvent.keyDown(search, { key: 'Escape' });
    expect(document.activeElement).toBe(table);
    expect((search as HTMLInputElement).value).toBe('crash');
    key('Escape', table);
    expect((search as HTMLInputElement).value).toBe('');
    expect(order(table)).toHaveLength(SESSIONS.length);
  });

  it('↓ and Enter in the search go into the results', async () => {
    const { table } = await setup();
    key('/');
    const search = screen.getByRole('searchbox', { name: 'Search sessions' });
    fireEvent.change(search, { target: { value: 'one' } });
    fireEvent.keyDown(search, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(table);
    expect(selectedName(table)).toBe(order(table)[0]);
    key('ArrowDown', table);
    expect(selectedName(table)).toBe(order(table)[1]);
    key('/');
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(document.activeElement).toBe(table);
    expect(selectedName(table)).toBe(order(table)[1]);
  });

  it('filters by status with counts, and says when nothing matches', async () => {
    const { table } = await setup();
    const chips = screen.getByRole('group', { name: 'Status filter' });
    fireEvent.click(within(chips).getByRole('button', { name: 'crashed (1)' }));
    fireEvent.click(within(chips).getByRole('button', { name: 'waiting (1)' }));
    expect(order(table)).toEqual(['waiting-one', 'crashed-one']);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search sessions' }), {
      target: { value: 'zzz' },
    });
    expect(screen.getByText(/No session matches/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Clear search and filters' }));
    expect(order(screen.getByRole('table', { name: 'Sessions' }))).toHaveLength(SESSIONS.length);
  });

  it('r marks a crashed session reviewed: hidden until shown, selection moves on', async () => {
    const { table, fake } = await setup();
    fireEvent.click(within(table).getByRole('row', { name: 'crashed-one' }));
    key('r', table);
    expect(fake.markReviewed).toHaveBeenCalledWith({ sessionId: 'crashed-one', reviewed: true });
    expect(screen.getByRole('banner').textContent).toContain('1 crashed');
    await vi.waitFor(() => expect(order(table)).not.toContain('crashed-one'));
    expect(selectedName(table)).toBe('working-one');
    // Reviewed: no longer counted as wanting attention.
    expect(screen.getByRole('banner').textContent).not.toContain('crashed');
    fireEvent.click(screen.getByRole('button', { name: 'Show reviewed (1)' }));
    const row = within(table).getByRole('row', { name: 'crashed-one' });
    expect(row.textContent).toContain('reviewed');
    // A status that is not over cannot be marked reviewed.
    fireEvent.click(within(table).getByRole('row', { name: 'working-one' }));
    key('r', table);
    expect(fake.markReviewed).toHaveBeenCalledTimes(1);
  });

  it('a reviewed session whose status changes is back, unreviewed', async () => {
    const { table, fake } = await setup();
    act(() =>
      fake.pushMarks({
        problem: null,
        marks: [
          {
            sessionId: 'done-one',
            reviewedStatus: 'done',
            reviewedAt: '2026-11-21T03:04:05.000Z',
            viewedAt: null,
          },
        ],
      }),
    );
    expect(order(table)).not.toContain('done-one');
    act(() => fake.upsert(s('done-one', 'crashed')));
    expect(order(table)).toContain('done-one');
  });

  it('shows "Reconnecting…" while away and keeps selection and search', async () => {
    const { table, fake } = await setup();
    key('ArrowDown');
    const search = screen.getByRole('searchbox', { name: 'Search sessions' });
    fireEvent.change(search, { target: { value: 'one' } });
    act(() => fake.setConnection('reconnecting'));
    expect(screen.getByRole('status', { name: 'Connection' }).textContent).toContain(
      'Reconnecting…',
    );
    expect(table.getAttribute('aria-busy')).toBe('true');
    act(() => fake.setConnection('open'));
    await vi.waitFor(() =>
      expect(screen.getByRole('status', { name: 'Connection' }).textContent).toContain('Live'),
    );
    expect(selectedName(table)).toBe('waiting-one');
    expect((search as HTMLInputElement).value).toBe('one');
  });

  it('with no sessions, says how to start one', async () => {
    const fake = fakeApi([]);
    render(
      <Page
        api={fake.api}
        store={new SessionsStore(fake.transport)}
        marks={new MarksStore(fake.transport)}
      />,
    );
    const empty = await screen.findByRole('region', { name: 'No sessions' });
    expect(empty.textContent).toContain('tmux new -s');
  });

  it('the Problems tab lists flagged sessions with their cleanup plan', async () => {
    const flagged = s('stale-one', 'crashed', {
      flags: { staleLock: true, orphan: false, zombie: false, deadPane: false },
      lock: {
        path: '/p/.claude/locks/x.lock',
        pid: 4242,
        alive: false,
        startedAt: null,
        error: null,
      },
    });
    await setup([...SESSIONS, flagged]);
    fireEvent.click(screen.getByRole('tab', { name: /Problems/ }));
    const problems = screen.getByRole('list', { name: 'Problems' });
    const card = within(problems).getByRole('listitem', { name: 'stale-one' });
    expect(card.textContent).toContain('pid 4242, which is not running');
    expect(card.textContent).toContain('remove the lock file /p/.claude/locks/x.lock');
  });
});

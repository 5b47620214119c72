// @vitest-environment jsdom
/**
 * Remote hosts on the page (issue 17): each host's health in the header
 * (up; unreachable since T with the reason; auth failed), updated by
 * deltas, and the host filter (this machine is "local").
 */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HostHealth, Session } from '../../../../preload/contract';
import { Dashboard } from '../../../../renderer/src/dashboard/Dashboard';
import { hostHealthText } from '../../../../renderer/src/dashboard/HostHealth';
import { ApiContext } from '../../../../renderer/src/state/apiContext';
import { MarksStore } from '../../../../renderer/src/state/marksStore';
import { SessionsStore } from '../../../../renderer/src/state/sessionsStore';
import { sampleSession } from '../../../helpers/samples';
import { fakeApi } from './fakeApi';

afterEach(cleanup);

const health = (name: string, extra: Partial<HostHealth> = {}): HostHealth => ({
  name,
  destination: `me@${name}.example`,
  state: 'up',
  reason: null,
  since: '2026-11-21T14:02:00.000Z',
  checkedAt: '2026-11-21T14:05:00.000Z',
  tmuxVersion: 'tmux 3.3a',
  ...extra,
});

const s = (id: string, host?: string): Session =>
  sampleSession({ id, name: id, displayName: id, ...(host ? { host } : {}) });

describe('host health text', () => {
  it('says up, unreachable since when and why, auth failed', () => {
    expect(hostHealthText(health('gpu'))).toBe('gpu up');
    expect(
      hostHealthText(health('gpu', { state: 'unreachable', reason: 'connection timed out' })),
    ).toBe('gpu unreachable since 14:02 UTC: connection timed out');
    expect(
      hostHealthText(health('vm', { state: 'auth-failed', reason: 'needs a key or agent' })),
    ).toBe('vm auth failed: needs a key or agent');
  });
});

describe('hosts on the dashboard', () => {
  async function setup(
    hosts: HostHealth[] | null,
    sessions = [s('here'), s('on-gpu', 'gpu'), s('on-vm', 'vm')],
  ) {
    const fake = fakeApi(sessions, { marks: [], problem: null }, hosts);
    const store = new SessionsStore(fake.transport);
    const marks = new MarksStore(fake.transport);
    render(
      <ApiContext.Provider value={fake.api}>
        <Dashboard
          store={store}
          marks={marks}
          onOpen={vi.fn()}
          onKill={vi.fn()}
          onCleanup={vi.fn()}
        />
      </ApiContext.Provider>,
    );
    const table = await screen.findByRole('table', { name: 'Sessions' });
    await within(table).findByRole('row', { name: 'here' });
    return { fake, table };
  }

  it('shows each host in the header and follows its health', async () => {
    const { fake } = await setup([
      health('gpu'),
      health('vm', { state: 'auth-failed', reason: 'needs a key or agent' }),
    ]);
    const list = screen.getByRole('list', { name: 'Hosts' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['gpu up', 'vm auth failed: needs a key or agent']);
    act(() =>
      fake.pushHosts([
        health('gpu', {
          state: 'unreachable',
          reason: 'connection timed out',
          since: '2026-11-21T15:30:00.000Z',
        }),
        health('vm'),
      ]),
    );
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['gpu unreachable since 15:30 UTC: connection timed out', 'vm up']);
  });

  it('shows no host list and no host filter on a machine without hosts', async () => {
    await setup(null, [s('here'), s('there')]);
    expect(screen.queryByRole('list', { name: 'Hosts' })).toBeNull();
    expect(screen.queryByRole('combobox', { name: 'Host' })).toBeNull();
  });

  it('filters rows by host, local for this machine', async () => {
    const { table } = await setup([health('gpu'), health('vm')]);
    const select = screen.getByRole('combobox', { name: 'Host' });
    expect([...select.querySelectorAll('option')].map((o) => o.textContent)).toEqual([
      'All hosts',
      'local (1)',
      'gpu (1)',
      'vm (1)',
    ]);
    const rows = () =>
      [...table.querySelectorAll('[role="row"][data-session-id]')].map((r) =>
        r.getAttribute('aria-label'),
      );
    fireEvent.change(select, { target: { value: 'gpu' } });
    expect(rows()).toEqual(['on-gpu']);
    fireEvent.change(select, { target: { value: 'local' } });
    expect(rows()).toEqual(['here']);
    fireEvent.change(select, { target: { value: '' } });
    expect(rows()).toHaveLength(3);
  });
});

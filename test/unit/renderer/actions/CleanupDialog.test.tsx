// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CleanupPlan } from '../../../../preload/contract';
import { CleanupDialog } from '../../../../renderer/src/actions/CleanupDialog';

afterEach(cleanup);

const PLAN: CleanupPlan = {
  planId: 'plan-1',
  createdAt: '2026-11-21T03:04:05.000Z',
  olderThanMs: null,
  items: [
    {
      id: 'stale-lock-aaaaaaaaaa',
      kind: 'staleLock',
      title: 'Stale lock of run auth in /p',
      evidence: [
        '/p/.claude/locks/auth.lock names pid 41, written 2026-11-21T01:00:00Z',
        'pid 41 is not running',
      ],
      fix: 'remove /p/.claude/locks/auth.lock',
      ageMs: 7_200_000,
      recommended: true,
    },
    {
      id: 'orphan-session-bbbbbbbbbb',
      kind: 'orphanSession',
      title: 'Orphan tmux session pipeline-x on /s',
      evidence: [
        'no lock /p/.claude/locks/x.lock',
        'a pane still runs a program: it may still be working',
      ],
      fix: 'save its screen, then kill it',
      ageMs: null,
      recommended: false,
    },
    {
      id: 'dead-pane-cccccccccc',
      kind: 'deadPane',
      title: 'Dead pane job:0.0 on /s',
      evidence: ['pane %3 exited with status 3'],
      fix: 'kill pane %3',
      ageMs: 90_000,
      recommended: true,
    },
  ],
  youngerCount: 0,
  projects: ['/p'],
  servers: [{ socket: '/s', state: 'up' }],
  registries: [],
  warnings: [],
};

function fakeApi() {
  return {
    planCleanup: vi.fn().mockResolvedValue(PLAN),
    applyCleanup: vi.fn().mockResolvedValue({
      results: [
        {
          id: 'stale-lock-aaaaaaaaaa',
          title: 'Stale lock of run auth in /p',
          outcome: 'done',
          detail: 'removed /p/.claude/locks/auth.lock',
        },
        {
          id: 'dead-pane-cccccccccc',
          title: 'Dead pane job:0.0 on /s',
          outcome: 'skipped',
          detail: 'the pane is gone',
        },
      ],
      warnings: [],
    }),
  };
}

describe('CleanupDialog', () => {
  it('lists every problem with its evidence, the recommended ones checked', async () => {
    const api = fakeApi();
    render(<CleanupDialog api={api} onClose={() => {}} />);
    const dialog = await screen.findByRole('dialog', { name: 'Clean up' });
    const stale = await within(dialog).findByRole('checkbox', {
      name: /Stale lock of run auth in \/p/,
    });
    expect((stale as HTMLInputElement).checked).toBe(true);
    expect(
      within(dialog).getByRole<HTMLInputElement>('checkbox', {
        name: /Orphan tmux session pipeline-x/,
      }).checked,
    ).toBe(false);
    expect(
      within(dialog).getByRole<HTMLInputElement>('checkbox', { name: /Dead pane job:0.0/ }).checked,
    ).toBe(true);
    expect(
      within(dialog).getByRole('list', { name: 'Evidence: Stale lock of run auth in /p' })
        .textContent,
    ).toContain('pid 41 is not running');
    expect(within(dialog).getByRole('region', { name: 'Stale locks' })).toBeTruthy();
    expect(dialog.textContent).toContain('not selected by default: it may still be working');
    expect(
      within(dialog).getByRole<HTMLButtonElement>('button', { name: 'Clean up 2 selected' })
        .disabled,
    ).toBe(false);
    expect(api.planCleanup).toHaveBeenCalledWith({ olderThan: null, projectRoots: [] });
  });

  it('applies exactly the checked items and shows each result', async () => {
    const api = fakeApi();
    render(<CleanupDialog api={api} onClose={() => {}} />);
    fireEvent.click(await screen.findByRole('checkbox', { name: /Dead pane job:0.0/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Orphan tmux session/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Clean up 2 selected' }));
    await waitFor(() => expect(api.applyCleanup).toHaveBeenCalledTimes(1));
    expect(api.applyCleanup).toHaveBeenCalledWith({
      planId: 'plan-1',
      itemIds: ['stale-lock-aaaaaaaaaa', 'orphan-session-bbbbbbbbbb'],
    });
    const results = await screen.findByRole('list', { name: 'Results' });
    expect(results.textContent).toContain(
      'done Stale lock of run auth in /p: removed /p/.claude/locks/auth.lock',
    );
    expect(results.textContent).toContain('skipped Dead pane job:0.0 on /s: the pane is gone');
  });

  it('asks again with the age filter, and says when nothing is selected', async () => {
    const api = fakeApi();
    render(<CleanupDialog api={api} onClose={() => {}} />);
    await screen.findByRole('checkbox', { name: /Stale lock/ });
    fireEvent.change(screen.getByRole('combobox'), { target: { value: '2h' } });
    await waitFor(() =>
      expect(api.planCleanup).toHaveBeenLastCalledWith({ olderThan: '2h', projectRoots: [] }),
    );
    for (const box of await screen.findAllByRole('checkbox'))
      if ((box as HTMLInputElement).checked) fireEvent.click(box);
    expect(
      screen.getByRole<HTMLButtonElement>('button', { name: 'Clean up 0 selected' }).disabled,
    ).toBe(true);
  });

  it('shows a refusal in words', async () => {
    const api = fakeApi();
    api.applyCleanup.mockRejectedValue(new Error('another cleanup is running: process 7 holds it'));
    render(<CleanupDialog api={api} onClose={() => {}} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Clean up 2 selected' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'another cleanup is running: process 7 holds it',
    );
  });
});

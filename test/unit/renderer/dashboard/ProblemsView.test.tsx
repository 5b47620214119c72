// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProblemsView } from '../../../../renderer/src/dashboard/problems/ProblemsView';
import { sampleSession } from '../../../helpers/samples';
import { pipelineInfo } from './samples';

afterEach(cleanup);

const NO_FLAGS = { staleLock: false, orphan: false, zombie: false, deadPane: false };

const stale = sampleSession({
  id: 'a',
  displayName: 'stale-run',
  status: 'crashed',
  flags: { ...NO_FLAGS, staleLock: true },
  lock: {
    path: '/p/.claude/locks/stale-run.lock',
    pid: 777,
    alive: false,
    startedAt: null,
    error: null,
  },
});
const orphan = sampleSession({
  id: 'b',
  displayName: 'pipeline-orphan',
  name: 'pipeline-orphan',
  socket: '/tmp/tmux-1000/default',
  flags: { ...NO_FLAGS, orphan: true },
});
const zombie = sampleSession({
  id: 'c',
  displayName: 'zombie-run',
  live: false,
  socket: null,
  status: 'crashed',
  flags: { ...NO_FLAGS, zombie: true },
  pipeline: pipelineInfo({ stateFile: '/p/.claude/pipeline-runs/zombie-run/state.json' }),
});
const deadPane = sampleSession({
  id: 'd',
  displayName: 'dead-pane',
  name: 'dead-pane',
  status: 'crashed',
  flags: { ...NO_FLAGS, deadPane: true },
  panes: [{ ...sampleSession().panes[0]!, id: '%9', dead: true, exitStatus: 2 }],
});

describe('ProblemsView', () => {
  it('shows each problem with its evidence and what cleanup would remove or kill', () => {
    const onCleanup = vi.fn();
    const onSelect = vi.fn();
    render(
      <ProblemsView
        sessions={[stale, orphan, zombie, deadPane]}
        selectedId={null}
        onSelect={onSelect}
        onCleanup={onCleanup}
      />,
    );
    const list = screen.getByRole('list', { name: 'Problems' });
    const text = (name: string): string => within(list).getByRole('listitem', { name }).textContent;
    expect(text('stale-run')).toContain('stale lock');
    expect(text('stale-run')).toContain('names pid 777, which is not running');
    expect(text('stale-run')).toContain(
      'Would remove the lock file /p/.claude/locks/stale-run.lock',
    );
    expect(text('pipeline-orphan')).toContain('has no lock and no state file');
    expect(text('pipeline-orphan')).toContain(
      'Would kill tmux session pipeline-orphan on /tmp/tmux-1000/default',
    );
    expect(text('zombie-run')).toContain(
      '/p/.claude/pipeline-runs/zombie-run/state.json says running',
    );
    expect(text('zombie-run')).toContain('Would mark the run failed');
    expect(text('dead-pane')).toContain('pane %9 exited with status 2');
    expect(text('dead-pane')).toContain('Would kill tmux session dead-pane');
    fireEvent.click(screen.getByRole('button', { name: /Clean up/ }));
    expect(onCleanup).toHaveBeenCalledTimes(1);
    fireEvent.click(within(list).getByRole('button', { name: 'zombie-run' }));
    expect(onSelect).toHaveBeenCalledWith(zombie);
  });

  it('says so when there is nothing to clean up, and when cleanup is not available', () => {
    const { rerender } = render(
      <ProblemsView sessions={[]} selectedId={null} onSelect={() => undefined} />,
    );
    expect(screen.getByText(/No problems/)).toBeTruthy();
    rerender(<ProblemsView sessions={[stale]} selectedId={null} onSelect={() => undefined} />);
    expect(screen.queryByRole('button', { name: /Clean up/ })).toBeNull();
    expect(screen.getByText(/run the steps by hand/)).toBeTruthy();
  });
});

// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../../preload/contract';
import { SessionList } from '../../../../renderer/src/dashboard/list/SessionList';
import { RowRenderProbe } from '../../../../renderer/src/dashboard/list/rowProbe';
import { ClockContext, type Clock } from '../../../../renderer/src/dashboard/time/clock';
import { manualClock, pipelineInfo, SAMPLE_NOW } from './samples';
import { sampleSession } from '../../../helpers/samples';

afterEach(cleanup);

const NOW = SAMPLE_NOW;

function sessions(count: number): Session[] {
  return Array.from({ length: count }, (_, i) =>
    sampleSession({ id: `s${i}`, name: `s${i}`, displayName: `session ${i}` }),
  );
}

function renderList(
  rows: Session[],
  options: { selectedId?: string | null; clock?: Clock; probe?: (id: string) => void } = {},
) {
  const ui = (list: Session[], selectedId = options.selectedId ?? null) => (
    <ClockContext.Provider value={options.clock ?? manualClock()}>
      <RowRenderProbe.Provider value={options.probe ?? null}>
        <SessionList
          rows={list}
          selectedId={selectedId}
          reviewedIds={new Set()}
          viewedAt={new Map()}
          onSelect={() => undefined}
          onActivate={() => undefined}
        />
      </RowRenderProbe.Provider>
    </ClockContext.Provider>
  );
  const result = render(ui(rows));
  return {
    ...result,
    update: (list: Session[], selectedId?: string | null) => result.rerender(ui(list, selectedId)),
  };
}

describe('SessionList rows', () => {
  it('show name, source, status as glyph and word, reason, progress, times and directory', () => {
    const clock = manualClock();
    renderList(
      [
        sampleSession({
          id: 'p',
          displayName: 'nightly auth',
          name: 'pipeline-auth',
          status: 'waiting',
          reason: 'Permission prompt: Bash(rm -rf build)',
          since: new Date(NOW - 125_000).toISOString(),
          lastActivityAt: new Date(NOW - 30_000).toISOString(),
          projectDir: '/home/u/projects/a-rather-long-folder-name/deeper/still/auth-service',
          pipeline: pipelineInfo(),
        }),
      ],
      { clock },
    );
    const table = screen.getByRole('table', { name: 'Sessions' });
    const row = within(table).getByRole('row', { name: 'nightly auth' });
    expect(row.textContent).toContain('?');
    expect(row.textContent).toContain('waiting');
    expect(row.textContent).toContain('pipeline');
    expect(row.textContent).toContain('Permission prompt: Bash(rm -rf build)');
    expect(row.textContent).toContain('3/10 · build');
    const bar = within(row).getByRole('progressbar', { name: 'Pipeline progress' });
    expect(bar.getAttribute('aria-valuenow')).toBe('3');
    expect(bar.getAttribute('aria-valuemax')).toBe('10');
    expect(bar.getAttribute('aria-valuetext')).toBe('iteration 3 of 10, stage build');
    expect(row.querySelector('.c-since')?.textContent).toBe('2m');
    expect(row.querySelector('.c-activity')?.textContent).toBe('30s ago');
    // No Viewed column: the name's tooltip says when it was last viewed.
    expect(row.querySelector('.c-viewed')).toBeNull();
    const dir = row.querySelector('.c-dir .middle-ellipsis');
    expect(dir?.getAttribute('title')).toBe(
      '/home/u/projects/a-rather-long-folder-name/deeper/still/auth-service',
    );
    expect(dir?.querySelector('.tail')?.textContent).toBe('/auth-service');
    // The shared clock moves every time cell, live.
    clock.advance(60_000);
    expect(row.querySelector('.c-since')?.textContent).toBe('3m');
    expect(row.querySelector('.c-activity')?.textContent).toBe('1m ago');
  });

  it('show a pipeline without a known maximum without a bar', () => {
    renderList([sampleSession({ pipeline: pipelineInfo({ maxIterations: null }) })]);
    const row = screen.getByRole('row', { name: 'pipeline-auth' });
    expect(within(row).queryByRole('progressbar')).toBeNull();
    expect(row.textContent).toContain('#3 · build');
  });

  it('keep full long names and directories in tooltips', () => {
    const name = `agent-${'x'.repeat(300)}-日本語-🚀`;
    renderList([sampleSession({ displayName: name, projectDir: `/${'deep/'.repeat(80)}end` })]);
    const row = screen.getByRole('row', { name });
    expect(row.querySelector('.name')?.getAttribute('title')).toContain(name);
    expect(row.querySelector('.c-dir .middle-ellipsis')?.getAttribute('title')).toBe(
      `/${'deep/'.repeat(80)}end`,
    );
  });

  it('mark the selected row and number rows for assistive technology', () => {
    renderList(sessions(3), { selectedId: 's1' });
    const table = screen.getByRole('table', { name: 'Sessions' });
    expect(table.getAttribute('aria-rowcount')).toBe('4');
    const row = within(table).getByRole('row', { name: 'session 1' });
    expect(row.getAttribute('aria-selected')).toBe('true');
    expect(row.getAttribute('aria-rowindex')).toBe('3');
    expect(
      within(table).getByRole('row', { name: 'session 0' }).getAttribute('aria-selected'),
    ).toBe('false');
  });
});

describe('SessionList rendering cost', () => {
  it('renders a bounded window of rows out of thousands', () => {
    renderList(sessions(5_000));
    const table = screen.getByRole('table', { name: 'Sessions' });
    expect(table.getAttribute('aria-rowcount')).toBe('5001');
    const rendered = table.querySelectorAll('[role="row"][data-session-id]').length;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(100);
  });

  it('re-renders only the row whose session changed, and no row on a clock tick', () => {
    const renders = new Map<string, number>();
    const probe = (id: string): void => {
      renders.set(id, (renders.get(id) ?? 0) + 1);
    };
    const clock = manualClock();
    const list = sessions(40);
    const { update } = renderList(list, { probe, clock });
    expect(renders.get('s5')).toBe(1);
    renders.clear();

    const changed = [...list];
    changed[5] = { ...list[5]!, reason: 'a new reason' };
    update(changed);
    expect([...renders]).toEqual([['s5', 1]]);
    expect(screen.getByRole('row', { name: 'session 5' }).textContent).toContain('a new reason');

    renders.clear();
    clock.advance(5_000);
    expect(renders.size).toBe(0);

    renders.clear();
    update(changed, 's7');
    expect([...renders]).toEqual([['s7', 1]]);
  });
});

// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionTable, type OpenSession } from '../../../renderer/src/components/SessionTable';
import { sampleSession } from '../../helpers/samples';

afterEach(cleanup);

describe('SessionTable', () => {
  it('shows one labelled row per session with its status glyph and reason', () => {
    render(
      <SessionTable
        sessions={[
          sampleSession({
            id: 'a',
            displayName: 'alpha',
            status: 'waiting',
            reason: 'Permission prompt',
          }),
          sampleSession({ id: 'b', displayName: 'beta', status: 'crashed', reason: 'exit 3' }),
        ]}
      />,
    );
    const table = screen.getByRole('table', { name: 'Sessions' });
    const alpha = within(table).getByRole('row', { name: /alpha/ });
    expect(alpha.textContent).toContain('waiting');
    expect(alpha.textContent).toContain('Permission prompt');
    expect(alpha.textContent).toContain('?');
    expect(within(table).getByRole('row', { name: /beta/ }).textContent).toContain('✕');
  });
});

describe('SessionTable rows open terminals', () => {
  const sessions = [
    sampleSession({ id: 'a', displayName: 'alpha' }),
    sampleSession({ id: 'b', displayName: 'beta' }),
  ];

  it('double-click opens interactive; with Shift, watch', () => {
    const onOpen = vi.fn<OpenSession>();
    render(<SessionTable sessions={sessions} onOpen={onOpen} />);
    const alpha = screen.getByRole('row', { name: 'alpha' });
    fireEvent.doubleClick(alpha);
    fireEvent.doubleClick(alpha, { shiftKey: true });
    expect(onOpen.mock.calls.map(([s, mode]) => [s.id, mode])).toEqual([
      ['a', 'interactive'],
      ['a', 'watch'],
    ]);
  });

  it('rows take focus; Enter opens the focused one, the arrows move between rows', () => {
    const onOpen = vi.fn<OpenSession>();
    render(<SessionTable sessions={sessions} onOpen={onOpen} />);
    const alpha = screen.getByRole('row', { name: 'alpha' });
    const beta = screen.getByRole('row', { name: 'beta' });
    alpha.focus();
    fireEvent.keyDown(alpha, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(beta);
    fireEvent.keyDown(beta, { key: 'Enter' });
    fireEvent.keyDown(beta, { key: 'Enter', shiftKey: true });
    fireEvent.keyDown(beta, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(alpha);
    expect(onOpen.mock.calls.map(([s, mode]) => [s.id, mode])).toEqual([
      ['b', 'interactive'],
      ['b', 'watch'],
    ]);
  });

  it('without onOpen, rows are plain (not focusable)', () => {
    render(<SessionTable sessions={sessions} />);
    expect(screen.getByRole('row', { name: 'alpha' }).hasAttribute('tabindex')).toBe(false);
  });
});

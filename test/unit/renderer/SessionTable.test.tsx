// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionTable } from '../../../renderer/src/components/SessionTable';
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

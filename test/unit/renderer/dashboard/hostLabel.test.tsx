// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionList } from '../../../../renderer/src/dashboard/list/SessionList';
import { ClockContext } from '../../../../renderer/src/dashboard/time/clock';
import { manualClock } from './samples';
import { sampleSession } from '../../../helpers/samples';

afterEach(cleanup);

describe('host label on rows (issue 17)', () => {
  it("names a remote session's host and leaves local ones unlabelled", () => {
    render(
      <ClockContext.Provider value={manualClock()}>
        <SessionList
          rows={[
            sampleSession({ id: 'r', name: 'remote', displayName: 'remote', host: 'gpu' }),
            sampleSession({ id: 'l', name: 'local', displayName: 'local' }),
          ]}
          selectedId={null}
          reviewedIds={new Set()}
          viewedAt={new Map()}
          onSelect={() => undefined}
          onActivate={() => undefined}
        />
      </ClockContext.Provider>,
    );
    const remote = screen.getByRole('row', { name: 'remote' });
    expect(remote.querySelector('.tag-host')?.textContent).toBe('gpu');
    expect(remote.querySelector('.name')?.getAttribute('title')).toMatch(/host gpu/);
    expect(screen.getByRole('row', { name: 'local' }).querySelector('.tag-host')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { renderList } from '../../../../main/cli/commands/list';
import type { Snapshot } from '../../../../preload/contract';

const AT = '2026-12-06T04:00:00.000Z';

describe('list (text): problems are never silent', () => {
  it('lists sources with problems and servers up with a note', () => {
    const snapshot: Snapshot = {
      seq: 1,
      generatedAt: AT,
      sessions: [],
      servers: [
        {
          socket: '/tmp/s',
          origins: ['default'],
          state: 'up',
          error: 'the socket file /tmp/s is missing, but its tmux server (pid 7) still runs',
          sessionCount: 1,
          checkedAt: AT,
        },
      ],
      sources: [
        {
          source: 'hooks',
          count: 3,
          message: 'a hook line that is not JSON was dropped',
          firstAt: AT,
          lastAt: AT,
        },
        {
          source: 'schmux state /h/.schmux/state.json',
          count: 1,
          message: 'is a FIFO',
          firstAt: AT,
          lastAt: AT,
        },
      ],
    };
    const text = renderList(snapshot, Date.parse(AT));
    expect(text).toContain('Servers:\n  /tmp/s: the socket file /tmp/s is missing');
    expect(text).toContain(
      'Sources with problems:\n  hooks: a hook line that is not JSON was dropped (3 times)\n',
    );
    expect(text).toContain('  schmux state /h/.schmux/state.json: is a FIFO\n');
  });
});

import { describe, expect, it } from 'vitest';
import type { Session, SessionMark } from '../../../../preload/contract';
import { splitForMiddleEllipsis } from '../../../../renderer/src/dashboard/cells/MiddleEllipsis';
import {
  filterSessions,
  NO_FILTERS,
  type SortKey,
} from '../../../../renderer/src/dashboard/model/filters';
import { fuzzyMatcher } from '../../../../renderer/src/dashboard/model/fuzzy';
import {
  formatAgo,
  formatDuration,
  formatFor,
  formatSince,
} from '../../../../renderer/src/dashboard/time/relativeTime';
import { sampleSession } from '../../../helpers/samples';

describe('fuzzy search', () => {
  const match = (query: string, ...texts: string[]): boolean =>
    fuzzyMatcher(query)?.(texts) ?? true;

  it('matches substrings and compact subsequences, ignoring case and accents', () => {
    expect(match('AUTH', 'pipeline-auth')).toBe(true);
    expect(match('plauth', 'pipeline-auth')).toBe(true);
    expect(match('resume', 'Résumé-agent')).toBe(true);
    expect(match('日本', 'résumé-日本語')).toBe(true);
  });

  it('needs every word, in the name or the directory', () => {
    expect(match('auth warehouse', 'pipeline-auth', '/srv/warehouse')).toBe(true);
    expect(match('auth billing', 'pipeline-auth', '/srv/warehouse')).toBe(false);
  });

  it('does not match letters scattered far apart', () => {
    expect(match('ace', 'a-very-long-name-with-c-and-finally-e')).toBe(false);
  });

  it('has no matcher for an empty query', () => {
    expect(fuzzyMatcher('   ')).toBeNull();
  });
});

describe('filterSessions', () => {
  const s = (id: string, extra: Partial<Session>): Session =>
    sampleSession({ id, name: id, displayName: id, ...extra });
  const sessions = [
    s('a', { status: 'idle', source: 'plain', socket: '/t/default' }),
    s('b', { status: 'crashed', source: 'pipeline', socket: '/t/default' }),
    s('c', { status: 'crashed', source: 'plain', socket: '/t/work' }),
    s('d', { status: 'done', source: 'schmux', socket: '/t/schmux' }),
  ];
  const reviewed = (id: string, status: Session['status']): [string, SessionMark] => [
    id,
    {
      sessionId: id,
      reviewedStatus: status,
      reviewedAt: '2026-01-01T00:00:00.000Z',
      viewedAt: null,
    },
  ];

  it('counts each facet as if only that facet were free', () => {
    const result = filterSessions(
      sessions,
      { ...NO_FILTERS, statuses: new Set(['crashed']) },
      new Map(),
    );
    expect(result.rows.map((r) => r.id)).toEqual(['b', 'c']);
    expect(result.statusCounts.get('idle')).toBe(1);
    expect(result.statusCounts.get('crashed')).toBe(2);
    expect(result.sourceCounts.get('plain')).toBe(1);
    expect(result.serverCounts.get('/t/work')).toBe(1);
    expect(result.serverCounts.get('/t/schmux')).toBeUndefined();
  });

  it('hides reviewed sessions unless asked, and only while their status is the reviewed one', () => {
    const marks = new Map([reviewed('d', 'done'), reviewed('b', 'done')]);
    const hidden = filterSessions(sessions, NO_FILTERS, marks);
    expect(hidden.rows.map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect(hidden.reviewedCount).toBe(1);
    const shown = filterSessions(sessions, { ...NO_FILTERS, showReviewed: true }, marks);
    expect(shown.rows.map((r) => r.id)).toEqual(['b', 'c', 'a', 'd']);
  });

  it('filters by server and by search over name and directory', () => {
    const byServer = filterSessions(sessions, { ...NO_FILTERS, server: '/t/work' }, new Map());
    expect(byServer.rows.map((r) => r.id)).toEqual(['c']);
    const dirs = [s('x', { projectDir: '/srv/billing' }), s('y', { projectDir: '/srv/auth' })];
    const byDir = filterSessions(dirs, { ...NO_FILTERS, query: 'billing' }, new Map());
    expect(byDir.rows.map((r) => r.id)).toEqual(['x']);
  });
});

describe('relative times', () => {
  const at = Date.parse('2026-01-01T12:00:00.000Z');
  const ago = (ms: number): string => new Date(at - ms).toISOString();

  it('reads short and dense', () => {
    expect(formatDuration(1_000)).toBe('now');
    expect(formatDuration(42_000)).toBe('42s');
    expect(formatDuration(7 * 60_000)).toBe('7m');
    expect(formatDuration(3 * 3_600_000 + 5 * 60_000)).toBe('3h 05m');
    expect(formatDuration(2 * 86_400_000 + 4 * 3_600_000)).toBe('2d 4h');
  });

  it('handles unknown, unparsable and future times', () => {
    expect(formatSince(null, at)).toBe('—');
    expect(formatSince('yesterday-ish', at)).toBe('—');
    expect(formatSince(new Date(at + 60_000).toISOString(), at)).toBe('now');
    expect(formatAgo(ago(90_000), at)).toBe('1m ago');
    expect(formatAgo(ago(0), at)).toBe('now');
    expect(formatFor(ago(0), at)).toBe('just now');
    expect(formatFor(ago(90_000), at)).toBe('for 1m');
  });
});

describe('middle ellipsis split', () => {
  it('keeps the last path segment whole as the tail', () => {
    expect(splitForMiddleEllipsis('/home/u/projects/auth-service')).toEqual([
      '/home/u/projects',
      '/auth-service',
    ]);
  });

  it('never cuts a grapheme in two', () => {
    const [head, tail] = splitForMiddleEllipsis('/x/👩‍👩‍👧‍👦🚀/日本語');
    expect(head + tail).toBe('/x/👩‍👩‍👧‍👦🚀/日本語');
    expect(tail).toBe('/日本語');
  });

  it('caps the tail for one very long segment', () => {
    const [head, tail] = splitForMiddleEllipsis(`/${'a'.repeat(200)}`);
    expect(Array.from(tail)).toHaveLength(28);
    expect(head.length + tail.length).toBe(201);
  });
});

describe('honest order', () => {
  const at = (id: string, status: Session['status'], since: string, extra: Partial<Session> = {}) =>
    sampleSession({ id, name: id, displayName: id, status, since, ...extra });
  const rows = [
    at('b-new', 'waiting', '2026-11-21T10:05:00.000Z', {
      lastActivityAt: '2026-11-21T10:05:00.000Z',
    }),
    at('a-old', 'waiting', '2026-11-21T09:00:00.000Z', {
      lastActivityAt: '2026-11-21T09:00:00.000Z',
    }),
    at('c-idle', 'idle', '2026-11-21T08:00:00.000Z', {
      lastActivityAt: '2026-11-21T10:09:00.000Z',
    }),
  ];
  const names = (sorted: Session[]) => sorted.map((s) => s.id);

  it('puts the longest in a status first, within the urgency order', () => {
    expect(names(filterSessions(rows, NO_FILTERS, new Map()).rows)).toEqual([
      'a-old',
      'b-new',
      'c-idle',
    ]);
  });

  it('sorts by a column when asked, either way', () => {
    const by = (key: SortKey, descending = false) =>
      names(filterSessions(rows, NO_FILTERS, new Map(), { key, descending }).rows);
    expect(by('name')).toEqual(['a-old', 'b-new', 'c-idle']);
    expect(by('name', true)).toEqual(['c-idle', 'b-new', 'a-old']);
    expect(by('since')).toEqual(['c-idle', 'a-old', 'b-new']);
    expect(by('activity')).toEqual(['c-idle', 'b-new', 'a-old']);
    expect(by('status', true)).toEqual(['c-idle', 'b-new', 'a-old']);
  });

  it('finds a session by its nickname', () => {
    const marks = new Map<string, SessionMark>([
      [
        'c-idle',
        {
          sessionId: 'c-idle',
          reviewedStatus: null,
          reviewedAt: null,
          viewedAt: null,
          nickname: 'nightly docs',
        },
      ],
    ]);
    expect(names(filterSessions(rows, { ...NO_FILTERS, query: 'nightly' }, marks).rows)).toEqual([
      'c-idle',
    ]);
  });
});

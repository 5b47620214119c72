import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  capScreen,
  ENDED_REASON,
  EndedSessions,
  MAX_ENDED,
  MAX_SCREEN_CHARS,
  MAX_SCREEN_LINES,
} from '../../../../../main/core/keep/endedSessions';
import { sampleSession } from '../../../../helpers/samples';

let dir: string | null = null;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
});

describe('capScreen', () => {
  it('keeps the last lines, then the last characters from a line start', () => {
    const many = Array.from({ length: MAX_SCREEN_LINES + 50 }, (_, i) => `line ${i}`).join('\n');
    const capped = capScreen(`${many}\n\n   \n`);
    expect(capped.split('\n')).toHaveLength(MAX_SCREEN_LINES);
    expect(capped.endsWith(`line ${MAX_SCREEN_LINES + 49}`)).toBe(true);
    const wide = Array.from({ length: 100 }, (_, i) => `${i} ${'x'.repeat(1000)}`).join('\n');
    const cut = capScreen(wide);
    expect(cut.length).toBeLessThanOrEqual(MAX_SCREEN_CHARS);
    expect(cut).toMatch(/^\d+ x/);
  });
});

describe('EndedSessions', () => {
  it('keeps the newest MAX_ENDED, dropping the oldest first, on disk too', async () => {
    dir = await mkdtemp(join(tmpdir(), 'lw-ended-'));
    const kept = new EndedSessions(dir);
    await kept.load();
    const total = MAX_ENDED + 3;
    for (let i = 0; i < total; i++) {
      const session = sampleSession({
        id: `tmux:/s:s${i}`,
        name: `s${i}`,
        status: 'idle',
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      });
      kept.end(session, { text: `screen ${i}`, atMs: i }, Date.UTC(2026, 0, 2) + i * 1000, null);
    }
    await kept.settled();
    const names = kept.all().map((r) => r.session.name);
    expect(names).toHaveLength(MAX_ENDED);
    expect(names).not.toContain('s0');
    expect(names).not.toContain('s2');
    expect(names).toContain('s3');
    expect((await readdir(join(dir, 'ended'))).filter((n) => n.endsWith('.json'))).toHaveLength(
      MAX_ENDED,
    );
    const row = kept.row(kept.rowIds().at(-1)!);
    expect(row).toMatchObject({ status: 'unknown', reason: ENDED_REASON, live: false });
    expect(row?.ended?.lastStatus).toBe('idle');

    const again = new EndedSessions(dir, false);
    await again.load();
    expect(again.all()).toHaveLength(MAX_ENDED);
    expect(again.problems).toEqual([]);
  });

  it('keeps a known outcome as it was', async () => {
    dir = await mkdtemp(join(tmpdir(), 'lw-ended-'));
    const kept = new EndedSessions(dir, false);
    const row = kept.end(
      sampleSession({ status: 'crashed', reason: 'exited with status 3' }),
      null,
      Date.now(),
      null,
    );
    expect(row).toMatchObject({ status: 'crashed', reason: 'exited with status 3' });
    expect(row.ended?.screenLines).toBe(0);
  });
});

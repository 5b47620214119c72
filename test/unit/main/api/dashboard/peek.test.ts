import { describe, expect, it } from 'vitest';
import { PeekService } from '../../../../../main/api/dashboard/peek';

describe('PeekService', () => {
  it('returns a fresh screen without its blank bottom, and keeps it for when the session is gone', async () => {
    let screen: string | null = 'line 1\nline 2\n\n\n\n';
    const service = new PeekService(() => Promise.resolve(screen));
    const fresh = await service.peek('a', 40, Date.parse('2026-01-01T00:00:00Z'));
    expect(fresh).toMatchObject({ text: 'line 1\nline 2', kept: false, error: null });
    screen = null;
    const kept = await service.peek('a');
    expect(kept).toMatchObject({
      text: 'line 1\nline 2',
      kept: true,
      capturedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(kept.error).toMatch(/gone/);
    expect(await service.peek('never-seen')).toMatchObject({ text: null, kept: false });
  });
});

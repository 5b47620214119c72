import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BATCH_INTERVAL_MS, OutputBatcher } from '../../../../main/pty/outputBatcher';
import { completeUtf8Length } from '../../../../main/pty/utf8';

const strictDecoder = new TextDecoder('utf-8', { fatal: true });

function collector() {
  const batches: Buffer[] = [];
  const batcher = new OutputBatcher({ emit: (bytes) => batches.push(Buffer.from(bytes)) });
  return { batches, batcher };
}

describe('completeUtf8Length', () => {
  it('keeps back only an incomplete character at the end', () => {
    const euro = Buffer.from('€'); // e2 82 ac
    expect(completeUtf8Length(Buffer.from('abc'))).toBe(3);
    expect(completeUtf8Length(euro)).toBe(3);
    expect(completeUtf8Length(euro.subarray(0, 1))).toBe(0);
    expect(completeUtf8Length(Buffer.concat([Buffer.from('a'), euro.subarray(0, 2)]))).toBe(1);
    const emoji = Buffer.from('😀'); // 4 bytes
    expect(completeUtf8Length(emoji.subarray(0, 3))).toBe(0);
    expect(completeUtf8Length(emoji)).toBe(4);
  });

  it('never holds back bytes that cannot start a character (binary garbage)', () => {
    expect(completeUtf8Length(Buffer.from([0x61, 0xff]))).toBe(2);
    expect(completeUtf8Length(Buffer.from([0x80, 0x80, 0x80, 0x80]))).toBe(4);
    expect(completeUtf8Length(Buffer.from([0xc0]))).toBe(1);
  });
});

describe('OutputBatcher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gathers the reads of one interval into one message', () => {
    const { batches, batcher } = collector();
    batcher.push(Buffer.from('one '));
    batcher.push(Buffer.from('two '));
    vi.advanceTimersByTime(BATCH_INTERVAL_MS - 1);
    expect(batches).toEqual([]);
    batcher.push(Buffer.from('three'));
    vi.advanceTimersByTime(1);
    expect(batches.map(String)).toEqual(['one two three']);
    batcher.push(Buffer.from('next'));
    vi.advanceTimersByTime(BATCH_INTERVAL_MS);
    expect(batches.map(String)).toEqual(['one two three', 'next']);
  });

  it('sends at once when a batch grows past its size limit', () => {
    const batches: Buffer[] = [];
    const batcher = new OutputBatcher({ emit: (b) => batches.push(b), maxBytes: 10 });
    batcher.push(Buffer.from('0123456789AB'));
    expect(batches.map(String)).toEqual(['0123456789AB']);
  });

  it('never splits a character across messages, even split across reads', () => {
    const { batches, batcher } = collector();
    const text = Buffer.from('ab€cd😀');
    batcher.push(text.subarray(0, 3)); // "ab" + first byte of €
    vi.advanceTimersByTime(BATCH_INTERVAL_MS);
    batcher.push(text.subarray(3, 9)); // rest of €, "cd", first two bytes of 😀
    vi.advanceTimersByTime(BATCH_INTERVAL_MS);
    batcher.push(text.subarray(9));
    vi.advanceTimersByTime(BATCH_INTERVAL_MS);
    expect(batches.map((b) => strictDecoder.decode(b))).toEqual(['ab', '€cd', '😀']);
  });

  it('sends a character start nobody completes after one more interval, rather than never', () => {
    const { batches, batcher } = collector();
    batcher.push(Buffer.from([0x61, 0xe2, 0x82]));
    vi.advanceTimersByTime(BATCH_INTERVAL_MS);
    expect(batches).toEqual([Buffer.from('a')]);
    vi.advanceTimersByTime(BATCH_INTERVAL_MS);
    expect(batches).toEqual([Buffer.from('a'), Buffer.from([0xe2, 0x82])]);
    expect(batcher.pending).toBe(0);
  });

  it('flushes everything at the end of the stream, and stops when disposed', () => {
    const { batches, batcher } = collector();
    batcher.push(Buffer.from([0x61, 0xf0, 0x9f]));
    batcher.flush(true);
    expect(Buffer.concat(batches)).toEqual(Buffer.from([0x61, 0xf0, 0x9f]));
    batcher.push(Buffer.from('late'));
    batcher.dispose();
    vi.advanceTimersByTime(BATCH_INTERVAL_MS * 10);
    expect(Buffer.concat(batches)).toEqual(Buffer.from([0x61, 0xf0, 0x9f]));
  });

  it('for any text cut anywhere, every message decodes and together they are the text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (text, cuts) => {
          const bytes = Buffer.from(text);
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort(
            (a, b) => a - b,
          );
          const { batches, batcher } = collector();
          let start = 0;
          for (const point of [...points, bytes.length]) {
            batcher.push(bytes.subarray(start, point));
            start = point;
            vi.advanceTimersByTime(BATCH_INTERVAL_MS);
          }
          batcher.flush(true);
          for (const batch of batches) expect(() => strictDecoder.decode(batch)).not.toThrow();
          expect(Buffer.concat(batches).toString()).toBe(text);
        },
      ),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { PANE_FRAME_HEADER_BYTES, paneFrame, readPaneFrame } from '../../../../preload/contract';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

describe('paneFrame', () => {
  it('puts the pane number in front as 4 big-endian bytes', () => {
    expect(PANE_FRAME_HEADER_BYTES).toBe(4);
    expect(Array.from(paneFrame(0x01020304, text('hi')))).toEqual([1, 2, 3, 4, 0x68, 0x69]);
    expect(Array.from(paneFrame(12, text('')))).toEqual([0, 0, 0, 12]);
  });

  it('writes pane numbers above 65535 whole', () => {
    expect(Array.from(paneFrame(65536, new Uint8Array([9])))).toEqual([0, 1, 0, 0, 9]);
    expect(Array.from(paneFrame(0xffffffff, new Uint8Array()))).toEqual([255, 255, 255, 255]);
  });

  it('copies the bytes: changing them afterwards does not change the frame', () => {
    const bytes = text('abc');
    const frame = paneFrame(1, bytes);
    bytes.fill(0);
    expect(Array.from(frame.subarray(PANE_FRAME_HEADER_BYTES))).toEqual([0x61, 0x62, 0x63]);
  });

  it('takes a Node Buffer that is a view into a larger one', () => {
    const pool = Buffer.from('xxhelloxx');
    const frame = paneFrame(3, pool.subarray(2, 7));
    expect(frame.length).toBe(9);
    expect(Buffer.from(frame.subarray(4)).toString()).toBe('hello');
  });
});

describe('readPaneFrame', () => {
  it.each([0, 1, 12, 255, 256, 65535, 65536, 1_000_000, 0x7fffffff, 0xffffffff])(
    'gives back pane %i and its bytes',
    (pane) => {
      const bytes = text(`\x1b[1mpane ${pane} ✓\r\n`);
      const read = readPaneFrame(paneFrame(pane, bytes));
      expect(read?.pane).toBe(pane);
      expect(read?.bytes).toEqual(bytes);
    },
  );

  it('reads an empty payload', () => {
    const read = readPaneFrame(paneFrame(70000, new Uint8Array()));
    expect(read?.pane).toBe(70000);
    expect(read?.bytes.length).toBe(0);
  });

  it('reads a frame of exactly the header', () => {
    const read = readPaneFrame(new Uint8Array([0, 0, 1, 0]));
    expect(read?.pane).toBe(256);
    expect(read?.bytes.length).toBe(0);
  });

  it.each([[[]], [[0]], [[0, 0]], [[0, 0, 1]]])(
    'gives null for a frame too short for its header: %j',
    (bytes) => {
      expect(readPaneFrame(new Uint8Array(bytes))).toBeNull();
    },
  );

  it('reads a frame that is a view into a larger buffer', () => {
    const buffer = new Uint8Array([0xee, 0xee, 0xee, 0, 1, 0, 2, 0x41, 0x42, 0xee]);
    const read = readPaneFrame(buffer.subarray(3, 9));
    expect(read?.pane).toBe(65538);
    expect(Array.from(read?.bytes ?? [])).toEqual([0x41, 0x42]);
  });

  it('reads a frame that arrived as an ArrayBuffer', () => {
    const frame = paneFrame(42, text('out'));
    const copy = frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength);
    const read = readPaneFrame(new Uint8Array(copy));
    expect(read?.pane).toBe(42);
    expect(new TextDecoder().decode(read?.bytes)).toBe('out');
  });

  it('returns a view of the frame, not a copy', () => {
    const frame = paneFrame(5, text('ab'));
    const read = readPaneFrame(frame);
    frame[PANE_FRAME_HEADER_BYTES] = 0x7a;
    expect(read?.bytes[0]).toBe(0x7a);
  });
});

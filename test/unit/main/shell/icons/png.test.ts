import { describe, expect, it } from 'vitest';
import { encodePng } from '../../../../../main/shell/icons/png';
import { decodePng } from '../../../../helpers/pngDecode';

describe('encodePng', () => {
  it('round-trips every pixel through a decoder that checks signature, CRCs and length', () => {
    const width = 5;
    const height = 3;
    const rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < rgba.length; i++) rgba[i] = (i * 37 + 11) % 256;
    const decoded = decodePng(encodePng(width, height, rgba));
    expect(decoded.width).toBe(width);
    expect(decoded.height).toBe(height);
    expect([...decoded.data]).toEqual([...rgba]);
    expect(decoded.pixel(4, 2)).toEqual([...rgba.subarray(56, 60)]);
  });

  it('refuses a size that does not match the pixels', () => {
    expect(() => encodePng(2, 2, new Uint8Array(15))).toThrow(/expected 16 RGBA bytes, got 15/);
    expect(() => encodePng(0, 2, new Uint8Array(0))).toThrow(/positive integers/);
  });

  it('writes a file other tools read: signature and IHDR as the PNG spec says', () => {
    const png = encodePng(1, 1, new Uint8Array([255, 0, 0, 255]));
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(1);
    expect(png[24]).toBe(8); // bit depth
    expect(png[25]).toBe(6); // RGBA
  });
});

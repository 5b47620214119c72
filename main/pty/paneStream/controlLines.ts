/**
 * The byte level of a tmux control-mode client's stdout: whole lines, and
 * `%output` payloads turned back into the pane's bytes. Lines are kept as
 * bytes: a pane's output is not necessarily UTF-8, and cutting it into
 * strings would change it before xterm decodes it.
 */

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const BACKSLASH = 0x5c;
const DIGIT_0 = 0x30;

/** Splits stdout chunks into lines (without their "\n"); a partial line waits for its end. */
export class ControlLineReader {
  private rest: Buffer | null = null;

  constructor(private readonly onLine: (line: Buffer) => void) {}

  push(chunk: Buffer): void {
    let start = 0;
    let data = chunk;
    if (this.rest) {
      data = Buffer.concat([this.rest, chunk]);
      this.rest = null;
    }
    for (;;) {
      const end = data.indexOf(NEWLINE, start);
      if (end === -1) break;
      const stop = end > start && data[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
      this.onLine(data.subarray(start, stop));
      start = end + 1;
    }
    // Copied: the chunk's memory is reused by the stream once this returns.
    if (start < data.length) this.rest = Buffer.from(data.subarray(start));
  }
}

const isOctal = (byte: number | undefined): boolean =>
  byte !== undefined && byte >= DIGIT_0 && byte <= DIGIT_0 + 7;

/**
 * tmux writes a pane's control characters and backslashes as `\ooo` (three
 * octal digits) and every other byte as it is; this undoes that.
 */
export function unescapeOutput(escaped: Buffer): Buffer {
  if (escaped.indexOf(BACKSLASH) === -1) return escaped;
  const out = Buffer.allocUnsafe(escaped.length);
  let length = 0;
  for (let i = 0; i < escaped.length; i++) {
    const byte = escaped[i]!;
    if (
      byte === BACKSLASH &&
      isOctal(escaped[i + 1]) &&
      isOctal(escaped[i + 2]) &&
      isOctal(escaped[i + 3])
    ) {
      out[length++] =
        ((escaped[i + 1]! - DIGIT_0) << 6) |
        ((escaped[i + 2]! - DIGIT_0) << 3) |
        (escaped[i + 3]! - DIGIT_0);
      i += 3;
    } else {
      out[length++] = byte;
    }
  }
  return out.subarray(0, length);
}

const OUTPUT_PREFIX = Buffer.from('%output %');

/** A `%output %ID BYTES` line as its pane number and still-escaped payload, or null. */
export function outputLine(line: Buffer): { pane: number; escaped: Buffer } | null {
  if (line.length < OUTPUT_PREFIX.length || OUTPUT_PREFIX.compare(line, 0, OUTPUT_PREFIX.length))
    return null;
  const space = line.indexOf(0x20, OUTPUT_PREFIX.length);
  if (space === -1) return null;
  const id = line.toString('latin1', OUTPUT_PREFIX.length, space);
  if (!/^\d+$/.test(id)) return null;
  const pane = Number(id);
  return { pane, escaped: line.subarray(space + 1) };
}

/**
 * Terminal output to plain text, as a stream: drops escape sequences (CSI,
 * OSC, DCS/SOS/PM/APC strings, two-byte escapes), carriage returns and
 * other control characters, keeping text, newlines and tabs. Its state
 * carries over between chunks, so a sequence split across two reads is
 * still removed whole. Works on bytes: UTF-8 text passes through untouched
 * (every byte of a multi-byte character is >= 0x80).
 */

const ESC = 0x1b;
const BEL = 0x07;
const LF = 0x0a;
const TAB = 0x09;
/** Longest escape sequence followed before giving up on it (a broken stream must not eat the log). */
const MAX_SEQUENCE_BYTES = 4096;

/**
 * Bytes the text state must look at: controls other than LF and TAB, and DEL. (Not the
 * 8-bit C1 controls: in UTF-8 text 0x80-0x9f are continuation bytes, e.g. "ě" is C4 9B.)
 */
// Control characters are exactly what this regex is for.
// eslint-disable-next-line no-control-regex
const SPECIAL = /[\x00-\x08\x0b-\x1f\x7f]/g;

type State = 'text' | 'esc' | 'csi' | 'string' | 'stringEsc' | 'escIntermediate';

export class EscapeStripper {
  private state: State = 'text';
  private sequenceBytes = 0;

  /** The plain text of `chunk` (given what came before it). */
  push(chunk: Uint8Array): Buffer {
    const input = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    const out = Buffer.allocUnsafe(chunk.length);
    // Plain text is found and copied natively (a regex over a latin1 view, one byte per
    // character); only control bytes and escape sequences go through the state machine.
    const view = input.toString('latin1');
    let n = 0;
    let i = 0;
    while (i < input.length) {
      if (this.state === 'text') {
        SPECIAL.lastIndex = i;
        const found = SPECIAL.exec(view);
        const end = found ? found.index : input.length;
        n += input.copy(out, n, i, end);
        i = end;
        if (i >= input.length) break;
      }
      n = this.step(input[i]!, out, n);
      i += 1;
    }
    return out.subarray(0, n);
  }

  /** One byte through the state machine; returns the new output length. */
  private step(byte: number, out: Buffer, n: number): number {
    if (this.state !== 'text' && ++this.sequenceBytes > MAX_SEQUENCE_BYTES) this.state = 'text';
    switch (this.state) {
      case 'text':
        if (byte === ESC) this.enter('esc');
        else if (byte === LF || byte === TAB || byte >= 0x20) {
          if (byte !== 0x7f) out[n++] = byte;
        }
        break;
      case 'esc':
        if (byte === 0x5b) this.state = 'csi';
        else if (byte === 0x5d || byte === 0x50 || byte === 0x58 || byte === 0x5e || byte === 0x5f)
          this.state = 'string'; // OSC ] , DCS P, SOS X, PM ^, APC _
        else if (byte >= 0x20 && byte <= 0x2f) this.state = 'escIntermediate';
        else this.state = 'text'; // ESC 7, ESC =, ESC M, ...: two bytes, gone
        break;
      case 'escIntermediate':
        // ESC ( B and the like: intermediates, then one final byte.
        if (byte < 0x20 || byte > 0x2f) this.state = 'text';
        break;
      case 'csi':
        // Parameters and intermediates (0x20-0x3f), then a final byte 0x40-0x7e.
        if (byte >= 0x40 && byte <= 0x7e) this.state = 'text';
        else if (byte === ESC) this.enter('esc');
        break;
      case 'string':
        if (byte === BEL) this.state = 'text';
        else if (byte === ESC) this.state = 'stringEsc';
        break;
      case 'stringEsc':
        // ESC \ ends the string; anything else stays inside it.
        this.state = byte === 0x5c ? 'text' : byte === ESC ? 'stringEsc' : 'string';
        break;
    }
    return n;
  }

  private enter(state: State): void {
    this.state = state;
    this.sequenceBytes = 0;
  }
}

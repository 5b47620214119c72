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
const CSI_8BIT = 0x9b;
/** Longest escape sequence followed before giving up on it (a broken stream must not eat the log). */
const MAX_SEQUENCE_BYTES = 4096;

type State = 'text' | 'esc' | 'csi' | 'string' | 'stringEsc' | 'escIntermediate';

export class EscapeStripper {
  private state: State = 'text';
  private sequenceBytes = 0;

  /** The plain text of `chunk` (given what came before it). */
  push(chunk: Uint8Array): Buffer {
    const out = Buffer.allocUnsafe(chunk.length);
    let n = 0;
    for (const byte of chunk) {
      if (this.state !== 'text' && ++this.sequenceBytes > MAX_SEQUENCE_BYTES) this.state = 'text';
      switch (this.state) {
        case 'text':
          if (byte === ESC) this.enter('esc');
          else if (byte === CSI_8BIT) this.enter('csi');
          else if (byte === LF || byte === TAB || byte >= 0x20) {
            if (byte !== 0x7f) out[n++] = byte;
          }
          break;
        case 'esc':
          if (byte === 0x5b) this.state = 'csi';
          else if (
            byte === 0x5d ||
            byte === 0x50 ||
            byte === 0x58 ||
            byte === 0x5e ||
            byte === 0x5f
          )
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
    }
    return out.subarray(0, n);
  }

  private enter(state: State): void {
    this.state = state;
    this.sequenceBytes = 0;
  }
}

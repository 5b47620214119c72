/**
 * Where a byte buffer can be cut without splitting a UTF-8 character: the
 * pty hands us arbitrary slices of tmux's output, and a message that ends
 * halfway through a character would show as garbage on both sides of the cut.
 */

/** Longest UTF-8 sequence: a lead byte and three continuation bytes. */
const MAX_SEQUENCE_BYTES = 4;

/** Bytes a sequence starting with this lead byte needs; 0 for a continuation or invalid byte. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * Length of the longest prefix of `bytes` that does not end inside a
 * character: an incomplete sequence at the very end (at most 3 bytes) is
 * left out, to be completed by the next chunk. Invalid bytes (binary
 * garbage) are never held back: they cannot be completed, and the
 * decoder shows them as replacement characters.
 */
export function completeUtf8Length(bytes: Uint8Array): number {
  const end = bytes.length;
  // Walk back over at most three continuation bytes to the sequence's lead byte.
  for (let back = 1; back <= Math.min(MAX_SEQUENCE_BYTES - 1, end); back++) {
    const byte = bytes[end - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const needed = sequenceLength(byte);
    return needed > back ? end - back : end;
  }
  return end;
}

import { TERMINAL_MAX_INPUT_CHARS } from '../../../preload/contract';

/**
 * Split typed or pasted text into messages the host accepts, never between
 * the two halves of a surrogate pair (which would reach the pane as garbage).
 */
export function splitInput(data: string, max = TERMINAL_MAX_INPUT_CHARS): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < data.length) {
    let end = Math.min(start + max, data.length);
    const last = data.charCodeAt(end - 1);
    if (end < data.length && last >= 0xd800 && last <= 0xdbff) end--;
    pieces.push(data.slice(start, end));
    start = end;
  }
  return pieces;
}

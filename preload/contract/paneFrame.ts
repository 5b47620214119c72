/**
 * Output frames of a terminal read pane by pane (see
 * main/pty/paneStream): each binary frame is one pane's bytes behind a
 * 4-byte big-endian pane number. Shared by the host that writes them and
 * the view that reads them; plain Uint8Array, no Node or DOM types.
 */

export const PANE_FRAME_HEADER_BYTES = 4;

export function paneFrame(pane: number, bytes: Uint8Array): Uint8Array {
  const frame = new Uint8Array(PANE_FRAME_HEADER_BYTES + bytes.length);
  new DataView(frame.buffer).setUint32(0, pane);
  frame.set(bytes, PANE_FRAME_HEADER_BYTES);
  return frame;
}

/** The pane and its bytes, or null for a frame too short to carry a header. */
export function readPaneFrame(frame: Uint8Array): { pane: number; bytes: Uint8Array } | null {
  if (frame.length < PANE_FRAME_HEADER_BYTES) return null;
  const pane = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0);
  return { pane, bytes: frame.subarray(PANE_FRAME_HEADER_BYTES) };
}

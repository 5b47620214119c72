/**
 * The terminal protocol's frames as the page receives them, whichever
 * channel carried them: bytes are output, text is a JSON control message
 * (parsed with the contract's schema; anything else is dropped).
 */
import { TerminalServerMessageSchema } from '../../../../preload/contract';
import type { TerminalSink } from '../../api/transport';

export function deliverFrame(data: unknown, sink: TerminalSink): void {
  if (data instanceof ArrayBuffer) {
    sink.output(new Uint8Array(data));
    return;
  }
  if (data instanceof Uint8Array) {
    sink.output(data);
    return;
  }
  if (typeof data !== 'string') return;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return;
  }
  const message = TerminalServerMessageSchema.safeParse(json);
  if (message.success) sink.control(message.data);
}

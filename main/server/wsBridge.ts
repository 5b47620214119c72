/**
 * The API over a WebSocket: JSON text frames carry requests, responses and
 * events (the contract's WsClientMessage / WsServerMessage); binary frames
 * are reserved for terminal data.
 */
import type { RawData, WebSocket } from 'ws';
import {
  events,
  WsClientMessageSchema,
  type EventName,
  type WsServerMessage,
} from '../../preload/contract';
import type { ApiBackend } from '../api/backend';

/** A client this far behind on buffered frames is dropped, not buffered forever. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

export function bridgeSocket(socket: WebSocket, backend: ApiBackend): void {
  const send = (message: WsServerMessage): void => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(1013, 'client too slow');
      return;
    }
    socket.send(JSON.stringify(message));
  };
  const unsubscribers = (Object.keys(events) as EventName[]).map((name) =>
    backend.subscribe(name, (payload) => send({ t: 'evt', ev: name, payload })),
  );
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(textOf(data));
    } catch {
      return send({ t: 'evt', ev: 'protocolError', payload: 'message is not JSON' });
    }
    const message = WsClientMessageSchema.safeParse(parsed);
    if (!message.success) {
      return send({ t: 'evt', ev: 'protocolError', payload: 'message is not a request' });
    }
    const { id, op, payload } = message.data;
    backend.dispatch(op, payload).then(
      (result) => send({ t: 'res', id, ok: true, result }),
      (error: unknown) =>
        send({
          t: 'res',
          id,
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  });
  socket.on('close', () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  });
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.from(new Uint8Array(data)).toString('utf8');
}

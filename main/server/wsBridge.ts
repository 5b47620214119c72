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
  type SessionsDelta,
  type WsServerMessage,
} from '../../preload/contract';
import type { ApiBackend } from '../api/backend';

/** A client this far behind on buffered frames is dropped (with the reason), not buffered forever. */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/**
 * Past this much unread, session deltas are held back, not queued: a slow
 * client gets the latest state once it catches up, not every step between.
 */
export const COALESCE_ABOVE_BYTES = 1024 * 1024;
/** How often a client with held-back deltas is looked at again. */
const CATCH_UP_CHECK_MS = 200;

/** The socket as the bridge uses it (a `ws` WebSocket; tests pass a fake). */
export type BridgedSocket = Pick<
  WebSocket,
  'readyState' | 'OPEN' | 'bufferedAmount' | 'send' | 'close' | 'on'
>;

export function bridgeSocket(socket: BridgedSocket, backend: ApiBackend): void {
  const send = (message: WsServerMessage): void => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(1013, `client too slow: ${socket.bufferedAmount} bytes unread`);
      return;
    }
    socket.send(JSON.stringify(message));
  };
  // Deltas held back while the client is behind: the latest, and how many.
  let held: { latest: SessionsDelta; count: number } | null = null;
  let catchUp: NodeJS.Timeout | null = null;
  const flushHeld = (): void => {
    catchUp = null;
    if (!held || socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      held = null;
      socket.close(1013, `client too slow: ${socket.bufferedAmount} bytes unread`);
      return;
    }
    if (socket.bufferedAmount > COALESCE_ABOVE_BYTES) {
      catchUp = setTimeout(flushHeld, CATCH_UP_CHECK_MS);
      return;
    }
    const { latest, count } = held;
    held = null;
    // One held back: it is the next step. More: an empty delta at the latest
    // seq leaves a gap, on which the client loads a fresh snapshot.
    const payload: SessionsDelta =
      count === 1 ? latest : { seq: latest.seq, upsert: [], remove: [], servers: latest.servers };
    send({ t: 'evt', ev: 'sessionsDelta', payload });
  };
  const unsubscribers = (Object.keys(events) as EventName[]).map((name) =>
    backend.subscribe(name, (payload) => {
      if (name === 'sessionsDelta') {
        const delta = payload as SessionsDelta;
        if (held || socket.bufferedAmount > COALESCE_ABOVE_BYTES) {
          held = {
            latest: { ...delta, servers: delta.servers ?? held?.latest.servers },
            count: (held?.count ?? 0) + 1,
          };
          catchUp ??= setTimeout(flushHeld, CATCH_UP_CHECK_MS);
          return;
        }
      }
      send({ t: 'evt', ev: name, payload });
    }),
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
    if (catchUp) clearTimeout(catchUp);
    held = null;
    for (const unsubscribe of unsubscribers) unsubscribe();
  });
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.from(new Uint8Array(data)).toString('utf8');
}

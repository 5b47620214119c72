/**
 * The LoopwatchApi over the `serve` WebSocket, for the dashboard in a
 * browser. Reconnects by itself with backoff; responses and events are
 * parsed with the contract's schemas like IPC payloads are.
 */
import {
  events,
  operations,
  parsePayload,
  subscriptionName,
  WsServerMessageSchema,
  type EventName,
  type LoopwatchApi,
  type OperationName,
  type WsClientMessage,
} from '../../../preload/contract';
import { openWsTerminal } from '../terminal/channels/wsTerminalChannel';
import type { ConnectionState, Transport } from './transport';

/** Reconnect backoff: quick first retry (server restart), capped so a laptop wake reconnects soon. */
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5_000;
/** A request without an answer this long fails instead of hanging the UI. */
const REQUEST_TIMEOUT_MS = 30_000;

interface Pending {
  op: OperationName;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export function createWsTransport(url: string): Transport {
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let backoff = RECONNECT_MIN_MS;
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();

  const setState = (next: ConnectionState): void => {
    if (state === next) return;
    state = next;
    for (const listener of connectionListeners) listener(next);
  };

  const connect = (): void => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      backoff = RECONNECT_MIN_MS;
      for (const frame of queue.splice(0)) ws.send(frame);
      setState('open');
    };
    ws.onmessage = (message) => {
      if (typeof message.data !== 'string') return;
      const parsed = WsServerMessageSchema.safeParse(JSON.parse(message.data));
      if (!parsed.success) return;
      const data = parsed.data;
      if (data.t === 'evt') {
        if (!Object.hasOwn(events, data.ev)) return;
        const name = data.ev as EventName;
        const payload = parsePayload(events[name].payload, data.payload, `${name} event`);
        for (const listener of listeners.get(name) ?? []) listener(payload);
        return;
      }
      const request = pending.get(data.id);
      if (!request) return;
      pending.delete(data.id);
      clearTimeout(request.timer);
      if (!data.ok) {
        request.reject(new Error(data.error));
        return;
      }
      try {
        request.resolve(
          parsePayload(operations[request.op].response, data.result, `${request.op} response`),
        );
      } catch (error) {
        request.reject(error as Error);
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      for (const [id, request] of pending) {
        clearTimeout(request.timer);
        request.reject(new Error('connection to Loopwatch lost'));
        pending.delete(id);
      }
      setState('reconnecting');
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, RECONNECT_MAX_MS);
    };
  };

  const call = (op: OperationName, payload: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${op}: no answer from Loopwatch`));
      }, REQUEST_TIMEOUT_MS);
      pending.set(id, { op, resolve, reject, timer });
      const frame: WsClientMessage = { t: 'req', id, op, payload };
      const text = JSON.stringify(frame);
      if (socket?.readyState === WebSocket.OPEN) socket.send(text);
      else queue.push(text);
    });

  const api: Record<string, unknown> = {};
  for (const op of Object.keys(operations) as OperationName[]) {
    api[op] = (payload?: unknown) => call(op, payload);
  }
  for (const name of Object.keys(events) as EventName[]) {
    api[subscriptionName(name)] = (listener: (payload: unknown) => void) => {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => {
        set.delete(listener);
      };
    };
  }

  connect();
  // Built from the contract's tables, so it has exactly LoopwatchApi's methods.
  const typedApi = api as LoopwatchApi;
  return {
    api: typedApi,
    // Each terminal gets a WebSocket of its own beside `/ws` (same origin, same cookie).
    openTerminal: (request, sink) => openWsTerminal(new URL(url).origin, typedApi, request, sink),
    connection: () => state,
    onConnection: (listener) => {
      connectionListeners.add(listener);
      return () => {
        connectionListeners.delete(listener);
      };
    },
  };
}

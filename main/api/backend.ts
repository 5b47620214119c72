/**
 * The API both transports serve: Electron IPC (main/electron/ipc.ts) and the
 * `serve` WebSocket (main/server/wsBridge.ts). Handlers are keyed by the
 * contract's operation names, so a transport cannot offer an operation the
 * contract lacks; requests are parsed with the contract's schemas here,
 * once, whichever transport carried them.
 */
import { EventEmitter } from 'node:events';
import type { z, ZodType } from 'zod';
import {
  operations,
  parsePayload,
  type EventName,
  type EventPayload,
  type OperationName,
  type OperationResponse,
  type Unsubscribe,
} from '../../preload/contract';
import type { Supervisor } from '../core/supervisor';
import { createActionHandlers, type ActionHandlerOptions } from './actionHandlers';

/** A request as handlers get it: parsed by its schema, defaults filled in. */
export type ParsedRequest<K extends OperationName> = z.output<(typeof operations)[K]['request']>;

export type Handlers = {
  [K in OperationName]: (request: ParsedRequest<K>) => Promise<OperationResponse<K>>;
};

export interface ApiBackend {
  /** Run the operation named `op` with an unvalidated payload from a transport. */
  dispatch(op: string, payload: unknown): Promise<unknown>;
  subscribe<K extends EventName>(
    name: K,
    listener: (payload: EventPayload<K>) => void,
  ): Unsubscribe;
  /** Push an event to every subscriber (every window, every WebSocket). */
  publish<K extends EventName>(name: K, payload: EventPayload<K>): void;
  dispose(): void;
}

export function isOperationName(op: string): op is OperationName {
  return Object.hasOwn(operations, op);
}

export function createApiBackend(
  supervisor: Supervisor,
  extra: Partial<Handlers> = {},
  actions: ActionHandlerOptions = { env: process.env },
): ApiBackend {
  const handlers: Handlers = {
    getSnapshot: () => Promise.resolve(supervisor.snapshot()),
    ...createActionHandlers(actions),
    ...extra,
  };
  const bus = new EventEmitter();
  // Every window and every WebSocket subscribes: no listener ceiling.
  bus.setMaxListeners(0);
  const onDelta = (delta: EventPayload<'sessionsDelta'>): void => {
    bus.emit('sessionsDelta', delta);
  };
  const onTransition = (transition: EventPayload<'transition'>): void => {
    bus.emit('transition', transition);
  };
  supervisor.on('delta', onDelta);
  supervisor.on('transition', onTransition);
  return {
    async dispatch(op, payload) {
      if (!isOperationName(op)) throw new Error(`unknown operation: ${op}`);
      const schema: ZodType = operations[op].request;
      const request = parsePayload(schema, payload, `${op} request`);
      // The table is keyed by the same names; TypeScript cannot correlate
      // the union of handlers with the union of requests, hence the widening.
      const handler = handlers[op] as (request: unknown) => Promise<unknown>;
      return handler(request);
    },
    subscribe(name, listener) {
      bus.on(name, listener);
      return () => {
        bus.off(name, listener);
      };
    },
    publish(name, payload) {
      bus.emit(name, payload);
    },
    dispose() {
      supervisor.off('delta', onDelta);
      supervisor.off('transition', onTransition);
      bus.removeAllListeners();
    },
  };
}

/**
 * The API both transports serve: Electron IPC (main/electron/ipc.ts) and the
 * `serve` WebSocket (main/server/wsBridge.ts). Handlers are keyed by the
 * contract's operation names, so a transport cannot offer an operation the
 * contract lacks; requests are parsed with the contract's schemas here,
 * once, whichever transport carried them.
 */
import { EventEmitter } from 'node:events';
import type { ZodType } from 'zod';
import {
  operations,
  parsePayload,
  type EventName,
  type EventPayload,
  type OperationName,
  type Unsubscribe,
} from '../../preload/contract';
import { loopwatchConfigDir, type Env } from '../core/paths';
import type { Supervisor } from '../core/supervisor';
import { createDashboard } from './dashboard/handlers';
import { SessionMarksStore } from './dashboard/sessionMarks';
import type { HostConnection } from '../core/hosts/hostConnection';
import { createActionHandlers, type ActionHandlerOptions } from './actionHandlers';
import { createKeepHandlers } from './keepHandlers';
import type { Handlers } from './handlerTypes';

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

export interface ApiBackendOptions extends Partial<ActionHandlerOptions> {
  /** Where Loopwatch's own files live (session marks, history, audit log): from this environment. */
  env?: Env;
}

/**
 * `extra` adds the handlers of operations that need more than the supervisor
 * (terminals, settings, focus, ...); an operation nobody handles in this
 * process answers with an error that says so.
 */
export function createApiBackend(
  supervisor: Supervisor,
  extra: Partial<Handlers> = {},
  options: ApiBackendOptions = {},
): ApiBackend {
  const env = options.env ?? process.env;
  const marks = new SessionMarksStore(loopwatchConfigDir(env));
  // Actions on a remote host's session go over the connection the supervisor keeps to it.
  const hosts = (name: string): HostConnection | null => supervisor.hostConnection(name);
  const dashboard = createDashboard(supervisor, marks, {
    env,
    sockets: options.sockets ?? [],
    actor: options.actor ?? 'app',
    hosts,
  });
  const handlers: Partial<Handlers> = {
    getSnapshot: () => Promise.resolve(supervisor.snapshot()),
    // The process that hosts terminals passes its own (serve, Electron main).
    openTerminal: () => Promise.reject(new Error('live terminals are not available here')),
    ...dashboard.handlers,
    ...createActionHandlers({
      ...options,
      env,
      hosts,
      hostNames: () => (supervisor.snapshot().hosts ?? []).map((h) => h.name),
    }),
    ...createKeepHandlers(supervisor, {
      livePeek: dashboard.handlers.peekSession,
      env,
      sockets: () => options.sockets ?? [],
      hosts,
    }),
    ...extra,
  };
  const bus = new EventEmitter();
  // Every window and every WebSocket subscribes: no listener ceiling.
  bus.setMaxListeners(0);
  marks.on('change', (payload) => bus.emit('sessionMarks', payload));
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
      const handler = handlers[op] as ((request: unknown) => Promise<unknown>) | undefined;
      if (!handler) throw new Error(`${op} is not available in this process`);
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
      // Pending marks are written out; the write keeps the process alive until done.
      void dashboard.dispose();
      supervisor.off('delta', onDelta);
      supervisor.off('transition', onTransition);
      bus.removeAllListeners();
    },
  };
}

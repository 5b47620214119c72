/**
 * The shape of the API's handlers, keyed by the contract's operation names:
 * what the backend (backend.ts) composes and what each group of handlers
 * (actionHandlers.ts, dashboard/handlers.ts, the shell's) provides. Its own
 * module so that the handler groups never import the backend that creates them.
 */
import type { z } from 'zod';
import type { OperationName, OperationResponse, operations } from '../../preload/contract';

/** A request as handlers get it: parsed by its schema, defaults filled in. */
export type ParsedRequest<K extends OperationName> = z.output<(typeof operations)[K]['request']>;

export type Handlers = {
  [K in OperationName]: (request: ParsedRequest<K>) => Promise<OperationResponse<K>>;
};

import type { LoopwatchApi } from '../../../preload/contract';

/** Whether the page can reach the supervisor right now. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export interface Transport {
  api: LoopwatchApi;
  connection(): ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

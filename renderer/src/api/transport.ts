import type {
  LoopwatchApi,
  OpenTerminalRequest,
  OpenTerminalResponse,
  TerminalClientMessage,
  TerminalServerMessage,
} from '../../../preload/contract';

/** Whether the page can reach the supervisor right now. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

/** Where a terminal channel delivers what the host sends. */
export interface TerminalSink {
  /** Output bytes (UTF-8, never split inside a character). */
  output(bytes: Uint8Array): void;
  control(message: TerminalServerMessage): void;
  /** The channel closed; after an `ended` notice this is expected, otherwise `reason` says why. */
  closed(reason: string): void;
}

/** One live terminal's channel; the view cannot tell a WebSocket from a MessagePort. */
export interface TerminalChannel {
  readonly info: OpenTerminalResponse;
  send(message: TerminalClientMessage): void;
  /** Detach (the host kills its tmux client, never the session). */
  close(): void;
}

export interface Transport {
  api: LoopwatchApi;
  connection(): ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Attach a terminal to a session and open its channel; rejects with a message for the user. */
  openTerminal(request: OpenTerminalRequest, sink: TerminalSink): Promise<TerminalChannel>;
}

/** A TerminalPort that records what the host sends, for tests that drive the pty host directly. */
import type { TerminalServerMessage } from '../../preload/contract';
import type { TerminalPort } from '../../main/pty/port';

export interface RecordingPort extends TerminalPort {
  output: Buffer[];
  controls: TerminalServerMessage[];
  closed: boolean;
  /** Everything output so far, decoded. */
  text(): string;
  /** Send a control message as the view would. */
  send(message: unknown): void;
  /** The view goes away. */
  disconnect(): void;
  /** Acknowledge every byte received so far (as if xterm parsed it). */
  ackAll(): void;
}

export function recordingPort(options: { autoAck?: boolean } = {}): RecordingPort {
  let onControl: ((text: string) => void) | null = null;
  const closeListeners: (() => void)[] = [];
  let unacked = 0;
  const port: RecordingPort = {
    output: [],
    controls: [],
    closed: false,
    text: () => Buffer.concat(port.output).toString('utf8'),
    send: (message) => onControl?.(JSON.stringify(message)),
    disconnect: () => {
      for (const listener of closeListeners) listener();
    },
    ackAll: () => {
      if (unacked > 0) port.send({ t: 'ack', bytes: unacked });
      unacked = 0;
    },
    sendOutput(bytes) {
      port.output.push(Buffer.from(bytes));
      unacked += bytes.length;
      if (options.autoAck ?? true) queueMicrotask(() => port.ackAll());
    },
    sendControl(message) {
      port.controls.push(message);
    },
    onControl(listener) {
      onControl = listener;
    },
    onClose(listener) {
      closeListeners.push(listener);
    },
    close() {
      if (port.closed) return;
      port.closed = true;
      for (const listener of closeListeners) listener();
    },
  };
  return port;
}

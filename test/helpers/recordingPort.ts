/** A TerminalPort that records what the host sends, for tests that drive the pty host directly. */
import type { TerminalPort } from '../../main/pty/port';
import { readPaneFrame, type TerminalServerMessage } from '../../preload/contract';

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

export interface RecordingPortOptions {
  /** Acknowledge each output at once, as a view that keeps up would (default true). */
  autoAck?: boolean;
  /** Output is pane frames (pane streams): acknowledge each pane's bytes as that pane's. */
  paneFrames?: boolean;
}

export function recordingPort(options: RecordingPortOptions = {}): RecordingPort {
  let onControl: ((text: string) => void) | null = null;
  const closeListeners: (() => void)[] = [];
  let unacked = 0;
  const unackedByPane = new Map<number, number>();
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
      for (const [pane, bytes] of unackedByPane) port.send({ t: 'ack', pane, bytes });
      unackedByPane.clear();
    },
    sendOutput(bytes) {
      port.output.push(Buffer.from(bytes));
      const frame = options.paneFrames ? readPaneFrame(bytes) : null;
      if (frame) {
        unackedByPane.set(frame.pane, (unackedByPane.get(frame.pane) ?? 0) + frame.bytes.length);
      } else {
        unacked += bytes.length;
      }
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

/**
 * A terminal's channel over an Electron MessagePortMain (in the pty host
 * utility process): the same protocol as the `serve` WebSocket, output as
 * bytes (a Uint8Array), control as JSON text.
 */
import type { MessagePortMain } from 'electron';
import type { TerminalPort } from '../pty/port';

export function messagePortTerminal(port: MessagePortMain): TerminalPort {
  let closed = false;
  const closeListeners: (() => void)[] = [];
  const onClosed = (): void => {
    if (closed) return;
    closed = true;
    for (const listener of closeListeners) listener();
  };
  port.on('close', onClosed);
  return {
    sendOutput(bytes) {
      // A copy of exactly these bytes: a Buffer's view into a shared pool would clone the whole pool.
      if (!closed) port.postMessage(new Uint8Array(bytes));
    },
    sendControl(message) {
      if (!closed) port.postMessage(JSON.stringify(message));
    },
    onControl(listener) {
      port.on('message', (event) => {
        if (typeof event.data === 'string') listener(event.data);
      });
      // Messages queue on a MessagePortMain until it is started.
      port.start();
    },
    onClose(listener) {
      closeListeners.push(listener);
    },
    close() {
      if (closed) return;
      port.close();
      onClosed();
    },
  };
}

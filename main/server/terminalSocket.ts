/**
 * `serve`'s terminal endpoint: one WebSocket per terminal at
 * `TERMINAL_WS_PATH?id=TERMINAL_ID` (checked like `/ws`: Host, Origin,
 * token). Binary frames carry output bytes, text frames JSON control.
 */
import type { RawData, WebSocket } from 'ws';
import type { TerminalPort } from '../pty/port';

/** Close codes the view can tell apart (4000-4999 are the application's). */
export const TERMINAL_CLOSE_UNKNOWN = 4404;

/** The part of the pty host the endpoint needs. */
export interface TerminalEndpointHost {
  connect(terminalId: string, port: TerminalPort): boolean;
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.from(new Uint8Array(data)).toString('utf8');
}

export function webSocketTerminalPort(socket: WebSocket): TerminalPort {
  const open = (): boolean => socket.readyState === socket.OPEN;
  return {
    sendOutput(bytes) {
      if (open()) socket.send(bytes, { binary: true });
    },
    sendControl(message) {
      if (open()) socket.send(JSON.stringify(message));
    },
    onControl(listener) {
      socket.on('message', (data, isBinary) => {
        if (!isBinary) listener(textOf(data));
      });
    },
    onClose(listener) {
      socket.on('close', listener);
    },
    close() {
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) {
        socket.close(1000, 'terminal ended');
      }
    },
  };
}

/** Connect an accepted WebSocket to its terminal, or close it saying the id is unknown. */
export function acceptTerminalSocket(
  socket: WebSocket,
  host: TerminalEndpointHost,
  terminalId: string | null,
): void {
  if (!terminalId || !host.connect(terminalId, webSocketTerminalPort(socket))) {
    socket.close(TERMINAL_CLOSE_UNKNOWN, 'no such terminal (it ended or was never opened)');
  }
}

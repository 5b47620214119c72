/**
 * A terminal over `serve`: `openTerminal` through the API, then a WebSocket
 * of its own at TERMINAL_WS_PATH (binary frames: output; text: control).
 * The browser sends the token cookie and our Origin, as for `/ws`.
 */
import {
  TERMINAL_WS_PATH,
  type LoopwatchApi,
  type OpenTerminalRequest,
} from '../../../../preload/contract';
import type { TerminalChannel, TerminalSink } from '../../api/transport';
import { deliverFrame } from './frames';

/** The close code `serve` uses for an id it does not know (main/server/terminalSocket.ts). */
const CLOSE_UNKNOWN_TERMINAL = 4404;

export async function openWsTerminal(
  wsOrigin: string,
  api: LoopwatchApi,
  request: OpenTerminalRequest,
  sink: TerminalSink,
): Promise<TerminalChannel> {
  const info = await api.openTerminal(request);
  const socket = new WebSocket(
    `${wsOrigin}${TERMINAL_WS_PATH}?id=${encodeURIComponent(info.terminalId)}`,
  );
  socket.binaryType = 'arraybuffer';
  const queue: string[] = [];
  let closedByUs = false;
  socket.onopen = () => {
    for (const frame of queue.splice(0)) socket.send(frame);
  };
  socket.onmessage = (event) => deliverFrame(event.data, sink);
  socket.onclose = (event) => {
    if (closedByUs) return;
    sink.closed(
      event.code === CLOSE_UNKNOWN_TERMINAL
        ? 'The terminal was closed before it could connect.'
        : 'Lost the connection to Loopwatch.',
    );
  };
  return {
    info,
    send(message) {
      const frame = JSON.stringify(message);
      if (socket.readyState === WebSocket.OPEN) socket.send(frame);
      else if (socket.readyState === WebSocket.CONNECTING) queue.push(frame);
    },
    close() {
      closedByUs = true;
      socket.close(1000, 'detach');
    },
  };
}

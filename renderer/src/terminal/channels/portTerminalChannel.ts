/**
 * A terminal in Electron: `openTerminal` through the preload's API, then
 * the terminal's MessagePort, which main sends to the preload and the
 * preload posts to this page (contextBridge cannot carry ports).
 */
import {
  TerminalPortWindowMessageSchema,
  type LoopwatchApi,
  type OpenTerminalRequest,
  type TerminalPortBridge,
} from '../../../../preload/contract';
import type { TerminalChannel, TerminalSink } from '../../api/transport';
import { deliverFrame } from './frames';

/** The port follows the open at once; this long without it means main could not deliver it. */
const PORT_TIMEOUT_MS = 10_000;

/** Wait for the port main sends for `terminalId` (posted to this window by the preload). */
function receivePort(page: Window, terminalId: string): Promise<MessagePort> {
  return new Promise((resolve, reject) => {
    const onMessage = (event: MessageEvent): void => {
      if (event.source !== page) return;
      const message = TerminalPortWindowMessageSchema.safeParse(event.data);
      if (!message.success || message.data.terminalId !== terminalId) return;
      const port = event.ports[0];
      if (!port) return;
      done();
      resolve(port);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error('The terminal did not connect (no port from Loopwatch).'));
    }, PORT_TIMEOUT_MS);
    const done = (): void => {
      clearTimeout(timer);
      page.removeEventListener('message', onMessage);
    };
    page.addEventListener('message', onMessage);
  });
}

export async function openPortTerminal(
  api: LoopwatchApi,
  bridge: TerminalPortBridge,
  request: OpenTerminalRequest,
  sink: TerminalSink,
  page: Window = window,
): Promise<TerminalChannel> {
  const info = await api.openTerminal(request);
  const arriving = receivePort(page, info.terminalId);
  bridge.request(info.terminalId);
  const port = await arriving;
  let closedByUs = false;
  port.onmessage = (event: MessageEvent) => deliverFrame(event.data, sink);
  // Chromium reports a port whose other end went away (the pty host stopped).
  port.addEventListener('close', () => {
    if (!closedByUs) sink.closed('The terminal host stopped.');
  });
  port.start();
  return {
    info,
    send(message) {
      port.postMessage(JSON.stringify(message));
    },
    close() {
      closedByUs = true;
      port.close();
    },
  };
}

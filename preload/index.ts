/**
 * The preload: exposes `window.loopwatch`, one method per operation of the
 * contract and one `onX` subscription per event, and
 * `window.loopwatchTerminalPorts` to ask for a terminal's MessagePort;
 * nothing else (never `ipcRenderer` itself). Main parses every payload with
 * the contract's schemas and checks the sender.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  events,
  operations,
  subscriptionName,
  TERMINAL_PORT_CHANNEL,
  TERMINAL_PORT_REQUEST_CHANNEL,
  TERMINAL_PORT_WINDOW_MESSAGE,
  TerminalPortRequestSchema,
  type EventName,
  type LoopwatchApi,
  type OperationName,
  type TerminalPortBridge,
} from './contract';

function buildApi(): LoopwatchApi {
  const api: Record<string, unknown> = {};
  for (const name of Object.keys(operations) as OperationName[]) {
    const { channel } = operations[name];
    api[name] = (request?: unknown) => ipcRenderer.invoke(channel, request);
  }
  for (const name of Object.keys(events) as EventName[]) {
    const { channel } = events[name];
    api[subscriptionName(name)] = (listener: (payload: unknown) => void) => {
      const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
      ipcRenderer.on(channel, wrapped);
      return () => {
        ipcRenderer.off(channel, wrapped);
      };
    };
  }
  // Built from the contract's own tables above, so it has exactly the
  // methods LoopwatchApi names; TypeScript cannot see that through a loop.
  return api as LoopwatchApi;
}

/**
 * Terminal ports: a MessagePort cannot cross contextBridge, so (as Electron's
 * docs show) the preload receives it from main and posts it to the page
 * with window.postMessage; the page takes it from `event.ports`.
 */
/** The page's window.postMessage (the preload is type-checked without DOM types). */
interface PageWindow {
  postMessage(message: unknown, targetOrigin: string, transfer: readonly unknown[]): void;
}

export function forwardTerminalPorts(page = globalThis as unknown as PageWindow): void {
  ipcRenderer.on(TERMINAL_PORT_CHANNEL, (event: IpcRendererEvent, payload: unknown) => {
    const parsed = TerminalPortRequestSchema.safeParse(payload);
    if (!parsed.success || event.ports.length !== 1) return;
    page.postMessage(
      { type: TERMINAL_PORT_WINDOW_MESSAGE, terminalId: parsed.data.terminalId },
      // Our own page, whatever its origin (file:// pages have the opaque origin "null").
      '*',
      event.ports,
    );
  });
}

export function buildTerminalPortBridge(): TerminalPortBridge {
  return {
    request: (terminalId) => {
      ipcRenderer.send(TERMINAL_PORT_REQUEST_CHANNEL, { terminalId });
    },
  };
}

contextBridge.exposeInMainWorld('loopwatch', buildApi());
contextBridge.exposeInMainWorld('loopwatchTerminalPorts', buildTerminalPortBridge());
forwardTerminalPorts();

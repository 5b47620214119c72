/**
 * The page asks for a terminal's MessagePort (after `openTerminal`); main
 * checks the sender like every IPC call and sends the port back to that
 * window only. (ipcRenderer.invoke cannot return a port, hence send + postMessage.)
 */
import { ipcMain, type IpcMainEvent } from 'electron';
import { TERMINAL_PORT_REQUEST_CHANNEL, TerminalPortRequestSchema } from '../../preload/contract';
import { checkSender, type IpcBindingOptions } from './ipc';
import type { PtyHostBridge } from './ptyHostBridge';

export interface TerminalPortsOptions extends Pick<
  IpcBindingOptions,
  'isTrustedUrl' | 'trustedContents'
> {
  bridge: Pick<PtyHostBridge, 'connectPort'>;
  /** Where refused requests are reported (console by default). */
  warn?: (message: string) => void;
}

export function bindTerminalPorts(options: TerminalPortsOptions): () => void {
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const listener = (event: IpcMainEvent, payload: unknown): void => {
    try {
      checkSender(event, options);
    } catch (error) {
      warn((error as Error).message);
      return;
    }
    const request = TerminalPortRequestSchema.safeParse(payload);
    if (!request.success) {
      warn('terminal port request refused: no terminal id');
      return;
    }
    options.bridge.connectPort(request.data.terminalId, event.sender);
  };
  ipcMain.on(TERMINAL_PORT_REQUEST_CHANNEL, listener);
  return () => {
    ipcMain.off(TERMINAL_PORT_REQUEST_CHANNEL, listener);
  };
}

/**
 * One terminal's channel to its view, whatever carries it: a WebSocket in
 * `serve` (main/server/terminalSocket.ts), a MessagePort in Electron
 * (main/electron/messagePortTerminal.ts). Output goes as bytes, control as
 * JSON text, in the order sent.
 */
import type { TerminalServerMessage } from '../../preload/contract';

export interface TerminalPort {
  sendOutput(bytes: Uint8Array): void;
  sendControl(message: TerminalServerMessage): void;
  /** Control text from the view (parsed by the terminal, never trusted). */
  onControl(listener: (text: string) => void): void;
  /** The view went away (tab closed, page reloaded, connection lost). */
  onClose(listener: () => void): void;
  close(): void;
}

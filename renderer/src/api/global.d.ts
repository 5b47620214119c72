import type { LoopwatchApi, TerminalPortBridge } from '../../../preload/contract';

declare global {
  interface Window {
    /** Present in the Electron window (the preload exposes it); absent in a browser. */
    loopwatch?: LoopwatchApi;
    /** Electron only: asks main for a terminal's MessagePort (see preload/index.ts). */
    loopwatchTerminalPorts?: TerminalPortBridge;
  }
}

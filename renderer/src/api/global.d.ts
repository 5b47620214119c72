import type { LoopwatchApi } from '../../../preload/contract';

declare global {
  interface Window {
    /** Present in the Electron window (the preload exposes it); absent in a browser. */
    loopwatch?: LoopwatchApi;
  }
}

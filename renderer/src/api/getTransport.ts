/**
 * The one place that knows how the page reaches the supervisor: the preload's
 * `window.loopwatch` in Electron, a WebSocket to `loopwatch serve` in a
 * browser. Everything else receives a Transport and cannot tell which.
 */
import type { Transport } from './transport';
import { createWsTransport } from './wsClient';

export function getTransport(): Transport {
  if (window.loopwatch) {
    const api = window.loopwatch;
    return { api, connection: () => 'open', onConnection: () => () => {} };
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWsTransport(`${scheme}//${location.host}/ws`);
}

/**
 * The one place that knows how the page reaches the supervisor: the preload's
 * `window.loopwatch` in Electron, a WebSocket to `loopwatch serve` in a
 * browser. Everything else receives a Transport and cannot tell which.
 */
import { openPortTerminal } from '../terminal/channels/portTerminalChannel';
import type { Transport } from './transport';
import { createWsTransport } from './wsClient';

export function getTransport(): Transport {
  if (window.loopwatch) {
    const api = window.loopwatch;
    const ports = window.loopwatchTerminalPorts;
    return {
      api,
      connection: () => 'open',
      onConnection: () => () => {},
      openTerminal: (request, sink) =>
        ports
          ? openPortTerminal(api, ports, request, sink)
          : Promise.reject(new Error('This window cannot open terminals (no terminal ports).')),
    };
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWsTransport(`${scheme}//${location.host}/ws`);
}

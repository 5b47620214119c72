import { describe, expect, it, vi } from 'vitest';

type Listener = (event: unknown, payload: unknown) => void;
const onListeners = new Map<string, Listener>();
const exposed = new Map<string, unknown>();

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: vi.fn((key: string, value: unknown) => exposed.set(key, value)),
  },
  ipcRenderer: {
    invoke: vi.fn(),
    send: vi.fn(),
    on: vi.fn((channel: string, listener: Listener) => onListeners.set(channel, listener)),
    off: vi.fn(),
  },
}));

// The preload posts terminal ports to the page's window.
const postMessage = vi.fn();
(globalThis as unknown as { postMessage: typeof postMessage }).postMessage = postMessage;

await import('../../../preload/index');
const electron = await import('electron');
const contract = await import('../../../preload/contract');

describe('the preload', () => {
  it('exposes the API and the terminal port request, never ipcRenderer', () => {
    expect([...exposed.keys()].sort()).toEqual(['loopwatch', 'loopwatchTerminalPorts']);
    const ports = exposed.get('loopwatchTerminalPorts') as { request(id: string): void };
    expect(Object.keys(ports)).toEqual(['request']);
    ports.request('abc');
    expect(electron.ipcRenderer.send).toHaveBeenCalledWith(contract.TERMINAL_PORT_REQUEST_CHANNEL, {
      terminalId: 'abc',
    });
    const api = exposed.get('loopwatch') as Record<string, unknown>;
    expect(Object.keys(api)).toContain('openTerminal');
    expect(Object.keys(api)).toContain('onTerminalRequested');
  });

  it("forwards a terminal's port from main to the page with window.postMessage", () => {
    const forward = onListeners.get(contract.TERMINAL_PORT_CHANNEL)!;
    const port = { fake: 'port' };
    forward({ ports: [port] }, { terminalId: 'abc' });
    expect(postMessage).toHaveBeenCalledWith(
      { type: contract.TERMINAL_PORT_WINDOW_MESSAGE, terminalId: 'abc' },
      '*',
      [port],
    );
    forward({ ports: [] }, { terminalId: 'abc' });
    forward({ ports: [port] }, { nope: true });
    expect(postMessage).toHaveBeenCalledTimes(1);
  });
});

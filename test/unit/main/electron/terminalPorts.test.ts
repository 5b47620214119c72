import { describe, expect, it, vi } from 'vitest';

type Listener = (event: unknown, payload: unknown) => void;
const listeners = new Map<string, Listener>();

vi.mock('electron', () => ({
  ipcMain: {
    on: vi.fn((channel: string, listener: Listener) => listeners.set(channel, listener)),
    off: vi.fn((channel: string) => listeners.delete(channel)),
  },
}));

const { bindTerminalPorts } = await import('../../../../main/electron/terminalPorts');
const { TERMINAL_PORT_REQUEST_CHANNEL } = await import('../../../../preload/contract');

const PAGE = 'loopwatch://app/index.html';

describe('terminal port requests', () => {
  it('sends the port to the asking window when it is ours, and to nobody otherwise', () => {
    const bridge = { connectPort: vi.fn() };
    const warn = vi.fn();
    const ours = { id: 1 };
    const unbind = bindTerminalPorts({
      bridge,
      isTrustedUrl: (url) => url === PAGE,
      trustedContents: () => [ours as never],
      warn,
    });
    const listener = listeners.get(TERMINAL_PORT_REQUEST_CHANNEL)!;
    listener({ sender: ours, senderFrame: { url: PAGE } }, { terminalId: 'abc' });
    expect(bridge.connectPort).toHaveBeenCalledWith('abc', ours);

    listener(
      { sender: ours, senderFrame: { url: 'https://evil.example/' } },
      { terminalId: 'abc' },
    );
    listener({ sender: { id: 2 }, senderFrame: { url: PAGE } }, { terminalId: 'abc' });
    listener({ sender: ours, senderFrame: { url: PAGE } }, { terminalId: '' });
    expect(bridge.connectPort).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(3);

    unbind();
    expect(listeners.size).toBe(0);
  });
});

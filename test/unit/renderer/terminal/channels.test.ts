import { describe, expect, it, vi } from 'vitest';
import type { LoopwatchApi, OpenTerminalResponse } from '../../../../preload/contract';
import { TERMINAL_PORT_WINDOW_MESSAGE } from '../../../../preload/contract';
import type { TerminalSink } from '../../../../renderer/src/api/transport';
import { deliverFrame } from '../../../../renderer/src/terminal/channels/frames';
import { openPortTerminal } from '../../../../renderer/src/terminal/channels/portTerminalChannel';

function sink() {
  return { output: vi.fn(), control: vi.fn(), closed: vi.fn() } satisfies TerminalSink;
}

const info: OpenTerminalResponse = {
  terminalId: 'abc',
  sessionId: 's',
  sessionName: 'agent',
  socket: '/tmp/s',
  mode: 'watch',
  attachCommand: "tmux -S /tmp/s attach -t '=agent'",
};

describe('deliverFrame', () => {
  it('passes bytes as output and valid JSON control messages as control; drops the rest', () => {
    const s = sink();
    deliverFrame(new Uint8Array([104, 105]).buffer, s);
    deliverFrame(new Uint8Array([33]), s);
    deliverFrame('{"t":"attached","mode":"watch"}', s);
    deliverFrame('{"t":"attached","mode":"root"}', s);
    deliverFrame('not json', s);
    deliverFrame(42, s);
    expect(s.output.mock.calls.map(([bytes]) => [...(bytes as Uint8Array)])).toEqual([
      [104, 105],
      [33],
    ]);
    expect(s.control.mock.calls).toEqual([[{ t: 'attached', mode: 'watch' }]]);
  });
});

describe('openPortTerminal (Electron)', () => {
  it('opens, asks for the port, and speaks the protocol over it', async () => {
    const listeners = new Set<(event: MessageEvent) => void>();
    const page = {
      addEventListener: (_type: string, listener: (event: MessageEvent) => void) =>
        listeners.add(listener),
      removeEventListener: (_type: string, listener: (event: MessageEvent) => void) =>
        listeners.delete(listener),
    };
    const { port1, port2 } = new MessageChannel();
    const api = { openTerminal: vi.fn(() => Promise.resolve(info)) } as unknown as LoopwatchApi;
    const bridge = {
      request: vi.fn((terminalId: string) => {
        const deliver = (event: Partial<MessageEvent>) => {
          for (const listener of [...listeners]) listener(event as MessageEvent);
        };
        // Messages from elsewhere or for another terminal are not ours.
        deliver({
          source: null,
          data: { type: TERMINAL_PORT_WINDOW_MESSAGE, terminalId },
          ports: [port2],
        });
        deliver({
          source: page as never,
          data: { type: TERMINAL_PORT_WINDOW_MESSAGE, terminalId: 'x' },
          ports: [port2],
        });
        deliver({
          source: page as never,
          data: { type: TERMINAL_PORT_WINDOW_MESSAGE, terminalId },
          ports: [port2],
        });
      }),
    };
    const s = sink();
    const request = { sessionId: 's', mode: 'watch', cols: 80, rows: 24 } as const;
    const channel = await openPortTerminal(api, bridge, request, s, page as unknown as Window);
    expect(api.openTerminal).toHaveBeenCalledWith(request);
    expect(bridge.request).toHaveBeenCalledWith('abc');
    expect(channel.info).toEqual(info);
    expect(listeners.size).toBe(0);

    const fromView = vi.fn();
    port1.onmessage = (event: MessageEvent<unknown>) => {
      fromView(event.data);
    };
    channel.send({ t: 'ack', bytes: 5000 });
    port1.postMessage(new Uint8Array([65]));
    port1.postMessage('{"t":"size","cols":80,"rows":25}');
    await vi.waitFor(() =>
      expect(s.control).toHaveBeenCalledWith({ t: 'size', cols: 80, rows: 25 }),
    );
    expect(s.output).toHaveBeenCalledWith(new Uint8Array([65]));
    await vi.waitFor(() => expect(fromView).toHaveBeenCalledWith('{"t":"ack","bytes":5000}'));
    channel.close();
    port1.close();
  });
});

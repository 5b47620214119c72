// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OpenTerminalRequest, TerminalClientMessage } from '../../../../preload/contract';
import type { TerminalSink } from '../../../../renderer/src/api/transport';
import { TerminalView } from '../../../../renderer/src/terminal/TerminalView';
import { sampleSession } from '../../../helpers/samples';

// jsdom has no layout and no canvas: give xterm what it asks for, before its modules load
// (they probe for canvas support when imported). WebGL fails, so the view uses the DOM renderer.
vi.hoisted(() => {
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  window.matchMedia = (() => ({
    matches: false,
    addListener() {},
    removeListener() {},
    addEventListener() {},
    removeEventListener() {},
  })) as never;
  HTMLCanvasElement.prototype.getContext = (() => null) as never;
});

afterEach(cleanup);

function fakeTransport(
  open: (request: OpenTerminalRequest, sink: TerminalSink) => Promise<void> = () =>
    Promise.resolve(),
) {
  const sent: TerminalClientMessage[] = [];
  let sink: TerminalSink | null = null;
  const transport = {
    openTerminal: vi.fn(async (request: OpenTerminalRequest, s: TerminalSink) => {
      sink = s;
      await open(request, s);
      return {
        info: {
          terminalId: 't',
          sessionId: request.sessionId,
          sessionName: 'agent',
          socket: '/tmp/s',
          mode: request.mode,
          attachCommand: "tmux -S /tmp/s attach -t '=agent'",
        },
        send: (m: TerminalClientMessage) => sent.push(m),
        close: vi.fn(),
      };
    }),
  };
  return { transport, sent, sink: () => sink! };
}

const tab = {
  sessionId: 'tmux:/tmp/s:agent',
  label: 'agent',
  mode: 'watch' as const,
  requestedAt: 0,
};

describe('TerminalView', () => {
  it('shows the session, its mode, and a clear notice when the session has ended', async () => {
    const t = fakeTransport();
    const session = sampleSession({
      id: tab.sessionId,
      displayName: 'agent',
      status: 'waiting',
      reason: 'asks y/n',
    });
    const { rerender } = render(
      <TerminalView
        tab={tab}
        session={session}
        active
        focusRequest={1}
        transport={t.transport}
        onDetach={() => {}}
      />,
    );
    expect(screen.getByRole('tabpanel', { name: 'Terminal: agent' })).toBeTruthy();
    await act(async () => {
      t.sink().control({ t: 'attached', mode: 'watch' });
      t.sink().control({ t: 'size', cols: 80, rows: 25 });
      await Promise.resolve();
    });
    expect(screen.getByRole('button', { name: 'Watch' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByText(/Watching, read-only.*\(80×25\)/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy attach command' }).getAttribute('title')).toBe(
      "tmux -S /tmp/s attach -t '=agent'",
    );

    // The supervisor forgets the session; the view keeps what it last knew.
    rerender(
      <TerminalView
        tab={tab}
        session={undefined}
        active
        focusRequest={1}
        transport={t.transport}
        onDetach={() => {}}
      />,
    );
    await act(async () => {
      t.sink().control({
        t: 'ended',
        end: { kind: 'exited', message: 'tmux: [exited]', exitCode: 0, signal: null },
      });
      await Promise.resolve();
    });
    const notice = screen.getByRole('status');
    expect(notice.textContent).toBe(
      'Session ended. tmux: [exited] (exit status 0). Last status: waiting, asks y/n',
    );
    expect(screen.getByRole('button', { name: 'Reopen' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Watch' }).hasAttribute('disabled')).toBe(true);
  });

  it('says why when the terminal could not be opened', async () => {
    const t = fakeTransport(() =>
      Promise.reject(
        new Error('This session has ended: Loopwatch no longer sees it on any tmux server.'),
      ),
    );
    render(
      <TerminalView
        tab={tab}
        session={undefined}
        active
        focusRequest={1}
        transport={t.transport}
        onDetach={() => {}}
      />,
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      'Could not attach. This session has ended: Loopwatch no longer sees it on any tmux server.',
    );
  });

  it('asks the host to switch mode, and waits for it to re-attach', async () => {
    const t = fakeTransport();
    render(
      <TerminalView
        tab={{ ...tab, mode: 'interactive' }}
        session={sampleSession({ id: tab.sessionId, displayName: 'agent' })}
        active
        focusRequest={1}
        transport={t.transport}
        onDetach={() => {}}
      />,
    );
    await act(async () => {
      t.sink().control({ t: 'attached', mode: 'interactive' });
      await Promise.resolve();
    });
    act(() => screen.getByRole('button', { name: 'Watch' }).click());
    expect(t.sent).toContainEqual({ t: 'mode', mode: 'watch' });
    // Until the host re-attaches, the switch is in progress.
    expect(screen.getByRole('button', { name: 'Interactive' }).hasAttribute('disabled')).toBe(true);
  });

  it('acknowledges output only once xterm parsed it, in steps; keys go out only in interactive mode', async () => {
    const t = fakeTransport();
    const { container } = render(
      <TerminalView
        tab={tab}
        session={undefined}
        active
        focusRequest={1}
        transport={t.transport}
        onDetach={() => {}}
      />,
    );
    await act(async () => {
      t.sink().control({ t: 'attached', mode: 'watch' });
      await Promise.resolve();
    });
    const screenElement = container.querySelector('.terminal-screen') as unknown as {
      loopwatchTerminal: { terminal: { input(data: string): void } };
    };
    const xterm = screenElement.loopwatchTerminal.terminal;
    act(() => t.sink().output(new Uint8Array(3_000).fill(0x61)));
    act(() => t.sink().output(new Uint8Array(3_000).fill(0x62)));
    await vi.waitFor(() => expect(t.sent).toContainEqual({ t: 'ack', bytes: 6_000 }));
    expect(t.sent.filter((m) => m.t === 'ack')).toHaveLength(1);

    xterm.input('typed in watch mode');
    expect(t.sent.some((m) => m.t === 'input')).toBe(false);
    await act(async () => {
      t.sink().control({ t: 'attached', mode: 'interactive' });
      await Promise.resolve();
    });
    xterm.input('ls\r');
    expect(t.sent).toContainEqual({ t: 'input', data: 'ls\r' });
  });
});

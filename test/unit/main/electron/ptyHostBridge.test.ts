import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

/** A stand-in for Electron's UtilityProcess: records what main posts to it. */
class FakeChild extends EventEmitter {
  posted: { message: unknown; ports?: unknown[] }[] = [];
  killed = false;
  postMessage(message: unknown, ports?: unknown[]) {
    this.posted.push({ message, ports });
  }
  kill() {
    this.killed = true;
    return true;
  }
}

class FakePort {
  constructor(readonly name: string) {}
}

const children: FakeChild[] = [];

vi.mock('electron', () => ({
  utilityProcess: {
    fork: vi.fn(() => {
      const child = new FakeChild();
      children.push(child);
      return child;
    }),
  },
  MessageChannelMain: class {
    port1 = new FakePort('port1');
    port2 = new FakePort('port2');
  },
}));

const { createPtyHostBridge } = await import('../../../../main/electron/ptyHostBridge');
const electron = await import('electron');
const { TERMINAL_PORT_CHANNEL } = await import('../../../../preload/contract');

const spec = { socket: '/tmp/s', name: 'agent', mode: 'watch', cols: 80, rows: 24 } as const;

function lastRequestId(child: FakeChild): number {
  return (child.posted.at(-1)!.message as { requestId: number }).requestId;
}

describe('the pty host bridge (Electron main)', () => {
  beforeEach(() => {
    children.length = 0;
    vi.mocked(electron.utilityProcess.fork).mockClear();
  });

  it('forks the utility process on first use and opens terminals through it', async () => {
    const bridge = createPtyHostBridge('/app/out/main/ptyHost.js');
    expect(electron.utilityProcess.fork).not.toHaveBeenCalled();
    const opening = bridge.open(spec);
    expect(electron.utilityProcess.fork).toHaveBeenCalledWith('/app/out/main/ptyHost.js', [], {
      serviceName: 'Loopwatch terminals',
    });
    const child = children[0]!;
    expect(child.posted[0]!.message).toEqual({ t: 'open', requestId: 1, spec });
    child.emit('message', { t: 'opened', requestId: 1, terminalId: 'abc' });
    await expect(opening).resolves.toEqual({ terminalId: 'abc' });

    const failing = bridge.open(spec);
    child.emit('message', { t: 'openFailed', requestId: lastRequestId(child), message: 'no' });
    await expect(failing).rejects.toThrow('no');
    // Replies that are not ours, or not replies at all, are ignored.
    child.emit('message', { t: 'opened', requestId: 999, terminalId: 'x' });
    child.emit('message', 'garbage');
    expect(children).toHaveLength(1);
  });

  it('gives each terminal a port pair: one end to the host, the other to the asking window', () => {
    const bridge = createPtyHostBridge('/x.js');
    const contents = { postMessage: vi.fn() };
    bridge.connectPort('abc', contents as never);
    const child = children[0]!;
    expect(child.posted[0]).toEqual({
      message: { t: 'connect', terminalId: 'abc' },
      ports: [expect.objectContaining({ name: 'port1' })],
    });
    expect(contents.postMessage).toHaveBeenCalledWith(
      TERMINAL_PORT_CHANNEL,
      { terminalId: 'abc' },
      [expect.objectContaining({ name: 'port2' })],
    );
  });

  it('fails pending opens when the host dies, and starts a new one next time', async () => {
    const bridge = createPtyHostBridge('/x.js');
    const opening = bridge.open(spec);
    children[0]!.emit('exit', 139);
    await expect(opening).rejects.toThrow('the terminal host stopped (exit status 139)');
    void bridge.open(spec).catch(() => {});
    expect(children).toHaveLength(2);
    bridge.dispose();
    expect(children[1]!.killed).toBe(true);
  });
});

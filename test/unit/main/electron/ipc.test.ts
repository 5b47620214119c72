import { beforeEach, describe, expect, it, vi } from 'vitest';

type Handler = (event: unknown, payload: unknown) => Promise<unknown>;
const handlers = new Map<string, Handler>();

vi.mock('electron', () => ({
  ipcMain: {
    handle: vi.fn((channel: string, handler: Handler) => handlers.set(channel, handler)),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
  },
}));

const { bindIpc, UntrustedSenderError } = await import('../../../../main/electron/ipc');
const { operations, events } = await import('../../../../preload/contract');
const electron = await import('electron');

function fakeBackend() {
  const listeners = new Map<string, (payload: unknown) => void>();
  return {
    dispatch: vi.fn((op: string, payload: unknown) => Promise.resolve({ op, payload })),
    subscribe: vi.fn((name: string, listener: (payload: unknown) => void) => {
      listeners.set(name, listener);
      return () => listeners.delete(name);
    }),
    publish: vi.fn(),
    dispose: vi.fn(),
    listeners,
  };
}

const PAGE = 'loopwatch://app/index.html';

function contents(id: number) {
  return { id, isDestroyed: () => false, send: vi.fn() };
}

describe('bindIpc', () => {
  beforeEach(() => handlers.clear());

  it('registers one handler per contract operation and dispatches trusted calls', async () => {
    const backend = fakeBackend();
    const window = contents(1);
    bindIpc({
      backend,
      isTrustedUrl: (url) => url === PAGE,
      trustedContents: () => [window as never],
    });
    expect([...handlers.keys()].sort()).toEqual(
      Object.values(operations)
        .map((o) => o.channel)
        .sort(),
    );
    const handler = handlers.get(operations.getSnapshot.channel)!;
    await expect(
      handler({ sender: { id: 1 }, senderFrame: { url: PAGE } }, undefined),
    ).resolves.toEqual({
      op: 'getSnapshot',
      payload: undefined,
    });
  });

  it('refuses calls from a foreign page or a window that is not ours', async () => {
    const backend = fakeBackend();
    bindIpc({
      backend,
      isTrustedUrl: (url) => url === PAGE,
      trustedContents: () => [contents(1) as never],
    });
    const handler = handlers.get(operations.getSnapshot.channel)!;
    await expect(
      handler({ sender: { id: 1 }, senderFrame: { url: 'https://evil.example/' } }, undefined),
    ).rejects.toThrow(UntrustedSenderError);
    await expect(
      handler({ sender: { id: 2 }, senderFrame: { url: PAGE } }, undefined),
    ).rejects.toThrow(/untrusted sender/);
    expect(backend.dispatch).not.toHaveBeenCalled();
  });

  it('forwards events to our windows on the allowlisted channel, and unbinds cleanly', () => {
    const backend = fakeBackend();
    const window = contents(1);
    const unbind = bindIpc({
      backend,
      isTrustedUrl: () => true,
      trustedContents: () => [window as never],
    });
    backend.listeners.get('sessionsDelta')!({ seq: 1, upsert: [], remove: [] });
    expect(window.send).toHaveBeenCalledWith(events.sessionsDelta.channel, {
      seq: 1,
      upsert: [],
      remove: [],
    });
    unbind();
    expect(handlers.size).toBe(0);
    expect(backend.listeners.size).toBe(0);
    expect(vi.mocked(electron.ipcMain).removeHandler).toHaveBeenCalledTimes(
      Object.keys(operations).length,
    );
  });
});

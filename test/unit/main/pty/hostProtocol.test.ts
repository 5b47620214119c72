import { describe, expect, it, vi } from 'vitest';
import { createHostService } from '../../../../main/pty/hostProtocol';
import type { PtyHost } from '../../../../main/pty/ptyHost';
import { recordingPort } from '../../../helpers/recordingPort';

const spec = { socket: '/tmp/s', name: 'agent', mode: 'watch', cols: 80, rows: 24 } as const;

function fakeHost() {
  return {
    open: vi.fn((_spec: unknown) => Promise.resolve({ terminalId: 'abc' })),
    connect: vi.fn((_id: string, _port: unknown) => true),
    dispose: vi.fn(() => Promise.resolve()),
  };
}

describe('the pty host service (utility process side)', () => {
  it('opens terminals and answers with their id, or why not', async () => {
    const host = fakeHost();
    const replies: unknown[] = [];
    const service = createHostService(host as unknown as PtyHost, (r) => replies.push(r));
    service.handle({ t: 'open', requestId: 7, spec }, []);
    await vi.waitFor(() =>
      expect(replies).toEqual([{ t: 'opened', requestId: 7, terminalId: 'abc' }]),
    );
    expect(host.open).toHaveBeenCalledWith(spec);

    host.open.mockReturnValueOnce(Promise.reject(new Error('shutting down')));
    service.handle({ t: 'open', requestId: 8, spec }, []);
    await vi.waitFor(() =>
      expect(replies[1]).toEqual({ t: 'openFailed', requestId: 8, message: 'shutting down' }),
    );
  });

  it('passes the ssh route of a remote session to the pty host process, intact', async () => {
    const host = fakeHost();
    const service = createHostService(host as unknown as PtyHost, () => {});
    const route = {
      host: 'gpu',
      ssh: 'ssh',
      options: ['-F', '/cfg', '-T', '-o', 'BatchMode=yes'],
      destination: 'me@gpu',
    };
    service.handle({ t: 'open', requestId: 1, spec: { ...spec, route } }, []);
    await vi.waitFor(() => expect(host.open).toHaveBeenCalledWith({ ...spec, route }));
  });

  it('hands the port to its terminal, and closes ports nobody can use', () => {
    const host = fakeHost();
    const service = createHostService(host as unknown as PtyHost, () => {});
    const port = recordingPort();
    service.handle({ t: 'connect', terminalId: 'abc' }, [port]);
    expect(host.connect).toHaveBeenCalledWith('abc', port);
    expect(port.closed).toBe(false);

    host.connect.mockReturnValueOnce(false);
    const unknown = recordingPort();
    service.handle({ t: 'connect', terminalId: 'nope' }, [unknown]);
    expect(unknown.closed).toBe(true);

    const [a, b] = [recordingPort(), recordingPort()];
    service.handle({ t: 'open', requestId: 1, spec: { ...spec, cols: 99_999 } }, [a]);
    service.handle('garbage', [b]);
    expect(a.closed && b.closed).toBe(true);
    expect(host.open).not.toHaveBeenCalled();
  });

  it('disposes the host when main asks', async () => {
    const host = fakeHost();
    const replies: unknown[] = [];
    createHostService(host as unknown as PtyHost, (r) => replies.push(r)).handle(
      { t: 'dispose' },
      [],
    );
    await vi.waitFor(() => expect(replies).toEqual([{ t: 'disposed' }]));
  });
});

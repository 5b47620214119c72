import { describe, expect, it } from 'vitest';
import { hostLost } from '../../../../main/pty/remoteTmux';

const route = { host: 'gpu', ssh: 'ssh', options: [], destination: 'me@gpu' };

describe('hostLost: how a remote terminal says its host went away', () => {
  it('a shared connection closed under it (ssh says nothing): the connection was lost', () => {
    expect(hostLost(route, '', 255)).toEqual({
      kind: 'hostUnreachable',
      message: 'the connection to host gpu was lost',
      exitCode: 255,
      signal: null,
    });
  });

  it('a link that drops: unreachable, in the words ssh used', () => {
    const end = hostLost(route, 'ssh: connect to host 10.0.0.2 port 22: No route to host\n', 255);
    expect(end.kind).toBe('hostUnreachable');
    expect(end.message).toBe(
      'host gpu unreachable: connect to host 10.0.0.2 port 22: No route to host',
    );
  });

  it('a host that refuses the key: refused, with what to do', () => {
    const end = hostLost(route, 'me@gpu: Permission denied (publickey).\n', 255);
    expect(end.message).toMatch(/^host gpu refused the connection: auth failed \(publickey\)/);
  });
});

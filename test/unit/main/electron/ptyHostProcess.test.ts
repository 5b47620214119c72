import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { runPtyHostProcess } from '../../../../main/electron/ptyHostProcess';

class FakeParentPort extends EventEmitter {
  posted: unknown[] = [];
  postMessage(message: unknown) {
    this.posted.push(message);
  }
}

class FakeMessagePort extends EventEmitter {
  closed = false;
  postMessage() {}
  start() {}
  close() {
    this.closed = true;
  }
}

describe('the pty host utility process entry', () => {
  it('serves main over its parent port; a port for an unknown terminal is closed', async () => {
    const parent = new FakeParentPort();
    const host = runPtyHostProcess(parent);
    const port = new FakeMessagePort();
    parent.emit('message', { data: { t: 'connect', terminalId: 'never-opened' }, ports: [port] });
    expect(port.closed).toBe(true);
    parent.emit('message', { data: { t: 'dispose' }, ports: [] });
    await expect.poll(() => parent.posted).toEqual([{ t: 'disposed' }]);
    await host.dispose();
  });
});

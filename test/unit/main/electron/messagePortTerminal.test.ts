import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { messagePortTerminal } from '../../../../main/electron/messagePortTerminal';

/** A stand-in for Electron's MessagePortMain. */
class FakeMessagePort extends EventEmitter {
  posted: unknown[] = [];
  started = false;
  closed = false;
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  start() {
    this.started = true;
  }
  close() {
    this.closed = true;
  }
}

describe('a terminal channel over a MessagePortMain', () => {
  it('posts output as exactly its bytes and control as JSON text', () => {
    const raw = new FakeMessagePort();
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- a structural stand-in for Electron's MessagePortMain
    const port = messagePortTerminal(raw);
    const pool = Buffer.from('xxhello worldxx');
    port.sendOutput(pool.subarray(2, 13));
    port.sendControl({ t: 'attached', mode: 'watch' });
    const [bytes, text] = raw.posted as [Uint8Array, string];
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes.buffer.byteLength).toBe(11);
    expect(Buffer.from(bytes).toString()).toBe('hello world');
    expect(JSON.parse(text)).toEqual({ t: 'attached', mode: 'watch' });
  });

  it('starts the port for control text, ignores anything else, and reports the other end leaving once', () => {
    const raw = new FakeMessagePort();
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- a structural stand-in for Electron's MessagePortMain
    const port = messagePortTerminal(raw);
    const onControl = vi.fn();
    const onClose = vi.fn();
    port.onControl(onControl);
    port.onClose(onClose);
    expect(raw.started).toBe(true);
    raw.emit('message', { data: '{"t":"ack","bytes":5}', ports: [] });
    raw.emit('message', { data: new Uint8Array([1]), ports: [] });
    expect(onControl).toHaveBeenCalledTimes(1);
    expect(onControl).toHaveBeenCalledWith('{"t":"ack","bytes":5}');
    raw.emit('close');
    port.close();
    expect(onClose).toHaveBeenCalledTimes(1);
    port.sendControl({ t: 'attached', mode: 'watch' });
    expect(raw.posted).toEqual([]);
  });
});

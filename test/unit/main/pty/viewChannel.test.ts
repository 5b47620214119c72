import { describe, expect, it, vi } from 'vitest';
import { ViewChannel } from '../../../../main/pty/viewChannel';
import { recordingPort } from '../../../helpers/recordingPort';

function channel() {
  const onMessage = vi.fn();
  const onClose = vi.fn();
  return { channel: new ViewChannel({ onMessage, onClose }), onMessage, onClose };
}

describe('ViewChannel', () => {
  it('keeps output and notices in order until the view connects, then sends them', () => {
    const { channel: view } = channel();
    view.sendOutput(Buffer.from('one'));
    view.sendControl({ t: 'attached', mode: 'watch' });
    view.sendOutput(Buffer.from('two'));
    const port = recordingPort();
    expect(view.claimed).toBe(false);
    expect(view.connect(port)).toBe(true);
    expect(view.claimed).toBe(true);
    expect(port.text()).toBe('onetwo');
    expect(port.controls).toEqual([{ t: 'attached', mode: 'watch' }]);
    view.sendOutput(Buffer.from('three'));
    expect(port.text()).toBe('onetwothree');
  });

  it('is taken once', () => {
    const { channel: view } = channel();
    expect(view.connect(recordingPort())).toBe(true);
    expect(view.connect(recordingPort())).toBe(false);
  });

  it('hands on valid messages and answers invalid ones with an error notice', () => {
    const { channel: view, onMessage } = channel();
    const port = recordingPort();
    view.connect(port);
    port.send({ t: 'resize', cols: 80, rows: 24 });
    expect(onMessage).toHaveBeenCalledWith({ t: 'resize', cols: 80, rows: 24 });
    port.send({ t: 'resize', cols: -1, rows: 24 });
    port.send({ t: 'no-such-message' });
    expect(onMessage).toHaveBeenCalledTimes(1);
    const errors = port.controls.filter((c) => c.t === 'error');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({
      message: expect.stringMatching(/^ignored a control message: /),
    });
  });

  it('says when the view goes away', () => {
    const { channel: view, onClose } = channel();
    const port = recordingPort();
    view.connect(port);
    port.disconnect();
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('closed before any view connected: the first view still gets what was said, then the close', () => {
    const { channel: view } = channel();
    view.sendControl({
      t: 'ended',
      end: { kind: 'noServer', message: 'no server', exitCode: 1, signal: null },
    });
    view.close();
    const port = recordingPort();
    expect(view.connect(port)).toBe(true);
    expect(port.controls[0]).toMatchObject({ t: 'ended' });
    expect(port.closed).toBe(true);
  });
});

/**
 * Pane streams against real tmux: what a control-mode terminal does that an
 * attach client cannot. A flooding pane is paused and redrawn from tmux's
 * copy while the pane being typed into stays live.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_MAX_BYTES } from '../../../main/pty/outputBatcher';
import { PANE_FLOW } from '../../../main/pty/paneStream/paneStreamTerminal';
import { PtyHost } from '../../../main/pty/ptyHost';
import { readPaneFrame } from '../../../preload/contract';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { recordingPort, type RecordingPort } from '../../helpers/recordingPort';

let sandbox: Sandbox;
let host: PtyHost | null = null;

beforeAll(async () => {
  sandbox = await createSandbox();
});

afterEach(async () => {
  await host?.dispose();
  host = null;
});

afterAll(async () => {
  await sandbox.cleanup();
});

/** What the view was sent for one pane, decoded. */
function paneOutput(port: RecordingPort, pane: number): string {
  const chunks: Uint8Array[] = [];
  for (const frame of port.output) {
    const read = readPaneFrame(frame);
    if (read?.pane === pane) chunks.push(read.bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const paneId = (text: string): number => Number(text.replace('%', ''));

describe('pane streams against real tmux', () => {
  it('pauses a flooding pane, keeps the typed-into pane live, and redraws the flood from tmux', async () => {
    const stop = join(sandbox.root, 'stop-flood');
    const flood = join(sandbox.root, 'flood.sh');
    // Floods until told to stop, then prints a last line the redraw must show.
    await writeFile(
      flood,
      `while [ ! -e ${stop} ]; do seq 1 20000; done; echo "FLOOD-$((6*7))-OVER"\n`,
    );
    await sandbox.tmux(['new-session', '-d', '-s', 'split', '-x', '80', '-y', '24']);
    await sandbox.tmux([
      'split-window',
      '-v',
      '-t',
      '=split:',
      'sh',
      '-c',
      'printf "ECHO> "; exec cat',
    ]);
    const [floodPane, echoPane] = (
      await sandbox.tmux(['list-panes', '-t', '=split:', '-F', '#{pane_id}'])
    )
      .trim()
      .split('\n')
      .map(paneId);

    // A paused pane's redraw is due a while after the view catches up: long enough to act in between.
    host = new PtyHost({ env: sandbox.env, client: 'panes', paneMinPauseMs: 1_500 });
    const { terminalId } = await host.open({
      socket: sandbox.socket(),
      name: 'split',
      mode: 'interactive',
      cols: 80,
      rows: 24,
    });
    // A view that lags: it acknowledges nothing until told to.
    const port = recordingPort({ autoAck: false, paneFrames: true });
    host.connect(terminalId, port);
    // A snapshot (capture-pane) drops trailing spaces: "ECHO>", not "ECHO> ".
    await eventually(() => paneOutput(port, echoPane!).includes('ECHO>'), 'the echo pane');
    expect(port.controls).toContainEqual(
      expect.objectContaining({
        t: 'layout',
        panes: [
          expect.objectContaining({ id: floodPane, cols: 80 }),
          expect.objectContaining({ id: echoPane, cols: 80 }),
        ],
      }),
    );

    await sandbox.tmux(['send-keys', '-t', `%${floodPane}`, `sh ${flood}`, 'Enter']);
    const terminal = host.get(terminalId)!;
    await eventually(() => terminal.flowState.paused, 'the flooding pane paused');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const floodSent = paneOutput(port, floodPane!).length;
    expect(floodSent).toBeLessThanOrEqual(PANE_FLOW.highWatermarkBytes + BATCH_MAX_BYTES);

    // Typed during the flood, into the other pane: its echo comes back though the view
    // has not caught up with the flooding pane (and the flood goes on).
    port.send({ t: 'input', pane: echoPane, data: 'typed-in-the-flood' });
    await eventually(
      () => paneOutput(port, echoPane!).includes('typed-in-the-flood'),
      'the echo during the flood',
    );
    const floodText = await sandbox.tmux(['capture-pane', '-p', '-t', `%${floodPane}`]);
    expect(floodText, 'the flood was still running').not.toContain('OVER');
    expect(paneOutput(port, floodPane!).length, 'the paused pane sent nothing more').toBe(
      floodSent,
    );

    // The view catches up and, before the paused pane's redraw is due, resizes: the
    // new layout redraws the pane, and the pane must still be continued in tmux after.
    port.ackAll();
    port.send({ t: 'resize', cols: 70, rows: 20 });
    await eventually(
      () => port.controls.some((c) => c.t === 'layout' && c.cols === 70),
      'the new layout',
    );

    // Once the view catches up, the flooding pane is redrawn from tmux's copy.
    await writeFile(stop, '');
    await eventually(() => {
      port.ackAll();
      return paneOutput(port, floodPane!).includes('FLOOD-42-OVER');
    }, "the flood's last screen, redrawn from tmux");
    expect(port.controls.some((c) => c.t === 'ended')).toBe(false);
  });

  it('watch mode sends no keys to any pane', async () => {
    await sandbox.tmux(['new-session', '-d', '-s', 'watched-split', '-x', '80', '-y', '24']);
    await sandbox.tmux(['split-window', '-h', '-t', '=watched-split:', 'cat']);
    const panes = (await sandbox.tmux(['list-panes', '-t', '=watched-split:', '-F', '#{pane_id}']))
      .trim()
      .split('\n')
      .map(paneId);
    host = new PtyHost({ env: sandbox.env, client: 'panes' });
    const { terminalId } = await host.open({
      socket: sandbox.socket(),
      name: 'watched-split',
      mode: 'watch',
      cols: 100,
      rows: 30,
    });
    const port = recordingPort();
    host.connect(terminalId, port);
    await eventually(() => port.controls.some((c) => c.t === 'layout'), 'the layout');
    for (const pane of panes) port.send({ t: 'input', pane, data: 'not-from-a-watcher\r' });
    port.send({ t: 'select', pane: panes[0]! });
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const pane of panes) {
      const text = await sandbox.tmux(['capture-pane', '-p', '-t', `%${pane}`]);
      expect(text).not.toContain('not-from-a-watcher');
    }
    // Nor does it move the agent's active pane, or resize its window.
    const active = await sandbox.tmux([
      'display-message',
      '-p',
      '-t',
      '=watched-split:',
      '#{pane_id}',
    ]);
    expect(paneId(active.trim())).toBe(panes[1]);
    const size = await sandbox.tmux([
      'display-message',
      '-p',
      '-t',
      '=watched-split:',
      '#{window_width}x#{window_height}',
    ]);
    expect(size.trim()).toBe('80x24');
  });
});

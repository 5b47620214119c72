import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TerminalEnd } from '../../../preload/contract';
import { PtyHost } from '../../../main/pty/ptyHost';
import type { TerminalClientKind } from '../../../main/pty/terminalClient';
import { TERMINAL_FLOW } from '../../../preload/contract';
import { BATCH_MAX_BYTES } from '../../../main/pty/outputBatcher';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { recordingPort, type RecordingPort } from '../../helpers/recordingPort';

let sandbox: Sandbox;
let host: PtyHost;

const COLS = 100;
const ROWS = 30;

beforeAll(async () => {
  sandbox = await createSandbox();
});

afterEach(async () => {
  await host.dispose();
});

afterAll(async () => {
  await sandbox.cleanup();
});

/** A fresh session on the sandbox's default server, at a fixed size. */
async function session(name: string): Promise<void> {
  await sandbox.tmux(['new-session', '-d', '-s', name, '-x', '80', '-y', '24'], server);
}

async function paneText(name: string): Promise<string> {
  return sandbox.tmux(['capture-pane', '-p', '-J', '-t', `=${name}:`], server);
}

async function paneSize(name: string): Promise<string> {
  return (
    await sandbox.tmux(
      ['display-message', '-p', '-t', `=${name}:`, '#{pane_width}x#{pane_height}'],
      server,
    )
  ).trim();
}

async function clients(name: string): Promise<string[]> {
  const out = await sandbox.tmux(
    ['list-clients', '-t', `=${name}`, '-F', '#{client_flags}'],
    server,
  );
  return out.split('\n').filter(Boolean);
}

/** The tmux client kind the tests below run against (both are run), each on a server of its own. */
let client: TerminalClientKind = 'attach';
let server = 'attach';

async function open(name: string, mode: 'watch' | 'interactive', port = recordingPort()) {
  host = new PtyHost({ env: sandbox.env, client });
  const { terminalId } = await host.open({
    socket: sandbox.socket(server),
    name,
    mode,
    cols: COLS,
    rows: ROWS,
  });
  expect(host.connect(terminalId, port)).toBe(true);
  return { terminalId, port };
}

function ended(port: RecordingPort): Promise<TerminalEnd> {
  return eventually(() => {
    const message = port.controls.find((c) => c.t === 'ended');
    return message?.t === 'ended' ? message.end : null;
  }, 'the ended notice');
}

/**
 * The window's size as the view learns it: `size` (the attach client's own
 * size: the window plus tmux's status line) or the `layout` of its panes.
 */
function windowSize(port: RecordingPort): { cols: number; rows: number } | null {
  for (const message of [...port.controls].reverse()) {
    if (message.t === 'size' || message.t === 'layout') {
      return { cols: message.cols, rows: message.rows };
    }
  }
  return null;
}

const STATUS_LINE_ROWS = 1;

describe.each<TerminalClientKind>(['attach', 'panes'])('PtyHost (%s) against real tmux', (kind) => {
  beforeAll(() => {
    client = kind;
    server = kind;
    host = new PtyHost({ env: sandbox.env, client });
  });
  /** An attach client draws tmux's status line under the panes; pane streams show the panes only. */
  const statusRows = kind === 'attach' ? STATUS_LINE_ROWS : 0;

  it('watch mode shows the screen, sends no keys, and leaves the pane size alone', async () => {
    await session('watched');
    await sandbox.tmux(['send-keys', '-t', '=watched:', 'echo WATCH-ME-$((6*7))', 'Enter'], server);
    await eventually(async () => (await paneText('watched')).includes('WATCH-ME-42'), 'echo ran');
    const sizeBefore = await paneSize('watched');
    const { port } = await open('watched', 'watch');
    await eventually(() => port.text().includes('WATCH-ME-42'), 'the screen in the output');
    expect(port.controls[0]).toEqual({ t: 'attached', mode: 'watch' });
    expect(await clients('watched')).toEqual([expect.stringContaining('read-only')]);
    expect((await clients('watched'))[0]).toContain('ignore-size');

    // The view is 100x30; the watcher has the window's own size.
    expect(windowSize(port)).toEqual({ cols: 80, rows: 24 + statusRows });

    port.send({ t: 'input', data: 'echo TYPED-IN-WATCH\r' });
    port.send({ t: 'resize', cols: 60, rows: 15 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await paneText('watched')).not.toContain('TYPED-IN-WATCH');
    expect(await paneSize('watched')).toBe(sizeBefore);
  });

  it('watch mode follows the window when someone else resizes it', async () => {
    await session('resized');
    host = new PtyHost({ env: sandbox.env, client, watchSizePollMs: 50 });
    const { terminalId } = await host.open({
      socket: sandbox.socket(server),
      name: 'resized',
      mode: 'watch',
      cols: COLS,
      rows: ROWS,
    });
    const port = recordingPort();
    host.connect(terminalId, port);
    await eventually(() => windowSize(port), 'first size');
    await sandbox.tmux(['resize-window', '-t', '=resized:', '-x', '90', '-y', '20'], server);
    await eventually(
      () => windowSize(port)?.cols === 90 && windowSize(port)?.rows === 20 + statusRows,
      'the new size',
    );
    expect(await paneSize('resized')).toBe('90x20');
  });

  it('interactive mode types into the pane; switching mode re-attaches', async () => {
    await session('driven');
    const { port } = await open('driven', 'interactive');
    await eventually(() => port.controls.length > 0, 'attached');
    port.send({ t: 'input', data: 'echo DRIVEN-$((2+3))\r' });
    await eventually(
      async () => (await paneText('driven')).includes('DRIVEN-5'),
      'typed command ran',
    );

    port.send({ t: 'mode', mode: 'watch' });
    await eventually(
      () => port.controls.filter((c) => c.t === 'attached').length === 2,
      're-attach',
    );
    expect(port.controls.filter((c) => c.t === 'attached')[1]).toEqual({
      t: 'attached',
      mode: 'watch',
    });
    await eventually(async () => {
      const flags = await clients('driven');
      return flags.length === 1 && flags[0]!.includes('read-only');
    }, 'one read-only client');
    port.send({ t: 'input', data: 'echo AFTER-SWITCH\r' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await paneText('driven')).not.toContain('AFTER-SWITCH');
    expect(port.controls.some((c) => c.t === 'ended')).toBe(false);
  });

  it('closing detaches: the tmux client goes, the session stays', async () => {
    await session('kept');
    const { port } = await open('kept', 'interactive');
    await eventually(async () => (await clients('kept')).length === 1, 'attached client');
    port.disconnect();
    await eventually(async () => (await clients('kept')).length === 0, 'client gone');
    expect(await sandbox.tmux(['has-session', '-t', '=kept'], server)).toBe('');
    expect(host.size).toBe(0);
  });

  it('attaches to names with shell metacharacters, unicode and a leading dash, exactly', async () => {
    const awkward = `-dash "q" 'x' $(touch nope) ;|& ✓ ünï`;
    await session(awkward);
    // A session whose name the awkward one is a prefix of must not be picked instead.
    await session(`${awkward}-longer`);
    await sandbox.tmux(['send-keys', '-t', `=${awkward}:`, 'echo AWK-$((1+1))', 'Enter'], server);
    const { port } = await open(awkward, 'interactive');
    await eventually(() => port.text().includes('AWK-2'), 'the awkward session screen');
    expect(await clients(awkward)).toHaveLength(1);
    expect(await clients(`${awkward}-longer`)).toHaveLength(0);
  });

  it('says why the attach ended: session killed, server killed', async () => {
    // Not the server's last session: a control client cannot tell that from the server's end.
    await session('bystander');
    await session('doomed');
    const first = await open('doomed', 'watch');
    await eventually(async () => (await clients('doomed')).length === 1, 'attached');
    await sandbox.tmux(['kill-session', '-t', '=doomed'], server);
    expect(await ended(first.port)).toMatchObject({ kind: 'exited', message: 'tmux: [exited]' });
    await eventually(() => first.port.closed, 'channel closed');
    await host.dispose();

    await sandbox.tmux(['new-session', '-d', '-s', 'alone'], `${server}-other`);
    host = new PtyHost({ env: sandbox.env, client });
    const { terminalId } = await host.open({
      socket: sandbox.socket(`${server}-other`),
      name: 'alone',
      mode: 'watch',
      cols: COLS,
      rows: ROWS,
    });
    const port = recordingPort();
    host.connect(terminalId, port);
    await eventually(() => port.text().length > 0, 'some output');
    await sandbox.tmux(['kill-server'], `${server}-other`);
    expect(await ended(port)).toMatchObject({ kind: 'serverExited' });
  });

  it('a session gone before the attach, a socket gone, tmux missing: a clear end, no exception', async () => {
    const gone = await open('never-was', 'watch');
    expect(await ended(gone.port)).toMatchObject({
      kind: 'notFound',
      message: "tmux: can't find session: never-was",
    });
    await host.dispose();

    host = new PtyHost({ env: sandbox.env, client });
    const noServer = await host.open({
      socket: join(sandbox.root, 'no-such-socket'),
      name: 'x',
      mode: 'watch',
      cols: COLS,
      rows: ROWS,
    });
    // It ended before anyone connected: the view still learns why when it does.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const late = recordingPort();
    expect(host.connect(noServer.terminalId, late)).toBe(true);
    expect(await ended(late)).toMatchObject({ kind: 'noServer' });
    expect(late.closed).toBe(true);
    await host.dispose();

    host = new PtyHost({
      env: sandbox.env,
      client,
      tmuxBinary: join(sandbox.root, 'no-tmux-here'),
    });
    const missing = await host.open({
      socket: sandbox.socket(server),
      name: 'x',
      mode: 'watch',
      cols: COLS,
      rows: ROWS,
    });
    const port = recordingPort();
    host.connect(missing.terminalId, port);
    expect(await ended(port)).toMatchObject({ kind: 'tmuxMissing' });
  });

  it('pauses the pty while the view lags and resumes when it catches up', async () => {
    await session('flood');
    const script = join(sandbox.root, 'flood.sh');
    await writeFile(
      script,
      'i=0; while [ $i -lt 200000 ]; do echo "line $i padding padding padding"; i=$((i+1)); done\n',
    );
    const port = recordingPort({ autoAck: false });
    const { terminalId } = await open('flood', 'watch', port);
    await sandbox.tmux(['send-keys', '-t', '=flood:', `sh ${script}`, 'Enter'], server);
    const terminal = host.get(terminalId)!;
    await eventually(() => terminal.flowState.paused, 'paused under the flood');
    // Nothing acknowledged: what was sent stays within the high mark plus one batch.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sent = port.output.reduce((n, b) => n + b.length, 0);
    expect(sent).toBeLessThanOrEqual(TERMINAL_FLOW.highWatermarkBytes + BATCH_MAX_BYTES);
    port.ackAll();
    expect(terminal.flowState.paused).toBe(false);
    await eventually(
      () => port.output.reduce((n, b) => n + b.length, 0) > sent,
      'more output after the ack',
    );
  });

  it('detaches a terminal nobody claims', async () => {
    await session('unclaimed');
    // Long enough for the attach (after its dead-pane check) to happen first on a loaded machine.
    host = new PtyHost({ env: sandbox.env, client, claimTimeoutMs: 3_000 });
    await host.open({
      socket: sandbox.socket(server),
      name: 'unclaimed',
      mode: 'watch',
      cols: COLS,
      rows: ROWS,
    });
    await eventually(async () => (await clients('unclaimed')).length === 1, 'attached');
    await eventually(() => host.size === 0, 'expired');
    await eventually(async () => (await clients('unclaimed')).length === 0, 'client gone');
  });
});

/**
 * `serve`'s terminal endpoint with real tmux, real node-pty and a real
 * WebSocket client: the same checks as `/ws`, and the terminal protocol
 * (binary output, JSON control) end to end below the browser.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiBackend, type ApiBackend } from '../../../main/api/backend';
import { Supervisor } from '../../../main/core/supervisor';
import { createOpenTerminal } from '../../../main/pty/openTerminal';
import { PtyHost } from '../../../main/pty/ptyHost';
import { startServer, type RunningServer } from '../../../main/server/httpServer';
import {
  OpenTerminalResponseSchema,
  TERMINAL_WS_PATH,
  TerminalServerMessageSchema,
  type TerminalServerMessage,
} from '../../../preload/contract';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';

let sandbox: Sandbox;
let supervisor: Supervisor;
let terminals: PtyHost;
let backend: ApiBackend;
let server: RunningServer;
let origin: string;
let headers: Record<string, string>;

beforeAll(async () => {
  sandbox = await createSandbox();
  await sandbox.tmux(['new-session', '-d', '-s', 'served', '-x', '80', '-y', '24']);
  const rendererDir = join(sandbox.root, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  supervisor = new Supervisor({ env: sandbox.env });
  await supervisor.start();
  terminals = new PtyHost({ env: sandbox.env });
  const openTerminal = createOpenTerminal({
    sessions: () => supervisor.sessions(),
    host: terminals,
  });
  backend = createApiBackend(supervisor, { openTerminal }, { env: sandbox.env });
  server = await startServer({ backend, rendererDir, terminals });
  origin = server.url.replace(/\/$/, '');
  headers = { Authorization: `Bearer ${server.token}`, Origin: origin };
});

afterAll(async () => {
  await server.close();
  await terminals.dispose();
  backend.dispose();
  supervisor.dispose();
  await sandbox.cleanup();
});

/** Attached clients other than control-mode ones (the supervisor's). */
async function humanClients(name: string): Promise<string[]> {
  const flags = await sandbox.tmux(['list-clients', '-t', `=${name}`, '-F', '#{client_flags}']);
  return flags.split('\n').filter((line) => line && !line.includes('control-mode'));
}

function upgrade(url: string, with_: Record<string, string>): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: with_ });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

/** A terminal's socket, recording what the host sends. */
async function connect(terminalId: string) {
  const ws = new WebSocket(`${origin.replace('http', 'ws')}${TERMINAL_WS_PATH}?id=${terminalId}`, {
    headers,
  });
  const output: Buffer[] = [];
  const controls: TerminalServerMessage[] = [];
  let closeCode: number | null = null;
  ws.on('message', (data: Buffer, isBinary) => {
    if (isBinary) {
      output.push(data);
      ws.send(JSON.stringify({ t: 'ack', bytes: data.length }));
    } else controls.push(TerminalServerMessageSchema.parse(JSON.parse(data.toString())));
  });
  ws.on('close', (code) => (closeCode = code));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return {
    ws,
    output,
    controls,
    text: () => Buffer.concat(output).toString(),
    closeCode: () => closeCode,
  };
}

describe('the terminal WebSocket', () => {
  it('is guarded like /ws: token and same origin', async () => {
    const url = `${origin.replace('http', 'ws')}${TERMINAL_WS_PATH}?id=x`;
    expect(await upgrade(url, { Origin: origin })).toBe(401);
    expect(await upgrade(url, { ...headers, Origin: 'http://evil.example' })).toBe(403);
    expect(await upgrade(url, { Authorization: headers.Authorization! })).toBe(403);
  });

  it('closes at once for an id it does not know', async () => {
    const socket = await connect('no-such-terminal');
    await eventually(() => socket.closeCode() !== null, 'close');
    expect(socket.closeCode()).toBe(4404);
  });

  it('streams a session: bytes out, keys in, detach on close', async () => {
    await sandbox.tmux(['send-keys', '-t', '=served:', 'echo SERVED-$((4*4))', 'Enter']);
    const session = await eventually(
      () => supervisor.sessions().find((s) => s.name === 'served'),
      'the supervisor to see the session',
    );
    const response = OpenTerminalResponseSchema.parse(
      await backend.dispatch('openTerminal', {
        sessionId: session.id,
        mode: 'interactive',
        cols: 100,
        rows: 30,
      }),
    );
    expect(response.attachCommand).toBe(`tmux -S ${sandbox.socket()} attach -t '=served'`);
    const socket = await connect(response.terminalId);
    await eventually(() => socket.text().includes('SERVED-16'), 'the screen');
    expect(socket.controls[0]).toEqual({ t: 'attached', mode: 'interactive' });
    socket.ws.send(JSON.stringify({ t: 'input', data: 'echo TYPED-$((5*5))\r' }));
    await eventually(
      async () =>
        (await sandbox.tmux(['capture-pane', '-p', '-t', '=served:'])).includes('TYPED-25'),
      'typed',
    );
    // A second socket cannot take the same terminal.
    const thief = await connect(response.terminalId);
    await eventually(() => thief.closeCode() === 4404, 'the second socket refused');

    socket.ws.close();
    // Only the supervisor's own control client is left.
    await eventually(async () => (await humanClients('served')).length === 0, 'detached');
    expect(await sandbox.tmux(['has-session', '-t', '=served'])).toBe('');
  });

  it('a session that vanished between the click and the attach: the view is told why', async () => {
    await sandbox.tmux(['new-session', '-d', '-s', 'fleeting']);
    await eventually(() => supervisor.sessions().some((s) => s.name === 'fleeting'), 'listed');
    // The click was made on this list; the session dies before the attach.
    const asClicked = supervisor.sessions();
    await sandbox.tmux(['kill-session', '-t', '=fleeting']);
    const open = createOpenTerminal({ sessions: () => asClicked, host: terminals });
    const { terminalId } = await open({
      sessionId: asClicked.find((s) => s.name === 'fleeting')!.id,
      mode: 'watch',
      cols: 80,
      rows: 24,
    });
    const socket = await connect(terminalId);
    await eventually(() => socket.controls.some((c) => c.t === 'ended'), 'the ended notice');
    expect(socket.controls.find((c) => c.t === 'ended')).toEqual({
      t: 'ended',
      end: {
        kind: 'notFound',
        message: "tmux: can't find session: fleeting",
        exitCode: 1,
        signal: null,
      },
    });
    await eventually(() => socket.closeCode() === 1000, 'closed after the notice');
  });
});

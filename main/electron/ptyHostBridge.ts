/**
 * Electron main's side of the pty host: forks the utility process on first
 * use, asks it to open terminals, and hands each terminal a MessageChannel:
 * one end to the utility process, the other to the window that asked.
 */
import {
  MessageChannelMain,
  utilityProcess,
  type UtilityProcess,
  type WebContents,
} from 'electron';
import { TERMINAL_PORT_CHANNEL } from '../../preload/contract';
import { HostReplySchema, type HostRequest } from '../pty/hostProtocol';
import type { TerminalHostApi } from '../pty/ptyHost';
import type { TerminalSpec } from '../pty/terminal';

/** Opening is one message each way; no answer this long means the host is wedged. */
const OPEN_TIMEOUT_MS = 10_000;

export interface PtyHostBridge extends TerminalHostApi {
  /** Send terminal `terminalId` a fresh port pair: one end to the host, one to `contents`. */
  connectPort(terminalId: string, contents: WebContents): void;
  dispose(): void;
}

interface Pending {
  resolve: (value: { terminalId: string }) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export function createPtyHostBridge(modulePath: string): PtyHostBridge {
  let child: UtilityProcess | null = null;
  let nextRequestId = 1;
  const pending = new Map<number, Pending>();

  const failAll = (message: string): void => {
    for (const [id, request] of pending) {
      clearTimeout(request.timer);
      request.reject(new Error(message));
      pending.delete(id);
    }
  };

  const ensureChild = (): UtilityProcess => {
    if (child) return child;
    const forked = utilityProcess.fork(modulePath, [], { serviceName: 'Loopwatch terminals' });
    forked.on('message', (message: unknown) => {
      const reply = HostReplySchema.safeParse(message);
      if (!reply.success || reply.data.t === 'disposed') return;
      const request = pending.get(reply.data.requestId);
      if (!request) return;
      pending.delete(reply.data.requestId);
      clearTimeout(request.timer);
      if (reply.data.t === 'opened') request.resolve({ terminalId: reply.data.terminalId });
      else request.reject(new Error(reply.data.message));
    });
    forked.on('exit', (code) => {
      if (child === forked) child = null;
      failAll(`the terminal host stopped (exit status ${code}); try again`);
    });
    child = forked;
    return forked;
  };

  const send = (message: HostRequest, ports?: Electron.MessagePortMain[]): void => {
    ensureChild().postMessage(message, ports);
  };

  return {
    open(spec: TerminalSpec) {
      return new Promise((resolve, reject) => {
        const requestId = nextRequestId++;
        const timer = setTimeout(() => {
          pending.delete(requestId);
          reject(new Error('the terminal host did not answer'));
        }, OPEN_TIMEOUT_MS);
        pending.set(requestId, { resolve, reject, timer });
        send({ t: 'open', requestId, spec });
      });
    },
    connectPort(terminalId, contents) {
      const { port1, port2 } = new MessageChannelMain();
      send({ t: 'connect', terminalId }, [port1]);
      contents.postMessage(TERMINAL_PORT_CHANNEL, { terminalId }, [port2]);
    },
    dispose() {
      failAll('Loopwatch is quitting');
      if (!child) return;
      // Killing the host closes its ptys: every tmux client detaches, no session is touched.
      child.kill();
      child = null;
    },
  };
}

/**
 * Messages between Electron's main process and the pty host utility
 * process, and the host side's handler. Kept here, free of electron, so the
 * handler is unit-tested as plain Node; main/electron only wires ports.
 *
 * main -> host: `open` (reply `opened` / `openFailed`), `connect` with the
 * terminal's MessagePort in the event's ports, `dispose`.
 */
import { z } from 'zod';
import { TERMINAL_MAX_COLS, TERMINAL_MAX_ROWS, TerminalModeSchema } from '../../preload/contract';
import type { TerminalPort } from './port';
import type { PtyHost } from './ptyHost';

export const TerminalSpecSchema = z.object({
  socket: z.string().min(1),
  name: z.string(),
  mode: TerminalModeSchema,
  cols: z.number().int().min(2).max(TERMINAL_MAX_COLS),
  rows: z.number().int().min(1).max(TERMINAL_MAX_ROWS),
  /** A remote session's ssh route (main computes it from the host's settings). */
  route: z
    .object({
      host: z.string().min(1),
      ssh: z.string().min(1),
      options: z.array(z.string()),
      destination: z.string().min(1),
    })
    .optional(),
});

export const HostRequestSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('open'), requestId: z.number().int(), spec: TerminalSpecSchema }),
  z.object({ t: z.literal('connect'), terminalId: z.string().min(1) }),
  z.object({ t: z.literal('dispose') }),
]);
export type HostRequest = z.infer<typeof HostRequestSchema>;

export const HostReplySchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('opened'), requestId: z.number().int(), terminalId: z.string() }),
  z.object({ t: z.literal('openFailed'), requestId: z.number().int(), message: z.string() }),
  z.object({ t: z.literal('disposed') }),
]);
export type HostReply = z.infer<typeof HostReplySchema>;

export interface HostService {
  /** One message from main, with the ports it carried (already wrapped as TerminalPorts). */
  handle(data: unknown, ports: readonly TerminalPort[]): void;
}

export function createHostService(host: PtyHost, reply: (message: HostReply) => void): HostService {
  return {
    handle(data, ports) {
      const parsed = HostRequestSchema.safeParse(data);
      if (!parsed.success) {
        for (const port of ports) port.close();
        return;
      }
      const request = parsed.data;
      switch (request.t) {
        case 'open':
          host.open(request.spec).then(
            ({ terminalId }) => reply({ t: 'opened', requestId: request.requestId, terminalId }),
            (error: unknown) =>
              reply({
                t: 'openFailed',
                requestId: request.requestId,
                message: error instanceof Error ? error.message : String(error),
              }),
          );
          return;
        case 'connect': {
          const [port, ...extra] = ports;
          for (const unused of extra) unused.close();
          // Unknown or already connected: closing tells the view at once.
          if (port && !host.connect(request.terminalId, port)) port.close();
          return;
        }
        case 'dispose':
          void host.dispose().then(() => reply({ t: 'disposed' }));
          return;
      }
    },
  };
}

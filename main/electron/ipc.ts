/**
 * Binds the API to Electron IPC: one `ipcMain.handle` per operation of the
 * contract, each checking that the sender is one of our own windows showing
 * our own page, and events sent to every window on the allowlisted channel.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { events, operations, type EventName, type OperationName } from '../../preload/contract';
import type { ApiBackend } from '../api/backend';

export interface IpcBindingOptions {
  backend: ApiBackend;
  /** Is this the page we loaded (loopwatch://app/ of our build, or the dev server)? */
  isTrustedUrl: (url: string) => boolean;
  /** The web contents that may call us (our windows). */
  trustedContents: () => readonly WebContents[];
}

export class UntrustedSenderError extends Error {
  constructor(url: string) {
    super(`IPC from an untrusted sender refused: ${url || '(no frame)'}`);
    this.name = 'UntrustedSenderError';
  }
}

export function checkSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  options: Pick<IpcBindingOptions, 'isTrustedUrl' | 'trustedContents'>,
): void {
  const url = event.senderFrame?.url ?? '';
  const ours = options.trustedContents().some((contents) => contents.id === event.sender.id);
  if (!ours || !options.isTrustedUrl(url)) throw new UntrustedSenderError(url);
}

/** Register handlers; returns a function that removes them and the event forwarding. */
export function bindIpc(options: IpcBindingOptions): () => void {
  const names = Object.keys(operations) as OperationName[];
  for (const name of names) {
    ipcMain.handle(operations[name].channel, async (event, payload: unknown) => {
      checkSender(event, options);
      return options.backend.dispatch(name, payload);
    });
  }
  const unsubscribers = (Object.keys(events) as EventName[]).map((name) =>
    options.backend.subscribe(name, (payload) => {
      for (const contents of options.trustedContents()) {
        if (!contents.isDestroyed()) contents.send(events[name].channel, payload);
      }
    }),
  );
  return () => {
    for (const name of names) ipcMain.removeHandler(operations[name].channel);
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}

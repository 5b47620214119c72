/**
 * The preload: exposes `window.loopwatch`, one method per operation of the
 * contract and one `onX` subscription per event, and nothing else (never
 * `ipcRenderer` itself). Main parses every payload with the contract's
 * schemas and checks the sender.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  events,
  operations,
  subscriptionName,
  type EventName,
  type LoopwatchApi,
  type OperationName,
} from './contract';

function buildApi(): LoopwatchApi {
  const api: Record<string, unknown> = {};
  for (const name of Object.keys(operations) as OperationName[]) {
    const { channel } = operations[name];
    api[name] = (request?: unknown) => ipcRenderer.invoke(channel, request);
  }
  for (const name of Object.keys(events) as EventName[]) {
    const { channel } = events[name];
    api[subscriptionName(name)] = (listener: (payload: unknown) => void) => {
      const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
      ipcRenderer.on(channel, wrapped);
      return () => {
        ipcRenderer.off(channel, wrapped);
      };
    };
  }
  // Built from the contract's own tables above, so it has exactly the
  // methods LoopwatchApi names; TypeScript cannot see that through a loop.
  return api as LoopwatchApi;
}

contextBridge.exposeInMainWorld('loopwatch', buildApi());

/**
 * THE contract between Loopwatch's supervisor and every UI that shows it:
 * the one import for every side. Main (Electron IPC handlers), preload
 * (contextBridge), the `serve` WebSocket server, the renderer's WebSocket
 * client, the CLI's `--json` output, the tests and the benches import from
 * here and never from the files behind it.
 *
 * Every payload that crosses a process boundary is parsed with its schema
 * from here; the API type is derived from the channel table, so a channel
 * cannot exist on one side only.
 *
 * Pure: imports zod and nothing else (it is compiled for Node and for the web).
 * One file per domain:
 */
export * from './sessions';
export * from './hosts';
export * from './terminal';
export * from './paneFrame';
export * from './dashboard';
export * from './actions';
export * from './attention';
export * from './notifications';
export * from './settings';
export * from './keep';
export * from './channels';
export * from './wsEnvelope';
export * from './parse';

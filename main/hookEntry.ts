/**
 * The standalone `loopwatch hook` (built alone by vite.hook.config.ts to
 * out/hook/loopwatch-hook.mjs, one file with Node builtins only). The hook
 * launcher runs a copy of it with Node, so agents' hooks never need the
 * install's own files (an AppImage's mount path changes on every launch,
 * an asar archive is unreadable to Node) nor Electron run as Node.
 */
import { hookMain } from './hook';

await hookMain(process.argv.slice(2));

/**
 * Entry of the pty host utility process (built to out/main/ptyHost.js):
 * terminals run here, off Electron's main process, so a flood of output
 * never delays the window or the tray. Main sends `open` / `connect` /
 * `dispose` (main/pty/hostProtocol.ts); each terminal's MessagePort comes
 * with its `connect` message and goes straight on to the renderer's.
 */
import { createHostService } from '../pty/hostProtocol';
import { PtyHost } from '../pty/ptyHost';
import { messagePortTerminal } from './messagePortTerminal';

export function runPtyHostProcess(parentPort: Electron.ParentPort): PtyHost {
  const host = new PtyHost({ env: process.env });
  const service = createHostService(host, (reply) => parentPort.postMessage(reply));
  parentPort.on('message', (event) => {
    service.handle(event.data, event.ports.map(messagePortTerminal));
  });
  return host;
}

// `process.parentPort` exists only inside a utility process (undefined when imported by a test).
if (typeof process.parentPort === 'object') runPtyHostProcess(process.parentPort);

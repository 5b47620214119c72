/**
 * The sending side of `loopwatch hook`: one line of JSON to every running
 * supervisor, within a hard deadline, never failing. Node builtins only.
 */
import { createConnection } from 'node:net';
import { hookSockets } from './hookSockets';

/** Whatever happens, give up after this long: an agent waits for its hook to return. */
export const DELIVERY_DEADLINE_MS = 60;

function sendOne(path: string, line: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    let done = false;
    const finish = (ok: boolean): void => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve(ok);
    };
    socket.on('error', () => finish(false));
    socket.on('connect', () => {
      socket.end(`${line}\n`, () => finish(true));
    });
  });
}

/**
 * Send `line` to every supervisor listening in the trusted runtime dirs
 * (`runtimeDirs`, checked inside the deadline); resolves with how many took it.
 */
export async function deliverHookLine(
  runtimeDirs: () => Promise<readonly string[]>,
  line: string,
  deadlineMs = DELIVERY_DEADLINE_MS,
): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<number>((resolve) => {
    timer = setTimeout(() => resolve(0), deadlineMs);
  });
  const work = (async () => {
    const dirs = await runtimeDirs();
    const sockets = (await Promise.all(dirs.map((dir) => hookSockets(dir)))).flat();
    const results = await Promise.all(sockets.map((s) => sendOne(s.path, line)));
    return results.filter(Boolean).length;
  })();
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

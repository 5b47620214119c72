import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApiBackend } from '../../api/backend';
import { Supervisor } from '../../core/supervisor';
import { startServer } from '../../server/httpServer';
import type { CliIo } from '../io';
import { TARGET_OPTIONS, targetsFrom } from '../targets';
import { UsageError } from '../usage';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** The built dashboard: out/renderer beside out/main (where this file is bundled). */
export function defaultRendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, '..', 'renderer');
}

export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      ...TARGET_OPTIONS,
    },
    strict: true,
    allowPositionals: false,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(
      `--port must be a number from 0 to 65535, not ${JSON.stringify(values.port)}`,
    );
  }
  if (!LOOPBACK.test(values.host)) {
    throw new UsageError(
      `--host must be a loopback address (127.0.0.1, ::1, localhost); to reach it remotely use ssh -L`,
    );
  }
  const rendererDir = io.env.LOOPWATCH_RENDERER_DIR || defaultRendererDir();
  if (!existsSync(join(rendererDir, 'index.html'))) {
    io.err(`loopwatch: the dashboard is not built (${rendererDir}); run \`npm run build\` first\n`);
    return 1;
  }
  const supervisor = new Supervisor({ env: io.env, ...targetsFrom(values) });
  await supervisor.start();
  const backend = createApiBackend(supervisor);
  const server = await startServer({ backend, rendererDir, host: values.host, port });
  io.out(`Loopwatch is serving the dashboard at ${server.tokenUrl}\n`);
  await io.untilInterrupted();
  await server.close();
  backend.dispose();
  supervisor.dispose();
  return 0;
}

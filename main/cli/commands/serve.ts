import { formatProblem } from '../../core/status/rules/userRules';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hookLauncherPath, writeHookLauncher } from '../../core/hooks/hookLauncher';
import { nodeHookInstall } from '../../core/hooks/hookTarget';
import { loopwatchConfigDir } from '../../core/paths';
import { Supervisor } from '../../core/supervisor';
import { execTmux } from '../../core/tmux/execTmux';
import { createOpenTerminal } from '../../pty/openTerminal';
import { PtyHost } from '../../pty/ptyHost';
import { startServer } from '../../server/httpServer';
import { listenPreferred, readLastPort, saveLastPort } from '../../server/lastPort';
import { loadServeToken } from '../../server/tokenFile';
import { createAppCore } from '../../shell/appCore';
import { openJsonSettings } from '../../shell/settings/settingsStore';
import type { CliIo } from '../io';
import { hostsFrom } from '../hostTargets';
import { TARGET_OPTIONS, targetsFrom } from '../targets';
import { UsageError } from '../usage';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** The built dashboard: out/renderer beside out/main (where this file is bundled). */
export function defaultRendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, '..', 'renderer');
}

/** `serve` keeps its settings in a JSON file in Loopwatch's config directory. */
export function settingsFile(env: CliIo['env']): string {
  return join(loopwatchConfigDir(env), 'settings.json');
}

export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      // Both meanings of --host: ADDRESS to listen on, NAME=DEST a remote host to watch.
      host: { type: 'string', multiple: true, default: [] },
      'ssh-config': { type: 'string' },
      // No --port: the port used last time (a restarted serve is found again); 0: any free port.
      port: { type: 'string' },
      ...TARGET_OPTIONS,
      'new-token': { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const port = values.port === undefined ? null : Number(values.port);
  if (port !== null && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new UsageError(
      `--port must be a number from 0 to 65535, not ${JSON.stringify(values.port)}`,
    );
  }
  const remote = values.host.filter((h) => h.includes('='));
  const binds = values.host.filter((h) => !h.includes('='));
  if (binds.length > 1) throw new UsageError('--host ADDRESS (where to listen) is given twice');
  const listenOn = binds[0] ?? '127.0.0.1';
  if (!LOOPBACK.test(listenOn)) {
    throw new UsageError(
      `--host must be a loopback address (127.0.0.1, ::1, localhost); to reach it remotely use ssh -L`,
    );
  }
  const rendererDir = io.env.LOOPWATCH_RENDERER_DIR || defaultRendererDir();
  if (!existsSync(join(rendererDir, 'index.html'))) {
    io.err(`loopwatch: the dashboard is not built (${rendererDir}); run \`npm run build\` first\n`);
    return 1;
  }
  // Agents' hooks run the launcher: once installed, keep it pointing at this install.
  if (existsSync(hookLauncherPath(io.env))) {
    await writeHookLauncher(io.env, nodeHookInstall()).catch((error: unknown) =>
      io.err(`loopwatch: could not refresh the hook launcher: ${(error as Error).message}\n`),
    );
  }
  const saved = await loadServeToken(loopwatchConfigDir(io.env), values['new-token']);
  io.err(`loopwatch: ${saved.note}\n`);
  const settings = await openJsonSettings(settingsFile(io.env), (message) =>
    io.err(`${message}\n`),
  );
  const supervisor = new Supervisor({
    env: io.env,
    ...targetsFrom(values),
    // Hosts saved with `loopwatch hosts add` and --host NAME=DEST; a change to them needs a restart.
    hosts: await hostsFrom({ host: remote, 'ssh-config': values['ssh-config'] }, io),
  });
  supervisor.on('rules', (problems) => {
    for (const problem of problems) io.err(`loopwatch serve: rules: ${formatProblem(problem)}\n`);
  });
  // In `serve`, terminals run in this process; each has its own WebSocket.
  const terminals = new PtyHost({
    env: io.env,
    // Watch mode's size queries go over the supervisor's control connections.
    tmuxRun: (socket, args) => supervisor.runnerFor(socket)?.run(args) ?? execTmux(socket, args),
  });
  const openTerminal = createOpenTerminal({
    sessions: () => supervisor.sessions(),
    host: terminals,
    shell: io.env.SHELL,
    route: (name) => supervisor.hostConnection(name)?.route() ?? null,
  });
  // Before start, so the settings' sockets are part of the first look (no notifications for what they hold).
  const core = createAppCore({
    supervisor,
    settings,
    handlers: { openTerminal },
    backendOptions: { env: io.env, sockets: values.socket, projectRoots: values['project-root'] },
  });
  try {
    await supervisor.start();
    const configDir = loopwatchConfigDir(io.env);
    const last = port === null ? await readLastPort(configDir) : null;
    const { server, tried } = await listenPreferred(port ?? last, (listenPort) =>
      startServer({
        backend: core.backend,
        rendererDir,
        host: listenOn,
        port: listenPort,
        token: saved.token,
        terminals,
      }),
    );
    if (tried.length > 0) {
      io.err(
        `loopwatch: port ${tried[0]} is taken (by another program); serving on ${server.port} instead: open the new address below\n`,
      );
    }
    if (port === null) await saveLastPort(configDir, server.port);
    io.out(`Loopwatch is serving the dashboard at ${server.tokenUrl}\n`);
    await io.untilInterrupted();
    await server.close();
  } finally {
    await terminals.dispose();
    core.dispose();
    await supervisor.closeHosts();
    supervisor.dispose();
  }
  return 0;
}

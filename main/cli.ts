/**
 * `loopwatch`: the command line. Runs under plain Node (no Electron):
 * list sessions, serve the dashboard, and (in later commands) act on them.
 */
import { createInterface } from 'node:readline/promises';
import { cleanupCommand } from './cli/commands/cleanup';
import { endedCommand } from './cli/commands/ended';
import { explainCommand } from './cli/commands/explain';
import { hooksCommand } from './cli/commands/hooks';
import { hostsCommand } from './cli/commands/hosts';
import { killCommand } from './cli/commands/kill';
import { hookCommand } from './cli/commands/hook';
import { listCommand } from './cli/commands/list';
import { nickCommand } from './cli/commands/nick';
import { logCommand, logsCommand } from './cli/commands/logs';
import { restoreCommand } from './cli/commands/restore';
import { resumeCommand } from './cli/commands/resume';
import { serveCommand } from './cli/commands/serve';
import { startCommand } from './cli/commands/start';
import { statusCommand } from './cli/commands/status';
import { watchCommand } from './cli/commands/watch';
import type { CliIo } from './cli/io';
import { USAGE, UsageError } from './cli/usage';
import { TmuxMissingError } from './core/tmux/errors';
import { tmuxAvailable } from './core/tmux/execTmux';

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  list: listCommand,
  serve: serveCommand,
  start: startCommand,
  kill: killCommand,
  resume: resumeCommand,
  cleanup: cleanupCommand,
  hooks: hooksCommand,
  hosts: hostsCommand,
  watch: watchCommand,
  status: statusCommand,
  nick: nickCommand,
  explain: explainCommand,
  hook: hookCommand,
  log: logCommand,
  logs: logsCommand,
  restore: restoreCommand,
  ended: endedCommand,
};

/** Commands that need tmux on PATH before they can do anything. */
const NEEDS_TMUX = new Set([
  'list',
  'serve',
  'watch',
  'status',
  'nick',
  'explain',
  'start',
  'kill',
  'resume',
  'cleanup',
  'log',
  'restore',
]);

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.err : io.out)(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`loopwatch: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return 2;
  }
  // An agent runs `hook` on every event: it takes no part in usage errors and never fails.
  if (name === 'hook') return command(rest, io);
  const beforeTerminator = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (beforeTerminator.includes('--help') || beforeTerminator.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  try {
    if (NEEDS_TMUX.has(name) && !(await tmuxAvailable())) throw new TmuxMissingError();
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.err(`loopwatch ${name}: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof TmuxMissingError) {
      io.err(`loopwatch: ${error.message}\n`);
      return 1;
    }
    io.err(`loopwatch ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

function interruptedBySignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** One question on the terminal (on stderr, so stdout stays clean for --json). */
async function askOnTerminal(question: string): Promise<string> {
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await terminal.question(question);
  } finally {
    terminal.close();
  }
}

/** Entry point when run as a program (bin/loopwatch.js imports this module). */
export async function main(): Promise<void> {
  const code = await runCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    untilInterrupted: interruptedBySignal,
    interactive: process.stdin.isTTY,
    outTty: process.stdout.isTTY,
    outColumns: process.stdout.columns,
    ask: askOnTerminal,
    cwd: process.cwd(),
  });
  process.exitCode = code;
}

/**
 * `loopwatch log on|off NAME [--socket PATH]`: log a session's output (or
 * stop); `loopwatch logs NAME [-f] [--lines N] [--socket PATH]`: print the
 * end of its log, and with -f keep printing what is added (a rotation is
 * followed: the file is reopened from its start).
 */
import { open, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SessionLogs, type LogRecord } from '../../core/logs/sessionLogs';
import { tailLog } from '../../core/logs/logView';
import { scanServers } from '../../core/tmux/scanServers';
import type { CliIo } from '../io';
import { UsageError } from '../usage';

/** How often `logs -f` looks at the file's size (only while someone follows it). */
const FOLLOW_POLL_MS = 250;
const DEFAULT_LINES = 50;

/** The one live session called NAME (on --socket if given). */
async function findSession(io: CliIo, name: string, socket: string | undefined): Promise<string> {
  const scans = await scanServers(io.env, socket ? [socket] : []);
  const sockets = scans
    .filter(
      (scan) => (!socket || scan.socket === socket) && scan.sessions.some((s) => s.name === name),
    )
    .map((scan) => scan.socket);
  if (sockets.length === 0) throw new Error(`no live tmux session named ${JSON.stringify(name)}`);
  if (sockets.length > 1)
    throw new Error(
      `${JSON.stringify(name)} exists on several servers (${sockets.join(', ')}): say which with --socket`,
    );
  return sockets[0]!;
}

export async function logCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { socket: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  const [mode, name] = positionals;
  if ((mode !== 'on' && mode !== 'off') || name === undefined || positionals.length !== 2)
    throw new UsageError('usage: loopwatch log on|off NAME [--socket PATH]');
  const socket = await findSession(io, name, values.socket);
  const logs = await new SessionLogs(io.env).load();
  if (mode === 'on') {
    const record = await logs.on(socket, name, 'user');
    io.out(`logging tmux session ${name} on ${socket} to ${record.file}\n`);
  } else {
    const record = await logs.off(socket, name);
    io.out(
      record
        ? `stopped logging tmux session ${name}; its log stays in ${record.file}\n`
        : `tmux session ${name} was not logged by Loopwatch\n`,
    );
  }
  return 0;
}

function pickRecord(records: LogRecord[], name: string, socket: string | undefined): LogRecord {
  const found = records
    .filter((r) => r.session === name && (!socket || r.socket === socket))
    .sort((a, b) => b.at.localeCompare(a.at));
  if (found.length === 0)
    throw new Error(
      `no log for ${JSON.stringify(name)} (switch it on with \`loopwatch log on ${name}\`)`,
    );
  return found[0]!;
}

export async function logsCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      socket: { type: 'string' },
      follow: { type: 'boolean', short: 'f', default: false },
      lines: { type: 'string', short: 'n' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError('usage: loopwatch logs NAME [-f] [--lines N]');
  const lines = values.lines === undefined ? DEFAULT_LINES : Number(values.lines);
  if (!Number.isInteger(lines) || lines < 0) throw new UsageError('--lines takes a whole number');
  const logs = await new SessionLogs(io.env).load();
  const record = pickRecord(logs.all(), positionals[0]!, values.socket);
  const tail = await tailLog(record.file, Math.max(lines, 1));
  if (tail.error) throw new Error(tail.error);
  if (lines > 0 && tail.lines.length > 0) io.out(`${tail.lines.join('\n')}\n`);
  if (!values.follow) return 0;
  await follow(record.file, io);
  return 0;
}

/** Print what is added to `file` until interrupted; a rotated (replaced or shrunk) file is read from its start. */
async function follow(file: string, io: CliIo): Promise<void> {
  let info = await stat(file);
  let ino = info.ino;
  let position = info.size;
  // An object, not a let: the loop reads what the interruption's callback wrote.
  const state = { stopped: false };
  const stop = io.untilInterrupted().then(() => {
    state.stopped = true;
  });
  const buffer = Buffer.alloc(64 * 1024);
  while (!state.stopped) {
    await Promise.race([new Promise((r) => setTimeout(r, FOLLOW_POLL_MS)), stop]);
    info = await stat(file).catch(() => info);
    if (info.ino !== ino || info.size < position) {
      ino = info.ino;
      position = 0;
    }
    if (info.size <= position) continue;
    const handle = await open(file, 'r');
    try {
      while (position < info.size) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
        if (bytesRead === 0) break;
        io.out(buffer.subarray(0, bytesRead).toString('utf8'));
        position += bytesRead;
      }
    } finally {
      await handle.close();
    }
  }
}

/**
 * `logWriter`: the program tmux's `pipe-pane` runs for a logged session.
 * Reads the pane's output on stdin and appends it to one file (escape
 * sequences stripped unless `--raw`), rotating the file itself (see
 * RotatingLog): Loopwatch never reads or copies a log while it grows.
 *
 *   node logWriter.js --max BYTES --keep BYTES [--raw] FILE
 */
import { parseArgs } from 'node:util';
import { EscapeStripper } from './core/logs/escapeStripper';
import { RotatingLog } from './core/logs/rotatingLog';

/** Returns the exit status once stdin ends (the pane closed, or logging was switched off). */
export function logWriterMain(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      max: { type: 'string' },
      keep: { type: 'string' },
      raw: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const maxBytes = Number(values.max);
  const keepBytes = Number(values.keep);
  const file = positionals[0];
  if (
    !file ||
    positionals.length !== 1 ||
    !Number.isInteger(maxBytes) ||
    !Number.isInteger(keepBytes)
  ) {
    process.stderr.write('usage: logWriter --max BYTES --keep BYTES [--raw] FILE\n');
    return Promise.resolve(2);
  }
  const log = new RotatingLog(file, { maxBytes, keepBytes });
  const stripper = values.raw ? null : new EscapeStripper();
  // Each chunk is on disk (written synchronously, rotation included) before the next is read:
  // what arrives meanwhile waits in the pipe.
  return new Promise((resolve) => {
    process.stdin.on('data', (chunk: Buffer) => log.write(stripper ? stripper.push(chunk) : chunk));
    process.stdin.on('end', () => {
      log.close();
      resolve(0);
    });
    process.stdin.on('error', () => {
      log.close();
      resolve(1);
    });
  });
}

void logWriterMain(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

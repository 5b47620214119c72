/**
 * The command tmux's `pipe-pane` runs to log a pane: Loopwatch's own log
 * writer (main/logWriter.ts) under this Node. pipe-pane takes one shell
 * command string (tmux runs it with `sh -c`) and expands formats in it, so
 * every part is shell-quoted and each `#` doubled; nothing else is built as
 * a string.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { shellQuote } from '../shell/shellQuote';

export interface LogWriterOptions {
  rotateBytes: number;
  keepBytes: number;
  raw: boolean;
}

const BUILT_WRITER = 'logWriter.js';

/** How to run the log writer: the built one beside this bundle, or the source through tsx. */
export function logWriterArgv(): string[] {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    // Running from source (tests, dev): main/core/logs/ -> main/logWriter.ts through tsx's loader.
    const root = resolve(dirname(here), '..', '..', '..');
    const tsx = createRequire(import.meta.url).resolve('tsx/esm');
    return [
      process.execPath,
      '--import',
      pathToFileURL(tsx).href,
      join(root, 'main', 'logWriter.ts'),
    ];
  }
  const built = [join(dirname(here), BUILT_WRITER), join(dirname(here), '..', BUILT_WRITER)].find(
    (path) => existsSync(path),
  );
  if (!built)
    throw new Error(`Loopwatch's log writer (${BUILT_WRITER}) is missing: rebuild Loopwatch`);
  // Inside the desktop app this process is Electron, which never runs scripts as Node (its
  // RunAsNode fuse is off): the writer runs under the Node.js on PATH, as the CLI does.
  const node = process.versions.electron ? nodeOnPath() : process.execPath;
  if (!node)
    throw new Error('logging needs Node.js on PATH (the desktop app runs its log writer with it)');
  // Packaged, the writer is unpacked beside the asar archive (electron-builder.yml's asarUnpack).
  return [node, built.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1')];
}

/** The first executable `node` on PATH, or null. */
function nodeOnPath(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'node');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here: the next directory.
    }
  }
  return null;
}

/** Quote for `sh -c`, then escape tmux's format expansion (`#` starts a format). */
export function pipePaneCommand(argv: readonly string[]): string {
  return argv.map((arg) => shellQuote(arg).replace(/#/g, '##')).join(' ');
}

/** The full pipe-pane command that logs into `file`. */
export function logWriterCommand(file: string, options: LogWriterOptions): string {
  return pipePaneCommand([
    ...logWriterArgv(),
    '--max',
    String(options.rotateBytes),
    '--keep',
    String(options.keepBytes),
    ...(options.raw ? ['--raw'] : []),
    '--',
    file,
  ]);
}

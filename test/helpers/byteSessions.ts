/**
 * tmux sessions whose name, window name, directory, program name (argv[0])
 * and pane title are arbitrary bytes, invalid UTF-8 included. Node passes
 * argv as UTF-8 text, so a short Python launcher gets the bytes as hex and
 * execs tmux (and the pane's program) with them as raw argv: no shell.
 */
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Hex argv -> raw bytes argv, then exec: `python3 -c LAUNCH HEX...`. */
/** `python3 -c LAUNCH HEX(file) HEX(argv0) HEX(arg)...`: exec file with those raw bytes as argv. */
const LAUNCH =
  'import os,sys\n' + 'a=[bytes.fromhex(h) for h in sys.argv[1:]]\n' + 'os.execvp(a[0], a[1:])\n';

export interface ByteSessionSpec {
  name: Uint8Array;
  window: Uint8Array;
  /** One directory name (no `/`, no NUL), made under `parent`. */
  dir: Uint8Array;
  /** argv[0] of the pane's program: what tmux shows as its current command. */
  argv0: Uint8Array;
  title: Uint8Array;
}

const hex = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('hex');

/** tmux expands `-s`, `-n` and `-c` as formats: `#` written `##`; a final `;` written `\;`. */
function tmuxLiteral(bytes: Uint8Array): Buffer {
  const out: number[] = [];
  for (const b of bytes) out.push(...(b === 0x23 ? [0x23, 0x23] : [b]));
  if (out.at(-1) === 0x3b) out.splice(-1, 1, 0x5c, 0x3b);
  return Buffer.from(out);
}

async function launch(
  env: NodeJS.ProcessEnv,
  file: string,
  argv: readonly (Uint8Array | string)[],
): Promise<string> {
  const { stdout } = await run('python3', ['-c', LAUNCH, hex(file), ...argv.map(hex)], {
    env,
    encoding: 'utf8',
  });
  return stdout;
}

let python: Promise<string> | null = null;
function pythonPath(env: NodeJS.ProcessEnv): Promise<string> {
  python ??= run('python3', ['-c', 'import sys; print(sys.executable)'], {
    env,
    encoding: 'utf8',
  }).then(({ stdout }) => stdout.trim());
  return python;
}

/** How long each session's program runs: longer than any test, ended by kill-server. */
const SLEEP_SECONDS = '3600';

/**
 * Make the session on `socket` (detached; its pane runs `sleep` with
 * argv[0] = spec.argv0, in spec.dir, titled spec.title). Returns its
 * session and pane ids.
 */
export async function createByteSession(
  env: NodeJS.ProcessEnv,
  socket: string,
  parent: string,
  spec: ByteSessionSpec,
): Promise<{ id: string; pane: string }> {
  const dir = Buffer.concat([Buffer.from(`${parent}/`), Buffer.from(spec.dir)]);
  await mkdir(dir, { recursive: true });
  const out = await launch(env, 'tmux', [
    'tmux',
    '-S',
    socket,
    'new-session',
    '-d',
    '-P',
    '-F',
    '#{session_id} #{pane_id}',
    '-s',
    tmuxLiteral(spec.name),
    '-n',
    tmuxLiteral(spec.window),
    '-c',
    tmuxLiteral(dir),
    '--',
    // The interpreter itself, not a PATH shim (pyenv's needs the real HOME the sandbox replaces).
    await pythonPath(env),
    '-c',
    LAUNCH,
    hex('sleep'),
    hex(spec.argv0),
    hex(SLEEP_SECONDS),
  ]);
  const [id = '', pane = ''] = out.trim().split(' ');
  await launch(env, 'tmux', [
    'tmux',
    '-S',
    socket,
    'select-pane',
    '-t',
    pane,
    '-T',
    tmuxLiteral(spec.title),
  ]);
  return { id, pane };
}

/** tmux's own answer for one format variable of one pane, raw bytes decoded as Loopwatch decodes them. */
export async function tmuxField(
  env: NodeJS.ProcessEnv,
  socket: string,
  pane: string,
  variable: string,
): Promise<string> {
  const { stdout } = await run(
    'tmux',
    ['-S', socket, 'display-message', '-p', '-t', pane, `#{${variable}}`],
    { env, encoding: 'buffer' },
  );
  // display -p adds one newline; the value may end in newlines of its own.
  return stdout.subarray(0, -1).toString('utf8');
}

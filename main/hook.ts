/**
 * `loopwatch hook`: the command agents run as a hook. Reads one Claude
 * Code hook event (JSON on stdin), or takes Codex's `notify` argument
 * (`loopwatch hook --codex JSON`), adds where it came from ($TMUX,
 * $TMUX_PANE, the cwd), and hands it to every running supervisor.
 *
 * It must never slow down or fail the agent: it prints nothing, always
 * exits 0, and gives up after a fixed deadline whether or not Loopwatch
 * runs. Built as its own small entry (out/main/hook.js) so it starts fast.
 */
import type { Env } from './core/paths';
import { deliverHookLine } from './core/sources/hooks/hookClient';
import { trustedRuntimeDirs } from './core/sources/hooks/runtimeDir';

/** Stop waiting for stdin after this long (Claude writes the event at once and closes). */
const STDIN_DEADLINE_MS = 30;
/** Longest event read from stdin; the supervisor refuses bigger ones anyway. */
const MAX_STDIN_BYTES = 1024 * 1024;

function readStdin(input: NodeJS.ReadStream): Promise<string> {
  if (input.isTTY) return Promise.resolve('');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (): void => {
      clearTimeout(timer);
      input.pause();
      input.removeAllListeners('data');
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const timer = setTimeout(finish, STDIN_DEADLINE_MS);
    input.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_STDIN_BYTES) chunks.push(chunk);
    });
    input.once('end', finish);
    input.once('error', finish);
  });
}

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export async function runHook(
  argv: readonly string[],
  env: Env,
  input: NodeJS.ReadStream,
): Promise<void> {
  try {
    // `--codex JSON`: Codex's notify program (the event is the argument); `--agent NAME`: the
    // named agent's hooks (the event on stdin, as Claude's).
    const codexAt = argv.indexOf('--codex');
    const codex = codexAt !== -1;
    const agentAt = argv.indexOf('--agent');
    const agent = agentAt === -1 ? null : (argv[agentAt + 1] ?? null);
    const kind = codex ? 'codex' : agent === 'codex' || agent === 'gemini' ? agent : 'claude';
    const raw = codex ? (argv[codexAt + 1] ?? '') : await readStdin(input);
    const event = parseOrNull(raw);
    const record =
      typeof event === 'object' && event !== null ? (event as Record<string, unknown>) : {};
    const cwd = typeof record.cwd === 'string' ? record.cwd : process.cwd();
    const line = JSON.stringify({
      v: 1,
      kind,
      event,
      tmux: env.TMUX ?? null,
      tmuxPane: env.TMUX_PANE ?? null,
      cwd,
      at: Date.now(),
    });
    await deliverHookLine(() => trustedRuntimeDirs(env), line);
  } catch {
    /* never fail the agent */
  }
}

/** Entry for bin/loopwatch.js: run, then exit 0 at once (no lingering handles). */
export async function hookMain(argv: readonly string[]): Promise<void> {
  await runHook(argv, process.env, process.stdin);
  process.exit(0);
}

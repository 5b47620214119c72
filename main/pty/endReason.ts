/**
 * Why a `tmux attach` ended, from the last words it printed and its exit
 * status. tmux's client prints one line when it leaves: `[exited]`,
 * `[detached (from session NAME)]`, `[server exited]`, `[lost tty]`, ... and
 * on failure an error such as `can't find session: NAME` or
 * `no server running on SOCKET`.
 */
import type { TerminalEnd, TerminalEndKind } from '../../preload/contract';

/** How much of the output's end we keep to find those words (tmux's line is short). */
export const END_TAIL_BYTES = 2048;

/** CSI, OSC and other escape sequences, so only printed text is left. */
const ESCAPES =
  // eslint-disable-next-line no-control-regex -- matching terminal escape sequences is the point
  /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[@-Z\\-_=>])/g;

function lastLines(tail: string): string[] {
  return (
    tail
      // A cursor move or clear ends what was printed before it as surely as a newline.
      .replace(ESCAPES, '\n')
      .split(/\r?\n|\r/)
      .map((line) => line.trim())
      .filter(Boolean)
  );
}

function kindOfBracket(text: string): TerminalEndKind {
  if (text === 'exited') return 'exited';
  if (text.startsWith('detached')) return 'detached';
  if (text.startsWith('server exited') || text === 'lost server') return 'serverExited';
  return 'failed';
}

export function kindOfError(line: string): TerminalEndKind {
  if (/can't find session|session not found/i.test(line)) return 'notFound';
  // "server exited unexpectedly": a command that reached a server in the middle of exiting.
  if (/no server running|error connecting to|no sessions|server exited unexpectedly/i.test(line)) {
    return 'noServer';
  }
  if (/execvp\(3\) failed|No such file or directory.*tmux/i.test(line)) return 'tmuxMissing';
  return 'failed';
}

/** Describe the end of an attach from its output's tail (raw text) and exit status. */
export function describeAttachEnd(
  tail: string,
  exitCode: number | null,
  signal: number | null,
): TerminalEnd {
  const lines = lastLines(tail);
  for (let i = lines.length - 1; i >= 0 && i >= lines.length - 3; i--) {
    const bracket = /^\[([^\]]+)\]$/.exec(lines[i]!);
    if (bracket) {
      const text = bracket[1]!;
      return { kind: kindOfBracket(text), message: `tmux: [${text}]`, exitCode, signal };
    }
  }
  const last = lines[lines.length - 1];
  if (last && exitCode !== 0) {
    const kind = kindOfError(last);
    const message =
      kind === 'tmuxMissing'
        ? 'tmux could not be run: is it installed and on PATH?'
        : `tmux: ${last}`;
    return { kind, message, exitCode, signal };
  }
  const how = signal ? `signal ${signal}` : `exit status ${exitCode ?? 'unknown'}`;
  return { kind: 'failed', message: `tmux attach ended (${how})`, exitCode, signal };
}

/**
 * Which kind of tmux client a terminal reads through. `panes`: a control-mode
 * client, each pane streamed and flow-controlled on its own (tmux 3.2+, for
 * `refresh-client -A` pause/continue); `attach`: a plain `tmux attach` under
 * a pty, one stream for the whole window (any tmux). `auto` picks `panes`
 * where tmux is new enough. LOOPWATCH_TERMINAL_CLIENT overrides the choice.
 */
import { execFile } from 'node:child_process';

export const TERMINAL_CLIENTS = ['auto', 'panes', 'attach'] as const;
export type TerminalClientKind = (typeof TERMINAL_CLIENTS)[number];

/** `tmux -V` says e.g. "tmux 3.3a", "tmux next-3.5", "tmux master". */
export function supportsPaneStreams(version: string): boolean {
  const match = /(\d+)\.(\d+)/.exec(version);
  if (!match) return /master|next/.test(version);
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 3 || (major === 3 && minor >= 2);
}

export function tmuxVersion(
  binary: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string> {
  return new Promise((resolve) => {
    execFile(binary, ['-V'], { env, timeout: 5_000 }, (error, stdout) =>
      resolve(error ? '' : stdout.trim()),
    );
  });
}

export function configuredClient(value: string | undefined): TerminalClientKind {
  return (TERMINAL_CLIENTS as readonly string[]).includes(value ?? '')
    ? (value as TerminalClientKind)
    : 'auto';
}

/** Resolve `auto` against the installed tmux (asked once per host). */
export async function resolveClient(
  kind: TerminalClientKind,
  version: () => Promise<string>,
): Promise<'panes' | 'attach'> {
  if (kind !== 'auto') return kind;
  return supportsPaneStreams(await version()) ? 'panes' : 'attach';
}

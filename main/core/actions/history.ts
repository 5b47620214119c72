/**
 * Before anything ends a session or a pane, its last screen and the whole
 * scrollback are saved to `CONFIG_DIR/history/NAME-STAMP.txt` (FIELD: a
 * killed session's output is otherwise gone for good).
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loopwatchConfigDir, type Env } from '../paths';
import { execTmux } from '../tmux/execTmux';
import type { PaneFacts } from '../tmux/formats';
import type { TmuxRunner } from '../tmux/runner';
import { describeFsError, fileStamp } from './files';
import { exitText } from './paneText';

export function historyDir(env: Env): string {
  return join(loopwatchConfigDir(env), 'history');
}

/**
 * A file name for any session name: safe characters kept, the rest
 * replaced, plus a short hash when anything was replaced so that
 * `a/b` and `a_b` never share a file.
 */
export function historyFileName(sessionName: string, nowMs: number): string {
  const safe = sessionName
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^[.-]/, '_')
    .slice(0, 80);
  const changed = safe !== sessionName;
  const hash = changed
    ? `-${createHash('sha256').update(sessionName).digest('hex').slice(0, 8)}`
    : '';
  return `${safe || 'session'}${hash}-${fileStamp(nowMs)}.txt`;
}

function paneLabel(pane: PaneFacts): string {
  const state = pane.dead
    ? `dead (exited with ${exitText(pane)})`
    : `running ${pane.currentCommand || '?'} (pid ${pane.pid ?? '?'})`;
  return `pane ${pane.id} (window ${pane.windowIndex}, pane ${pane.paneIndex}): ${state}, in ${pane.currentPath}`;
}

/** Lines of a capture without the blank rows below the last output. */
function trimTrailingBlank(text: string): string {
  return text.replace(/\s+$/, '') + '\n';
}

export interface HistoryTarget {
  socket: string;
  /** Runs the captures (default: local tmux on `socket`); a remote host's over its ssh connection. */
  runner?: TmuxRunner | undefined;
  /** The server as the file's header names it (default: the socket), e.g. "SOCKET on host gpu". */
  where?: string | undefined;
  sessionName: string;
  panes: readonly PaneFacts[];
  /** Why it is saved, e.g. "before loopwatch kill". */
  why: string;
}

export class HistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HistoryError';
  }
}

/**
 * Capture every pane (`capture-pane -p -J -S - -E -`: all of the scrollback
 * and the screen, wrapped lines joined) and write one file. Throws
 * HistoryError, having written nothing, when any pane cannot be captured
 * or the file cannot be written: the caller must then not kill.
 */
export async function saveHistory(env: Env, target: HistoryTarget): Promise<string> {
  const nowMs = Date.now();
  const sections: string[] = [
    `# Loopwatch history of tmux session ${JSON.stringify(target.sessionName)} on ${target.where ?? target.socket}`,
    `# saved ${new Date(nowMs).toISOString()} ${target.why}`,
  ];
  for (const pane of target.panes) {
    let text: string;
    try {
      const capture = ['capture-pane', '-p', '-J', '-S', '-', '-E', '-', '-t', pane.id];
      text = target.runner
        ? await target.runner.run(capture)
        : await execTmux(target.socket, capture, { env });
    } catch (error) {
      throw new HistoryError(
        `could not capture pane ${pane.id} of ${JSON.stringify(target.sessionName)}: ${(error as Error).message.trim()}`,
      );
    }
    sections.push('', `## ${paneLabel(pane)}`, trimTrailingBlank(text));
  }
  const dir = historyDir(env);
  const path = join(dir, historyFileName(target.sessionName, nowMs));
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // 'wx': never over an earlier history; 0600: screens hold secrets.
    await writeFile(path, sections.join('\n'), { encoding: 'utf8', flag: 'wx', mode: 0o600 });
  } catch (error) {
    throw new HistoryError(describeFsError(error, `the history file ${path}`));
  }
  return path;
}

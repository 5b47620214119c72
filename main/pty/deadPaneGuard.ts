/**
 * Before a live terminal attaches any tmux client (attach or control mode):
 * on tmux 3.3 to 3.4 attaching to a session whose active pane is dead can
 * crash the whole server (see core/tmux/focusCrash.ts). Such a session gets
 * its kept screen, read by `capture-pane` (a one-shot command attaches no
 * client), and the reason, instead of an attach.
 *
 * A pane that dies between this check and the attach is not covered: the
 * window is the few milliseconds of one spawn.
 */
import type { TerminalEnd } from '../../preload/contract';
import { focusCrashAffected, focusCrashRefusal } from '../core/tmux/focusCrash';
import { exactSessionPane } from '../core/tmux/quote';
import type { AttachTarget } from './attachCommand';
import type { TmuxRun } from './windowSize';

/** Null: attaching is safe (or tmux itself will say why not). Else: how the terminal ends instead. */
export type AttachGuard = (target: AttachTarget) => Promise<TerminalEnd | null>;

/** Version, pane state and id never hold a tab. */
const CHECK_FORMAT = '#{version}\t#{pane_dead}\t#{pane_id}';
/** The kept screen goes in a control message: the visible screen of a wide pane stays far below. */
export const KEPT_SCREEN_MAX_CHARS = 256 * 1024;
/**
 * History lines shown above the screen: tmux scrolls a dying pane's screen
 * up to write "Pane is dead" at the bottom, so its last output is partly history.
 */
const KEPT_HISTORY_LINES = 200;

export function deadPaneGuard(run: TmuxRun): AttachGuard {
  /** Servers known to be unaffected (from their version): no query needed there. */
  const safeServers = new Set<string>();
  return async (target) => {
    if (safeServers.has(target.socket)) return null;
    let output: string;
    try {
      // `=NAME:` as a pane: the session's current window's active pane, the one an attach lands on.
      output = await run(target.socket, [
        'display-message',
        '-p',
        '-t',
        exactSessionPane(target.name),
        CHECK_FORMAT,
      ]);
    } catch {
      return null;
    }
    const [version = '', dead, paneId = ''] = output.replace(/\n$/, '').split('\t');
    if (!focusCrashAffected(version)) {
      safeServers.add(target.socket);
      return null;
    }
    if (dead !== '1') return null;
    let screen = '';
    try {
      // -e: with its colours.
      screen = await run(target.socket, [
        'capture-pane',
        '-p',
        '-e',
        '-S',
        String(-KEPT_HISTORY_LINES),
        '-t',
        paneId,
      ]);
    } catch {
      /* the reason still stands without the screen */
    }
    return {
      kind: 'deadPane',
      message: focusCrashRefusal(version || null),
      exitCode: null,
      signal: null,
      screen: screen.replace(/\r?\n/g, '\r\n').slice(-KEPT_SCREEN_MAX_CHARS),
    };
  };
}

/**
 * While a terminal's client is attached, how often its session's active pane
 * is checked: a pane dying under an attached client leaves the server one
 * focus change from crashing (the session killed, a window switched, the
 * client detached), so the terminal lets go of it first.
 */
export const DEAD_PANE_CHECK_MS = 500;

/**
 * Check `target` every DEAD_PANE_CHECK_MS until stopped; `onDead` is called
 * once, with how the terminal ends, when its active pane is dead on an
 * affected tmux. Returns the stop function.
 */
export function watchActivePane(
  guard: AttachGuard,
  target: AttachTarget,
  onDead: (end: TerminalEnd) => void,
  everyMs = DEAD_PANE_CHECK_MS,
): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const schedule = (): void => {
    timer = setTimeout(() => {
      timer = null;
      void guard(target).then((end) => {
        if (stopped) return;
        if (end) {
          stopped = true;
          onDead(end);
        } else schedule();
      });
    }, everyMs);
    timer.unref();
  };
  schedule();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = null;
  };
}

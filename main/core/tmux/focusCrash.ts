/**
 * tmux 3.3 to 3.4 crash: a client's focus moving onto or off a dead pane
 * whose program had turned focus reporting on (`ESC[?1004h`, as Claude Code,
 * Codex and Gemini CLI do) makes the server write to the pane's freed event
 * (`window_pane_update_focus`): the server dies with every session on it.
 *
 * Introduced by tmux commit 2bb0b9d6 (focus driven by events, first in 3.3),
 * fixed by commit 424f13fe ("Do not get muddled and crash if focusing a pane
 * that is exiting", tmux/tmux#3776), first released in 3.5.
 *
 * What crashes an affected server (each reproduced against tmux 3.3a, see
 * test/integration/core/focusCrash.test.ts), when the session's current
 * window's active pane is dead and its program had focus reporting on:
 * - attaching any client to that session (focus in);
 * - a client attached to it while the pane died then leaving by SIGHUP,
 *   SIGTERM, `detach-client` or `switch-client` (focus out), or the session
 *   being killed under it.
 * What does not: a control client ending because its stdin closed, and any
 * client killed with SIGKILL (the server drops it without a focus change);
 * one-shot commands (they attach no client).
 */

/** The first tmux release carrying the fix. */
export const FOCUS_CRASH_FIXED_IN = '3.5';

const FIRST_AFFECTED: readonly [number, number] = [3, 3];
const FIXED: readonly [number, number] = [3, 5];

function before(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

/**
 * Whether a server of this `#{version}` can crash that way. `next-X.Y` is a
 * build from before X.Y's release (so `next-3.5` may predate the fix). A
 * version we cannot read (OpenBSD's `openbsd-7.4`, `master`, none) counts as
 * affected: the guards only cost a refused attach, the crash costs everything.
 */
export function focusCrashAffected(version: string | null): boolean {
  const match = /^(next-)?(\d+)\.(\d+)/.exec(version?.trim() ?? '');
  if (!match) return true;
  const v: [number, number] = [Number(match[2]), Number(match[3])];
  if (match[1]) return !before(v, FIRST_AFFECTED) && !before(FIXED, v);
  return !before(v, FIRST_AFFECTED) && before(v, FIXED);
}

/** Why a live terminal shows a kept screen instead of attaching. */
export function focusCrashRefusal(version: string | null): string {
  return (
    `This session's active pane is dead, and tmux ${version ?? '(unknown version)'} ` +
    `crashes the whole server when a client attaches to such a pane (fixed in tmux ` +
    `${FOCUS_CRASH_FIXED_IN}): showing its kept screen instead of attaching. ` +
    `Respawn the pane (tmux respawn-pane -k) or kill the session.`
  );
}

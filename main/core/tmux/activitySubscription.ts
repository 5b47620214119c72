/**
 * Output, bells and deaths pushed by tmux instead of found by a poll every
 * second (tmux 3.2+ format subscriptions, `refresh-client -B`; see
 * titleSubscription.ts for why the format loops over every session,
 * window and pane).
 *
 * The value strings together every window's activity second and bell flag
 * and every pane's dead flag. tmux checks it on its subscription timer
 * (about once a second) and writes `%subscription-changed` only when it
 * changed: nothing while the server is quiet, one line a second at most
 * while output moves. The value itself is not read: a change asks for the
 * cheap poll, which says which panes moved. Used where every poll crosses a
 * link (a remote host's servers), so that a quiet host costs nothing.
 */

/** The subscription's name (what `%subscription-changed` is matched by). */
export const ACTIVITY_SUBSCRIPTION = 'loopwatch-activity';

/** Ids and numbers only: no user text in the format or its value. */
const FORMAT = '#{S:#{W:#{window_id}.#{window_activity}.#{window_bell_flag}#{P:.#{pane_dead}} }}';

/** The control-mode command that subscribes (an empty target: the client's session). */
export const ACTIVITY_SUBSCRIBE_ARGS: readonly string[] = [
  'refresh-client',
  '-B',
  `${ACTIVITY_SUBSCRIPTION}::${FORMAT}`,
];

/** Whether a `%subscription-changed` notification's arguments are this subscription's. */
export function isActivityChange(args: string): boolean {
  return args.startsWith(`${ACTIVITY_SUBSCRIPTION} `);
}

/**
 * Pane titles pushed by tmux instead of polled (tmux 3.2+ format
 * subscriptions, `refresh-client -B`).
 *
 * tmux checks a control client's subscriptions on a timer (about once a
 * second) and writes `%subscription-changed` only when a value changed. A
 * subscription to panes (`%*` or `%N`) covers only the panes of the session
 * the client is attached to, and the supervisor's client is attached to one
 * session of many; so the subscription here is a session one whose format
 * loops over every session, window and pane of the server (`#{S:#{W:#{P:}}}`),
 * and its value lists every pane's id and title. The format is ours alone:
 * no session name or other user text is put into the command, and tmux does
 * not expand a title again once it is a format's result.
 */
import { FIELD_SEPARATOR } from './formats';

/** The subscription's name (what `%subscription-changed` is matched by). */
export const TITLE_SUBSCRIPTION = 'loopwatch-titles';
/** Between two panes (tmux drops control characters from titles: never inside one). */
const PANE_SEPARATOR = '\x1e';
/** Every pane of the server: `%ID<US>TITLE<RS>`, session by session. */
export const TITLE_FORMAT = `#{S:#{W:#{P:#{pane_id}${FIELD_SEPARATOR}#{pane_title}${PANE_SEPARATOR}}}}`;

/** The first tmux with `refresh-client -B`. */
const SUBSCRIPTIONS_SINCE: readonly [number, number] = [3, 2];

/** The control-mode command that subscribes (an empty target: the client's session). */
export function titleSubscriptionArgs(): string[] {
  return ['refresh-client', '-B', `${TITLE_SUBSCRIPTION}::${TITLE_FORMAT}`];
}

/**
 * Whether a server of this `#{version}` has subscriptions. A version we
 * cannot read (none, `master`, OpenBSD's `openbsd-7.4`) is tried: an older
 * tmux answers the command with an error, and the poll carries the titles.
 */
export function mayHaveSubscriptions(version: string | null): boolean {
  const match = /^(?:next-)?(\d+)\.(\d+)/.exec(version?.trim() ?? '');
  if (!match) return true;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return (
    major > SUBSCRIPTIONS_SINCE[0] ||
    (major === SUBSCRIPTIONS_SINCE[0] && minor >= SUBSCRIPTIONS_SINCE[1])
  );
}

/**
 * The titles in a `%subscription-changed` notification's arguments
 * (`NAME $S - - - : VALUE`), by pane id; null when it is another
 * subscription's. A pane of a window linked into two sessions comes twice,
 * with the same title.
 */
export function parseTitleNotification(args: string): Map<string, string> | null {
  const colon = args.indexOf(' : ');
  if (colon === -1 || args.slice(0, args.indexOf(' ')) !== TITLE_SUBSCRIPTION) return null;
  const titles = new Map<string, string>();
  for (const entry of args.slice(colon + 3).split(PANE_SEPARATOR)) {
    const cut = entry.indexOf(FIELD_SEPARATOR);
    if (cut === -1) continue;
    const id = entry.slice(0, cut);
    if (/^%\d+$/.test(id)) titles.set(id, entry.slice(cut + 1));
  }
  return titles;
}

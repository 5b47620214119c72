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
import { newFrameMarker } from './framedFormat';

/** The subscription's name (what `%subscription-changed` is matched by). */
export const TITLE_SUBSCRIPTION = 'loopwatch-titles';

/** The first tmux with `refresh-client -B`. */
const SUBSCRIPTIONS_SINCE: readonly [number, number] = [3, 2];

export interface TitleSubscription {
  /** The control-mode command that subscribes (an empty target: the client's session). */
  args: string[];
  /** The titles of a `%subscription-changed` notification's arguments, by pane id; null: not ours. */
  parse(args: string): Map<string, string> | null;
}

/**
 * One subscription, its entries framed by a marker drawn for it (as the
 * polls' free text is, framedFormat.ts): a title set later cannot hold a
 * marker it never saw, so no title can pass for another pane's entry.
 * Every pane of the server: `<RS>MARKER%ID<US>MARKER:TITLE`, session by session.
 */
export function titleSubscription(marker: string = newFrameMarker()): TitleSubscription {
  const entryMark = `\x1e${marker}`;
  const titleMark = `\x1f${marker}:`;
  const format = `#{S:#{W:#{P:${entryMark}#{pane_id}${titleMark}#{pane_title}}}}`;
  return {
    args: ['refresh-client', '-B', `${TITLE_SUBSCRIPTION}::${format}`],
    parse(args) {
      const colon = args.indexOf(' : ');
      if (colon === -1 || args.slice(0, args.indexOf(' ')) !== TITLE_SUBSCRIPTION) return null;
      const titles = new Map<string, string>();
      for (const entry of args
        .slice(colon + 3)
        .split(entryMark)
        .slice(1)) {
        const cut = entry.indexOf(titleMark);
        if (cut === -1) continue;
        const id = entry.slice(0, cut);
        if (/^%\d+$/.test(id)) titles.set(id, entry.slice(cut + titleMark.length));
      }
      return titles;
    },
  };
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

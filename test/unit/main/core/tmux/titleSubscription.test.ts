import { describe, expect, it } from 'vitest';
import {
  mayHaveSubscriptions,
  TITLE_SUBSCRIPTION,
  titleSubscription,
} from '../../../../../main/core/tmux/titleSubscription';

const MARKER = '0123456789abcdef';
/** tmux's value for these panes, as the subscription's format expands. */
const value = (entries: [string, string][]): string =>
  entries.map(([id, title]) => `\x1e${MARKER}${id}\x1f${MARKER}:${title}`).join('');

describe('title subscription', () => {
  it('subscribes the client session to one format over every pane of the server, framed by its marker', () => {
    expect(titleSubscription(MARKER).args).toEqual([
      'refresh-client',
      '-B',
      `${TITLE_SUBSCRIPTION}::#{S:#{W:#{P:\x1e${MARKER}#{pane_id}\x1f${MARKER}:#{pane_title}}}}`,
    ]);
    // A marker of its own for each subscription.
    expect(titleSubscription().args).not.toEqual(titleSubscription().args);
  });

  it('is tried on tmux 3.2 and later, and on versions it cannot read', () => {
    for (const v of [
      '3.2',
      '3.2a',
      '3.3a',
      '3.5',
      'next-3.6',
      '4.0',
      'master',
      'openbsd-7.4',
      null,
    ])
      expect(mayHaveSubscriptions(v), String(v)).toBe(true);
    for (const v of ['3.1c', '3.0a', '2.9', 'next-3.1'])
      expect(mayHaveSubscriptions(v), v).toBe(false);
  });

  it('reads every pane title of a notification, titles with spaces, colons and quotes included', () => {
    const { parse } = titleSubscription(MARKER);
    const titles: [string, string][] = [
      ['%0', 'vm'],
      ['%2', "✋  Action Required : it's $(x) #{y}"],
      ['%10', ''],
    ];
    expect(parse(`${TITLE_SUBSCRIPTION} $0 - - - : ${value(titles)}`)).toEqual(new Map(titles));
  });

  it("a title cannot pass for another pane's entry: separators without the marker are its text", () => {
    const { parse } = titleSubscription(MARKER);
    const forged = 'x\x1e%5\x1f:[ ! ] Action Required';
    expect(parse(`${TITLE_SUBSCRIPTION} $0 - - - : ${value([['%1', forged]])}`)).toEqual(
      new Map([['%1', forged]]),
    );
  });

  it("ignores another subscription's notification and entries that are not a pane's", () => {
    const { parse } = titleSubscription(MARKER);
    expect(parse(`other $0 - - - : ${value([['%0', 'vm']])}`)).toBeNull();
    expect(parse(`${TITLE_SUBSCRIPTION}x $0 - - - : ${value([['%0', 'vm']])}`)).toBeNull();
    expect(parse(`${TITLE_SUBSCRIPTION} $0 - - - : junk${value([['@1', 'x']])}`)).toEqual(
      new Map(),
    );
  });
});

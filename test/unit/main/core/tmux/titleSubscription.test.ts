import { describe, expect, it } from 'vitest';
import {
  mayHaveSubscriptions,
  parseTitleNotification,
  TITLE_FORMAT,
  TITLE_SUBSCRIPTION,
  titleSubscriptionArgs,
} from '../../../../../main/core/tmux/titleSubscription';

describe('title subscription', () => {
  it('subscribes the client session to one format over every pane of the server', () => {
    expect(titleSubscriptionArgs()).toEqual([
      'refresh-client',
      '-B',
      `${TITLE_SUBSCRIPTION}::${TITLE_FORMAT}`,
    ]);
    expect(TITLE_FORMAT).toBe('#{S:#{W:#{P:#{pane_id}\x1f#{pane_title}\x1e}}}');
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
    const value = ['%0\x1fvm', "%2\x1f✋  Action Required : it's $(x) #{y}", '%10\x1f', ''].join(
      '\x1e',
    );
    expect(parseTitleNotification(`${TITLE_SUBSCRIPTION} $0 - - - : ${value}`)).toEqual(
      new Map([
        ['%0', 'vm'],
        ['%2', "✋  Action Required : it's $(x) #{y}"],
        ['%10', ''],
      ]),
    );
  });

  it("ignores another subscription's notification and entries that are not a pane's", () => {
    expect(parseTitleNotification('other $0 - - - : %0\x1fvm\x1e')).toBeNull();
    expect(parseTitleNotification(`${TITLE_SUBSCRIPTION}x $0 - - - : %0\x1fvm\x1e`)).toBeNull();
    expect(parseTitleNotification(`${TITLE_SUBSCRIPTION} $0 - - - : junk\x1e@1\x1fx\x1e`)).toEqual(
      new Map(),
    );
  });
});

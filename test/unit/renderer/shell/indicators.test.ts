// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  bindAttentionIndicators,
  faviconSvg,
  INDICATOR_DELAY_MS,
  pageTitle,
} from '../../../../renderer/src/attention/indicators';
import { SessionsStore } from '../../../../renderer/src/state/sessionsStore';
import { sampleSession } from '../../../helpers/samples';
import { fakeApi } from '../dashboard/fakeApi';

afterEach(() => {
  vi.useRealTimers();
  document.head.innerHTML = '';
  document.title = '';
});

describe('page title and favicon', () => {
  it('counts the sessions needing the user in the title', () => {
    expect(pageTitle(0)).toBe('Loopwatch');
    expect(pageTitle(3)).toBe('(3) Loopwatch');
  });

  it('draws every state as an SVG that names it', () => {
    for (const state of ['crashed', 'waiting', 'working', 'idle', 'none'] as const) {
      expect(faviconSvg(state)).toContain(`data-state="${state}"`);
    }
  });

  it('follows the store a moment later: worst state in the icon, waiting and crashed counted', async () => {
    const fake = fakeApi([
      sampleSession({ id: 'a', status: 'working' }),
      sampleSession({ id: 'b', status: 'idle' }),
    ]);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const later = (): void => {
      vi.advanceTimersByTime(INDICATOR_DELAY_MS);
    };
    const store = new SessionsStore(fake.transport);
    const unbind = bindAttentionIndicators(store, document);
    // The snapshot arrives after binding: shown once the delay has passed.
    await vi.advanceTimersByTimeAsync(INDICATOR_DELAY_MS);
    const icon = (): HTMLLinkElement | null => document.querySelector('link[rel="icon"]');
    expect(document.title).toBe('Loopwatch');
    expect(icon()?.dataset.state).toBe('working');

    fake.upsert(sampleSession({ id: 'b', status: 'waiting' }));
    expect(document.title).toBe('Loopwatch');
    later();
    expect(document.title).toBe('(1) Loopwatch');
    expect(icon()?.dataset.state).toBe('waiting');

    fake.upsert(sampleSession({ id: 'a', status: 'crashed' }));
    later();
    expect(document.title).toBe('(2) Loopwatch');
    expect(icon()?.dataset.state).toBe('crashed');

    fake.remove('a', 'b');
    later();
    expect(document.title).toBe('Loopwatch');
    expect(icon()?.dataset.state).toBe('none');
    expect(document.querySelectorAll('link[rel="icon"]')).toHaveLength(1);

    // A change pending when unbound is dropped, and nothing after it is shown.
    fake.upsert(sampleSession({ id: 'c', status: 'waiting' }));
    unbind();
    later();
    fake.upsert(sampleSession({ id: 'd', status: 'crashed' }));
    later();
    expect(document.title).toBe('Loopwatch');
    store.dispose();
  });
});

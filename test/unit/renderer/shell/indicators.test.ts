// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import {
  bindAttentionIndicators,
  faviconSvg,
  pageTitle,
} from '../../../../renderer/src/attention/indicators';
import { SessionsStore } from '../../../../renderer/src/state/sessionsStore';
import { sampleSession } from '../../../helpers/samples';
import { fakeApi } from '../dashboard/fakeApi';

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
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

  it('follows the store: worst state in the icon, waiting and crashed counted', async () => {
    const fake = fakeApi([
      sampleSession({ id: 'a', status: 'working' }),
      sampleSession({ id: 'b', status: 'idle' }),
    ]);
    const store = new SessionsStore(fake.transport);
    const unbind = bindAttentionIndicators(store, document);
    await flush();
    const icon = (): HTMLLinkElement | null => document.querySelector('link[rel="icon"]');
    expect(document.title).toBe('Loopwatch');
    expect(icon()?.dataset.state).toBe('working');

    fake.upsert(sampleSession({ id: 'b', status: 'waiting' }));
    expect(document.title).toBe('(1) Loopwatch');
    expect(icon()?.dataset.state).toBe('waiting');

    fake.upsert(sampleSession({ id: 'a', status: 'crashed' }));
    expect(document.title).toBe('(2) Loopwatch');
    expect(icon()?.dataset.state).toBe('crashed');

    fake.remove('a', 'b');
    expect(document.title).toBe('Loopwatch');
    expect(icon()?.dataset.state).toBe('none');
    expect(document.querySelectorAll('link[rel="icon"]')).toHaveLength(1);

    unbind();
    fake.upsert(sampleSession({ id: 'c', status: 'waiting' }));
    expect(document.title).toBe('Loopwatch');
    store.dispose();
  });
});

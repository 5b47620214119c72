// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { bindFocusReporter } from '../../../../renderer/src/notifications/focusReporter';
import { TerminalsController } from '../../../../renderer/src/terminal/terminalsController';
import { fakeApi } from '../dashboard/fakeApi';

function setup(hasFocus: boolean) {
  const fake = fakeApi([]);
  const terminalRequested = new Set<(r: { sessionId: string; mode: 'watch' }) => void>();
  Object.assign(fake.api, {
    onTerminalRequested: (listener: (r: { sessionId: string; mode: 'watch' }) => void) => {
      terminalRequested.add(listener);
      return () => terminalRequested.delete(listener);
    },
  });
  const terminals = new TerminalsController(fake.transport);
  const reportFocus = vi.fn((_request: { sessionId: string | null }) => Promise.resolve(null));
  let focused = hasFocus;
  vi.spyOn(document, 'hasFocus').mockImplementation(() => focused);
  const unbind = bindFocusReporter({ reportFocus }, terminals, window);
  return {
    terminals,
    reportFocus,
    unbind,
    setFocus(value: boolean) {
      focused = value;
      window.dispatchEvent(new Event(value ? 'focus' : 'blur'));
    },
  };
}

describe('focus reporter', () => {
  it('reports the active terminal while the page has focus, and nobody when it loses it', () => {
    const t = setup(true);
    t.terminals.open('tmux:/s:a', 'watch');
    expect(t.reportFocus).toHaveBeenLastCalledWith({ sessionId: 'tmux:/s:a' });
    t.terminals.open('tmux:/s:b', 'interactive');
    expect(t.reportFocus).toHaveBeenLastCalledWith({ sessionId: 'tmux:/s:b' });

    t.setFocus(false);
    expect(t.reportFocus).toHaveBeenLastCalledWith({ sessionId: null });
    t.setFocus(true);
    expect(t.reportFocus).toHaveBeenLastCalledWith({ sessionId: 'tmux:/s:b' });

    t.terminals.close('tmux:/s:b');
    expect(t.reportFocus).toHaveBeenLastCalledWith({ sessionId: 'tmux:/s:a' });
    t.terminals.close('tmux:/s:a');
    expect(t.reportFocus).toHaveBeenLastCalledWith({ sessionId: null });
    t.unbind();
    t.terminals.dispose();
  });

  it('says nothing new when nothing changed, and nothing after unbinding', () => {
    const t = setup(false);
    t.terminals.open('tmux:/s:a', 'watch');
    // Without focus the answer stays "nobody": no report (null was already the state).
    expect(t.reportFocus).not.toHaveBeenCalled();
    t.unbind();
    t.setFocus(true);
    expect(t.reportFocus).not.toHaveBeenCalled();
    t.terminals.dispose();
  });
});

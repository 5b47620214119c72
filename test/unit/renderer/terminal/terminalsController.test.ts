import { describe, expect, it, vi } from 'vitest';
import type { LoopwatchApi, TerminalRequested } from '../../../../preload/contract';
import type { Transport } from '../../../../renderer/src/api/transport';
import {
  sessionNameFromId,
  TerminalsController,
} from '../../../../renderer/src/terminal/terminalsController';

function controller() {
  let requested: ((request: TerminalRequested) => void) | null = null;
  const unsubscribe = vi.fn();
  const api = {
    onTerminalRequested: (listener: (request: TerminalRequested) => void) => {
      requested = listener;
      return unsubscribe;
    },
  } as unknown as LoopwatchApi;
  const transport = { api } as Transport;
  const terminals = new TerminalsController(transport);
  return { terminals, request: (r: TerminalRequested) => requested?.(r), unsubscribe };
}

describe('TerminalsController', () => {
  it('opens one tab per session; opening it again focuses it', () => {
    const { terminals } = controller();
    const changes = vi.fn();
    terminals.subscribe(changes);
    terminals.open('a', 'interactive', 'alpha', 1);
    terminals.open('b', 'watch', 'beta', 2);
    expect(terminals.getState().tabs).toEqual([
      { sessionId: 'a', label: 'alpha', mode: 'interactive', requestedAt: 1 },
      { sessionId: 'b', label: 'beta', mode: 'watch', requestedAt: 2 },
    ]);
    expect(terminals.getState().active).toBe('b');
    const focus = terminals.getState().focusRequest;
    terminals.open('a', 'watch');
    expect(terminals.getState().tabs).toHaveLength(2);
    expect(terminals.getState().tabs[0]!.mode).toBe('interactive');
    expect(terminals.getState().active).toBe('a');
    expect(terminals.getState().focusRequest).toBeGreaterThan(focus);
    expect(changes).toHaveBeenCalledTimes(3);
  });

  it('closing the active tab activates its neighbour', () => {
    const { terminals } = controller();
    terminals.open('a', 'watch');
    terminals.open('b', 'watch');
    terminals.open('c', 'watch');
    terminals.activate('b');
    terminals.close('b');
    expect(terminals.getState().active).toBe('c');
    terminals.close('c');
    expect(terminals.getState().active).toBe('a');
    terminals.close('a');
    expect(terminals.getState()).toMatchObject({ tabs: [], active: null });
  });

  it('opens what the tray or a notification asks for, in the mode asked', () => {
    const { terminals, request, unsubscribe } = controller();
    request({ sessionId: 'tmux:/tmp/tmux-1000/default:pipeline-auth', mode: 'watch' });
    expect(terminals.getState().tabs[0]).toMatchObject({ label: 'pipeline-auth', mode: 'watch' });
    terminals.dispose();
    expect(unsubscribe).toHaveBeenCalled();
  });

  it('names a session from its id when that is all it has', () => {
    expect(sessionNameFromId('tmux:/tmp/x:y:name with spaces')).toBe('name with spaces');
    expect(sessionNameFromId('plain')).toBe('plain');
  });
});

// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { keyFor } from '../../../../renderer/src/dashboard/useDashboardKeys';

function press(
  key: string,
  target: Element,
  init: KeyboardEventInit = {},
): ReturnType<typeof keyFor> {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, ...init });
  Object.defineProperty(event, 'target', { value: target });
  return keyFor(event);
}

describe('dashboard keys', () => {
  const body = document.body;

  it('maps the documented keys, and j is not one of them', () => {
    expect(press('ArrowDown', body)).toEqual({ kind: 'move', by: 1, extend: false });
    expect(press('ArrowUp', body, { shiftKey: true })).toEqual({
      kind: 'move',
      by: -1,
      extend: true,
    });
    expect(press(' ', body)).toEqual({ kind: 'mark' });
    expect(press('Escape', body)).toEqual({ kind: 'escape' });
    expect(press('n', body)).toEqual({ kind: 'nickname' });
    expect(press('PageUp', body)).toEqual({ kind: 'page', direction: -1 });
    expect(press('End', body)).toEqual({ kind: 'edge', to: 'last' });
    expect(press('Enter', body)).toEqual({ kind: 'open', mode: 'interactive' });
    expect(press('Enter', body, { shiftKey: true })).toEqual({ kind: 'open', mode: 'watch' });
    expect(press('k', body)).toEqual({ kind: 'kill' });
    expect(press('c', body)).toEqual({ kind: 'cleanup' });
    expect(press('r', body)).toEqual({ kind: 'review' });
    expect(press('/', body)).toEqual({ kind: 'search' });
    expect(press('j', body)).toBeNull();
  });

  it('leaves typing, dialogs, terminals and modified keys alone', () => {
    const input = document.createElement('input');
    const dialog = document.createElement('div');
    dialog.setAttribute('role', 'dialog');
    const inDialog = document.createElement('button');
    dialog.append(inDialog);
    const terminal = document.createElement('div');
    terminal.className = 'xterm';
    const inTerminal = document.createElement('textarea');
    terminal.append(inTerminal);
    document.body.append(input, dialog, terminal);
    expect(press('k', input)).toBeNull();
    expect(press('k', inDialog)).toBeNull();
    expect(press('ArrowDown', inTerminal)).toBeNull();
    expect(press('c', body, { ctrlKey: true })).toBeNull();
    expect(press('r', body, { metaKey: true })).toBeNull();
  });

  it('lets Enter activate a focused button instead of opening', () => {
    const button = document.createElement('button');
    document.body.append(button);
    expect(press('Enter', button)).toBeNull();
    expect(press('ArrowDown', button)).toEqual({ kind: 'move', by: 1, extend: false });
    // Space on a button presses it.
    expect(press(' ', button)).toBeNull();
  });
});

/**
 * Keep tmux's drawing in xterm's normal buffer. tmux switches its client to
 * the alternate screen on attach and back on detach; the alternate screen
 * has no scrollback, and leaving it wipes what was shown. Ignoring those
 * switches gives the view a scrollback of what scrolled by (tmux scrolls its
 * panes with the terminal's own scroll region) and, with
 * `scrollOnEraseInDisplay`, keeps the last screen readable above tmux's
 * parting "[exited]" when the session ends.
 */
import type { IDisposable, Terminal } from '@xterm/xterm';

/** DECSET modes that switch to the alternate screen (47, 1047) or switch and save the cursor (1049). */
const ALT_SCREEN_MODES = new Set([47, 1047, 1049]);

function onlyAltScreen(params: (number | number[])[]): boolean {
  return params.length > 0 && params.every((p) => typeof p === 'number' && ALT_SCREEN_MODES.has(p));
}

export function keepInNormalBuffer(terminal: Terminal): IDisposable[] {
  return [
    terminal.parser.registerCsiHandler({ prefix: '?', final: 'h' }, onlyAltScreen),
    terminal.parser.registerCsiHandler({ prefix: '?', final: 'l' }, onlyAltScreen),
  ];
}

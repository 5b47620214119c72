/**
 * "Back to the list" from a terminal (Ctrl+Shift+L): the terminal raises this
 * window event, the dashboard focuses its session list. An event, so the
 * terminal code needs nothing of the dashboard's.
 */
export const FOCUS_LIST_EVENT = 'loopwatch:focus-list';
/** The chord, as the keys hint and the README write it. */
export const FOCUS_LIST_CHORD = 'Ctrl+Shift+L';

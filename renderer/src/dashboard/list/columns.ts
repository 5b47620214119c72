/** The session list's columns: header text and CSS class (widths live in styles.css). */
export const COLUMNS = [
  { key: 'status', header: 'Status' },
  { key: 'name', header: 'Session' },
  { key: 'reason', header: 'Reason' },
  { key: 'progress', header: 'Progress' },
  { key: 'since', header: 'Since' },
  { key: 'activity', header: 'Activity' },
  { key: 'dir', header: 'Project' },
] as const;

/** Every row has this height: the virtualizer places rows by index alone. */
export const ROW_HEIGHT_PX = 30;

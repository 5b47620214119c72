/** The session list's columns: header text and CSS class (widths live in styles.css). */
export const COLUMNS = [
  { key: 'status', header: 'Status', sortable: true },
  { key: 'name', header: 'Session', sortable: true },
  { key: 'reason', header: 'Reason', sortable: false },
  { key: 'progress', header: 'Progress', sortable: false },
  { key: 'since', header: 'Since', sortable: true },
  { key: 'activity', header: 'Activity', sortable: true },
  { key: 'dir', header: 'Project', sortable: true },
] as const;

/** Every row has this height: the virtualizer places rows by index alone. */
export const ROW_HEIGHT_PX = 30;

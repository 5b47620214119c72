import { useState } from 'react';
import { notificationPermission, type PermissionState } from './browserNotifications';

/** A bell drawn inline: emoji fonts are missing on many Linux desktops. */
function BellIcon({ off = false }: { off?: boolean }): React.JSX.Element {
  return (
    <svg className="bell-icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
      <path
        d="M8 1.5a4 4 0 0 0-4 4v2.8L2.6 11h10.8L12 8.3V5.5a4 4 0 0 0-4-4zM6.3 12.5a1.8 1.8 0 0 0 3.4 0z"
        fill="currentColor"
      />
      {off && <path d="M2 2l12 12" stroke="currentColor" strokeWidth="1.6" />}
    </svg>
  );
}

const BLOCKED_HINT =
  'The browser blocks notifications for this page: allow them in the site settings (the icon left of the address).';

/**
 * Browsers only ask for notification permission from a user gesture: this
 * button asks, and then says what the browser decided.
 */
export function NotificationBell(): React.JSX.Element | null {
  const [permission, setPermission] = useState<PermissionState>(notificationPermission);
  if (permission === 'unsupported') return null;
  if (permission === 'granted') {
    return (
      <span className="bell bell-on" role="status" title="Loopwatch notifies you in this browser">
        <BellIcon /> Notifications on
      </span>
    );
  }
  if (permission === 'denied') {
    return (
      <span className="bell bell-blocked" role="status" title={BLOCKED_HINT}>
        <BellIcon off /> Notifications blocked
      </span>
    );
  }
  return (
    <button
      type="button"
      className="bell"
      aria-label="Turn on notifications"
      title="Turn on notifications in this browser"
      onClick={() => {
        void Notification.requestPermission().then(setPermission);
      }}
    >
      <BellIcon /> Notifications
    </button>
  );
}

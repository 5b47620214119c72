import { useState } from 'react';
import { notificationPermission, type PermissionState } from './browserNotifications';

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
        <span aria-hidden="true">🔔</span> Notifications on
      </span>
    );
  }
  if (permission === 'denied') {
    return (
      <span className="bell bell-blocked" role="status" title={BLOCKED_HINT}>
        <span aria-hidden="true">🔕</span> Notifications blocked
      </span>
    );
  }
  return (
    <button
      type="button"
      className="bell"
      onClick={() => {
        void Notification.requestPermission().then(setPermission);
      }}
    >
      <span aria-hidden="true">🔔</span> Turn on notifications
    </button>
  );
}

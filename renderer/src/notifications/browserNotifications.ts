/**
 * `loopwatch serve` in a browser: main's notification policy pushes a
 * `notification` event and the page shows it with the browser's
 * Notification API. (In the desktop app main shows them natively.)
 */
import type { LoopwatchApi, LoopwatchNotification } from '../../../preload/contract';

export type PermissionState = 'unsupported' | NotificationPermission;

export function notificationPermission(): PermissionState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/**
 * Show one notification; a click focuses the page and opens its session
 * (or, for a summary, the dashboard). The tag is the notification's id, so
 * two tabs of the dashboard show it once.
 */
export function showBrowserNotification(
  notification: LoopwatchNotification,
  open: (sessionId: string | null) => void,
): Notification | null {
  if (notificationPermission() !== 'granted') return null;
  const shown = new Notification(notification.title, {
    body: notification.body,
    tag: notification.id,
    silent: notification.silent,
  });
  shown.onclick = () => {
    window.focus();
    open(notification.sessionId);
    shown.close();
  };
  return shown;
}

/** Show every notification main sends; `open` gets the clicked one's session (null: a summary). */
export function bindBrowserNotifications(
  api: Pick<LoopwatchApi, 'onNotification'>,
  open: (sessionId: string | null) => void,
): () => void {
  return api.onNotification((notification) => {
    showBrowserNotification(notification, open);
  });
}

/**
 * Shows the policy's notifications natively (`Notification`: libnotify on
 * Linux, Notification Center on macOS, toasts on Windows). A click opens
 * the session's terminal (or the dashboard for a summary).
 */
import { Notification } from 'electron';
import type { LoopwatchNotification } from '../../preload/contract';

export interface NativeNotifier {
  show(notification: LoopwatchNotification): void;
  dispose(): void;
}

export function createNativeNotifier(
  onClick: (notification: LoopwatchNotification) => void,
): NativeNotifier {
  // Electron drops the click handlers of notifications nothing references: keep them until closed.
  const live = new Set<Notification>();
  return {
    show(notification) {
      if (!Notification.isSupported()) return;
      const native = new Notification({
        title: notification.title,
        body: notification.body,
        silent: notification.silent,
        // Linux: a crash stays on screen until the user sees it.
        urgency: notification.kind === 'crashed' ? 'critical' : 'normal',
      });
      live.add(native);
      native.on('click', () => {
        live.delete(native);
        onClick(notification);
      });
      native.on('close', () => live.delete(native));
      native.show();
    },
    dispose() {
      for (const native of live) native.close();
      live.clear();
    },
  };
}

/**
 * Every permission a page asks for is refused, in every check and every
 * request (Electron grants them all by default), except the one the
 * dashboard uses: writing text to the clipboard (Copy buttons), and only
 * for our own page.
 */
import type { Session } from 'electron';

/** The only permissions our own page gets: sanitized clipboard writes (Copy buttons). */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Is `permission`, asked by a page at `url`, granted? */
export function permissionAllowed(
  permission: string,
  url: string,
  isTrustedUrl: (url: string) => boolean,
): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isTrustedUrl(url);
}

export function lockDownPermissions(
  session: Session,
  isTrustedUrl: (url: string) => boolean,
): void {
  session.setPermissionRequestHandler((contents, permission, callback) => {
    callback(permissionAllowed(permission, contents.getURL(), isTrustedUrl));
  });
  session.setPermissionCheckHandler((contents, permission) =>
    permissionAllowed(permission, contents?.getURL() ?? '', isTrustedUrl),
  );
  // No device pickers either (HID, serial, USB, Bluetooth): nothing here uses them.
  session.setDevicePermissionHandler(() => false);
}

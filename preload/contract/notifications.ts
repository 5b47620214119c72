/**
 * Notifications (issue 5) and the other nudges between main and the page:
 * the notifications main raises, pausing them, which terminal has the
 * keyboard, and which view the tray asks the page to show.
 */
import { z } from 'zod';
import { IsoTime } from './primitives';

export const NOTIFICATION_KINDS = ['needsYou', 'finished', 'crashed'] as const;
export const NotificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKindSchema>;

/** A notification the policy decided to show (natively in Electron, in the browser in `serve`). */
export const NotificationSchema = z.object({
  /** Unique per process; browsers replace notifications with the same tag, so tabs do not repeat it. */
  id: z.string().min(1),
  kind: NotificationKindSchema,
  title: z.string(),
  body: z.string(),
  /** The session a click opens; null for a summary of several (a click opens the dashboard). */
  sessionId: z.string().nullable(),
  /** Every session it speaks of. */
  sessionIds: z.array(z.string()),
  /** Play no sound (the "sound" setting is off). */
  silent: z.boolean(),
  at: IsoTime,
});
export type LoopwatchNotification = z.infer<typeof NotificationSchema>;

/** Views main may ask the dashboard to show (tray menu: Settings..., Clean up...). */
export const VIEW_NAMES = ['dashboard', 'settings', 'cleanup'] as const;
export const ViewRequestSchema = z.object({ view: z.enum(VIEW_NAMES) });
export type ViewRequest = z.infer<typeof ViewRequestSchema>;

/** Which session's terminal has the keyboard in this page (null: none, or the page lost focus). */
export const FocusReportSchema = z.object({ sessionId: z.string().min(1).nullable() });
export type FocusReport = z.infer<typeof FocusReportSchema>;

/** "Pause notifications": for an hour, or until tomorrow morning; main computes the end. */
export const PAUSE_CHOICES = ['oneHour', 'tomorrowMorning'] as const;
export const PauseChoiceSchema = z.enum(PAUSE_CHOICES);
export type PauseChoice = z.infer<typeof PauseChoiceSchema>;
/** A pause to start, or `null` to resume notifications now. */
export const PauseRequestSchema = z.object({ choice: PauseChoiceSchema.nullable() });

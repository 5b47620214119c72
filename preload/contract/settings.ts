/**
 * The user's settings (issue 5): their schema with defaults, the patch a
 * view may send, and the state the settings view shows.
 */
import { z } from 'zod';
import { HostSettingSchema } from './hosts';
import { logSettingsDefaults, logSettingsShape } from './keep';
import { IsoTime } from './primitives';

export const THEMES = ['system', 'light', 'dark'] as const;

const AbsolutePath = z.string().regex(/^\//, 'an absolute path, starting with /');

/** The settings' fields without defaults: what a patch may carry. */
const settingsShape = {
  /** tmux sockets to watch besides the ones found in the socket directory. */
  extraSockets: z.array(AbsolutePath),
  /** Directories holding projects whose pipeline runs to watch. */
  projectRoots: z.array(AbsolutePath),
  notifyNeedsYou: z.boolean(),
  notifyFinished: z.boolean(),
  notifyCrashed: z.boolean(),
  sound: z.boolean(),
  /** Session ids that never notify. */
  mutedSessions: z.array(z.string().min(1)),
  /** No notifications before this time; null when not paused. */
  pausedUntil: IsoTime.nullable(),
  startAtLogin: z.boolean(),
  /** macOS: show the app in the Dock; off makes Loopwatch tray-only (menu bar icon alone). */
  showInDock: z.boolean(),
  theme: z.enum(THEMES),
  /** Remote hosts watched over ssh (issue 17). */
  hosts: z.array(HostSettingSchema),
  /** ssh config file for every host without its own (`ssh -F`); null: ssh's default. */
  sshConfig: AbsolutePath.nullable(),
  ...logSettingsShape,
};

/** The user's settings; a missing field takes its default. */
export const SettingsSchema = z.object({
  extraSockets: settingsShape.extraSockets.default(() => []),
  projectRoots: settingsShape.projectRoots.default(() => []),
  notifyNeedsYou: settingsShape.notifyNeedsYou.default(true),
  notifyFinished: settingsShape.notifyFinished.default(true),
  notifyCrashed: settingsShape.notifyCrashed.default(true),
  sound: settingsShape.sound.default(true),
  mutedSessions: settingsShape.mutedSessions.default(() => []),
  pausedUntil: settingsShape.pausedUntil.default(null),
  startAtLogin: settingsShape.startAtLogin.default(false),
  showInDock: settingsShape.showInDock.default(true),
  theme: settingsShape.theme.default('system'),
  hosts: settingsShape.hosts.default(() => []),
  sshConfig: settingsShape.sshConfig.default(null),
  ...logSettingsDefaults,
});
export type Settings = z.output<typeof SettingsSchema>;
export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

/** A change to some settings; unknown fields are refused, not ignored. */
export const SettingsPatchSchema = z.strictObject(settingsShape).partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/** The settings with what the settings view needs to say about them. */
export const SettingsStateSchema = z.object({
  settings: SettingsSchema,
  /** Something the user must know, e.g. a corrupted file was moved aside; null when all is well. */
  notice: z.string().nullable(),
  /** Where they are stored. */
  file: z.string(),
  /** Whether this process can register itself to start at login (the desktop app can; `serve` cannot). */
  startAtLoginSupported: z.boolean(),
});
export type SettingsState = z.infer<typeof SettingsStateSchema>;

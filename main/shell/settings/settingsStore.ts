/**
 * The settings as the app holds them: loaded once (see settingsFile.ts),
 * changed by validated patches, saved whole after each change, and
 * announced to listeners. Where they are saved is the caller's: a JSON file
 * in `serve` mode, electron-store in the desktop app.
 */
import { EventEmitter } from 'node:events';
import {
  parsePayload,
  SettingsPatchSchema,
  SettingsSchema,
  type Settings,
  type SettingsPatch,
  type SettingsState,
} from '../../../preload/contract';
import { loadSettingsFile, writeJsonAtomic, type LoadedSettings } from './settingsFile';

export interface SettingsStoreOptions {
  /** The settings file (electron-store's own path in the app). */
  file: string;
  /** Save the whole object; the JSON file's atomic write, or electron-store. */
  write: (data: Record<string, unknown>) => Promise<void> | void;
  /** Tell the user on stderr (a bad file was moved aside). */
  warn: (message: string) => void;
  startAtLoginSupported: boolean;
}

/** Lists hold each entry once. */
function normalized(settings: Settings): Settings {
  return {
    ...settings,
    extraSockets: [...new Set(settings.extraSockets)],
    projectRoots: [...new Set(settings.projectRoots)],
    mutedSessions: [...new Set(settings.mutedSessions)],
  };
}

export class SettingsStore {
  private settings: Settings;
  private readonly events = new EventEmitter<{ change: [SettingsState] }>();
  /** Updates run one after another, so none is lost and the file ends with the last. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: SettingsStoreOptions,
    private readonly loaded: LoadedSettings,
  ) {
    this.settings = loaded.settings;
  }

  get(): Settings {
    return this.settings;
  }

  state(): SettingsState {
    return {
      settings: this.settings,
      notice: this.loaded.notice,
      file: this.options.file,
      startAtLoginSupported: this.options.startAtLoginSupported,
    };
  }

  /**
   * Apply a patch (validated here too: callers inside main skip the
   * transport). Changes apply one after another, each on top of the last.
   */
  async update(patch: SettingsPatch): Promise<SettingsState> {
    const checked = parsePayload(SettingsPatchSchema, patch, 'settings change');
    const run = this.queue.then(async () => {
      if (!this.loaded.writable) {
        throw new Error(`settings cannot be saved: ${this.loaded.notice ?? this.options.file}`);
      }
      const next = normalized(SettingsSchema.parse({ ...this.settings, ...checked }));
      await Promise.resolve(this.options.write({ ...this.loaded.extras, ...next })).catch(
        (error: unknown) => {
          // The settings in force stay as they were: nothing half-applied.
          throw new Error(
            `settings could not be saved to ${this.options.file} (nothing changed): ${(error as Error).message}`,
          );
        },
      );
      this.settings = next;
      const state = this.state();
      this.events.emit('change', state);
      return state;
    });
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  onChange(listener: (state: SettingsState) => void): () => void {
    this.events.on('change', listener);
    return () => {
      this.events.off('change', listener);
    };
  }
}

/** Load the settings from `options.file`, warning on stderr about a bad file. */
export async function openSettingsStore(options: SettingsStoreOptions): Promise<SettingsStore> {
  const loaded = await loadSettingsFile(options.file);
  if (loaded.notice) options.warn(`loopwatch: ${loaded.notice}`);
  return new SettingsStore(options, loaded);
}

/** `serve` mode: a JSON file (under the config dir), written atomically. */
export function openJsonSettings(
  file: string,
  warn: (message: string) => void,
): Promise<SettingsStore> {
  return openSettingsStore({
    file,
    write: (data) => writeJsonAtomic(file, data),
    warn,
    startAtLoginSupported: false,
  });
}

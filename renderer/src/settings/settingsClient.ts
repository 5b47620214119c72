/**
 * The page's copy of the settings: loaded on every (re)connect, replaced by
 * `settingsChanged` events (another tab, the tray), changed through
 * validated patches. Components read it with useSyncExternalStore.
 */
import type { PauseChoice, SettingsPatch, SettingsState } from '../../../preload/contract';
import type { Transport } from '../api/transport';

export interface SettingsClientState {
  value: SettingsState | null;
  /** The last failed load or save, in words; null when the last one went through. */
  error: string | null;
}

export class SettingsClient {
  private state: SettingsClientState = { value: null, error: null };
  private readonly listeners = new Set<() => void>();
  private readonly disposers: (() => void)[] = [];

  constructor(private readonly transport: Transport) {
    this.disposers.push(
      transport.api.onSettingsChanged((value) => this.set({ value, error: null })),
      transport.onConnection((connection) => {
        if (connection === 'open') void this.load();
      }),
    );
    void this.load();
  }

  getState = (): SettingsClientState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  private set(next: SettingsClientState): void {
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  private async load(): Promise<void> {
    try {
      this.set({ value: await this.transport.api.getSettings(), error: null });
    } catch (error) {
      this.set({ ...this.state, error: (error as Error).message });
    }
  }

  /** Save a change; resolves false (and keeps the error to show) when main refused it. */
  async update(patch: SettingsPatch): Promise<boolean> {
    return this.run(() => this.transport.api.updateSettings(patch));
  }

  /** Pause notifications (main computes when the pause ends), or resume with null. */
  async pause(choice: PauseChoice | null): Promise<boolean> {
    return this.run(() => this.transport.api.pauseNotifications({ choice }));
  }

  private async run(call: () => Promise<SettingsState>): Promise<boolean> {
    try {
      this.set({ value: await call(), error: null });
      return true;
    } catch (error) {
      this.set({ ...this.state, error: (error as Error).message });
      return false;
    }
  }

  dispose(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
    this.listeners.clear();
  }
}

/**
 * schmux's sessions (`~/.schmux/state.json`) and their agents' signals
 * (`WORKSPACE/.schmux/events/ID.jsonl`), kept current by watching the
 * directories that hold them.
 */
import { EventEmitter } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { DirWatcher } from '../../files/dirWatcher';
import { homeDir, schmuxStateFile, type Env } from '../../paths';
import { readAgentState, type SchmuxEventsRead } from './events';
import { readSchmuxState, type SchmuxSession, type SchmuxStateRead } from './stateFile';

/** Coalesce the writes of one save (schmux rewrites the whole file). */
const READ_DEBOUNCE_MS = 20;

export function schmuxEventsFile(workspacePath: string, sessionId: string): string {
  return join(workspacePath, '.schmux', 'events', `${sessionId}.jsonl`);
}

export class SchmuxSource extends EventEmitter<{ change: [] }> {
  state: SchmuxStateRead = { state: 'absent' };
  /** Agent state by schmux session id. */
  readonly agentStates = new Map<string, SchmuxEventsRead>();
  private readonly eventDirs = new Map<string, DirWatcher>();
  private stateWatcher: DirWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly pendingEvents = new Set<string>();
  private pendingState = false;
  private disposed = false;

  constructor(
    private readonly env: Env,
    private readonly oneShot = false,
  ) {
    super();
  }

  get path(): string {
    return schmuxStateFile(this.env);
  }

  async start(): Promise<void> {
    if (!this.oneShot) {
      this.stateWatcher = new DirWatcher(
        dirname(this.path),
        (name) => {
          if (name === null || name === basename(this.path)) this.schedule(true, null);
        },
        homeDir(this.env),
      );
      this.stateWatcher.start();
    }
    await this.readState();
    await Promise.all(this.sessions().map((s) => this.readEvents(s)));
  }

  sessions(): SchmuxSession[] {
    return this.state.state === 'ok' ? this.state.value.sessions : [];
  }

  private schedule(state: boolean, sessionId: string | null): void {
    if (this.disposed) return;
    if (state) this.pendingState = true;
    if (sessionId) this.pendingEvents.add(sessionId);
    this.timer ??= setTimeout(() => void this.flush(), READ_DEBOUNCE_MS);
  }

  private async flush(): Promise<void> {
    this.timer = null;
    const readState = this.pendingState;
    const ids = new Set(this.pendingEvents);
    this.pendingState = false;
    this.pendingEvents.clear();
    if (readState) {
      await this.readState();
      for (const s of this.sessions()) ids.add(s.id);
    }
    const byId = new Map(this.sessions().map((s) => [s.id, s]));
    await Promise.all(
      [...ids].flatMap((id) => (byId.has(id) ? [this.readEvents(byId.get(id)!)] : [])),
    );
    if (!this.disposed) this.emit('change');
  }

  private async readState(): Promise<void> {
    this.state = await readSchmuxState(this.path);
    if (this.oneShot) return;
    for (const s of this.sessions()) {
      if (!s.workspacePath) continue;
      const dir = dirname(schmuxEventsFile(s.workspacePath, s.id));
      if (this.eventDirs.has(dir)) continue;
      const watcher = new DirWatcher(
        dir,
        (name) => {
          if (name === null) {
            for (const other of this.sessions())
              if (other.workspacePath === s.workspacePath) this.schedule(false, other.id);
            return;
          }
          if (name.endsWith('.jsonl')) this.schedule(false, name.slice(0, -'.jsonl'.length));
        },
        s.workspacePath,
      );
      this.eventDirs.set(dir, watcher);
      watcher.start();
    }
  }

  private async readEvents(session: SchmuxSession): Promise<void> {
    if (!session.workspacePath) return;
    const read = await readAgentState(schmuxEventsFile(session.workspacePath, session.id));
    if (!read.ok && read.missing) this.agentStates.delete(session.id);
    else this.agentStates.set(session.id, read);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.stateWatcher?.close();
    for (const w of this.eventDirs.values()) w.close();
    this.eventDirs.clear();
    this.removeAllListeners();
  }
}

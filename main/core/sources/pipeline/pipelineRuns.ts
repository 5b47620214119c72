/**
 * The pipeline runs source: watches each project directory whose runs
 * matter (the project roots, and the directory of every pipeline-looking
 * tmux session), claims the tmux sessions of pipeline runs as the run's own
 * id (a run outlives its tmux session), learns a run's MAX from its pane,
 * and checks the lock holders' processes on the shared tick (a death
 * notifies nobody).
 */
import { resolve } from 'node:path';
import { processArgs } from '../../proc/processes';
import { pipelineRunName, pipelineSessionId } from '../../sessions/classify';
import type { TmuxSessionFacts } from '../../tmux/formats';
import type { SessionDraft, SourceHost, SupervisorSource } from '../source';
import type { TmuxServers } from '../tmux/tmuxServers';
import { ProjectWatcher } from './projectWatcher';
import { runArgsFromArgv, runArgsFromCommand } from './runArgs';

export class PipelineRuns implements SupervisorSource {
  readonly name = 'pipeline runs';
  private readonly projects = new Map<string, ProjectWatcher>();
  private readonly flagRoots: string[];
  private settingsRoots: string[] = [];
  /** The roots applied last (refresh compares with them). */
  private appliedRoots = new Set<string>();
  private readonly runRefs = new Map<string, { projectDir: string; runName: string }>();
  private readonly maxFromPane = new Map<string, number | null>();
  private stopLockChecks: (() => void) | null = null;

  constructor(
    private readonly host: SourceHost,
    private readonly servers: TmuxServers,
    projectRoots: readonly string[] = [],
  ) {
    this.flagRoots = projectRoots.map((r) => resolve(r));
  }

  async start(): Promise<void> {
    this.appliedRoots = new Set(this.rootsNow());
    await Promise.all([...this.appliedRoots].map((root) => this.ensureProject(root)));
  }

  /** Project roots from settings (replaces the previous ones); `refresh` applies them. */
  setSettingsRoots(roots: readonly string[]): void {
    this.settingsRoots = roots.map((r) => resolve(r));
  }

  refresh(): void {
    const before = this.appliedRoots;
    this.appliedRoots = new Set(this.rootsNow());
    for (const root of this.appliedRoots)
      if (!before.has(root)) void this.host.track(this.ensureProject(root));
    for (const root of before) if (!this.appliedRoots.has(root)) this.dropProjectIfUnused(root);
  }

  stop(): void {
    this.stopLockChecks?.();
    this.stopLockChecks = null;
    for (const project of this.projects.values()) project.dispose();
    this.projects.clear();
  }

  claim(socket: string, facts: TmuxSessionFacts): string | null {
    const run = pipelineRunName(facts.name);
    if (run === null || facts.path === '') return null;
    const projectDir = resolve(facts.path);
    const id = pipelineSessionId(projectDir, run);
    if (!this.runRefs.has(id)) {
      this.runRefs.set(id, { projectDir, runName: run });
      void this.host.track(
        this.ensureProject(projectDir).then((project) => project?.ensureRun(run)),
      );
      void this.host.track(this.readMaxFromPane(socket, facts, id));
    }
    return id;
  }

  contribute(id: string, draft: SessionDraft): void {
    const runRef = this.runRefs.get(id) ?? null;
    draft.runRef = runRef;
    draft.run = runRef
      ? (this.projects.get(runRef.projectDir)?.runs.get(runRef.runName) ?? null)
      : null;
    draft.maxFromPane = this.maxFromPane.get(id) ?? null;
  }

  private rootsNow(): string[] {
    return [...new Set([...this.flagRoots, ...this.settingsRoots])];
  }

  private async ensureProject(projectDir: string): Promise<ProjectWatcher | null> {
    if (this.host.disposed) return null;
    const known = this.projects.get(projectDir);
    if (known) return known;
    const project = new ProjectWatcher(projectDir, { oneShot: this.host.oneShot });
    this.projects.set(projectDir, project);
    project.on(
      'change',
      this.host.guard(`pipeline ${projectDir}`, (run: string) => this.onRunChange(projectDir, run)),
    );
    await project.start();
    for (const run of project.runs.keys()) this.onRunChange(projectDir, run, true);
    return project;
  }

  private dropProjectIfUnused(projectDir: string): void {
    if (this.rootsNow().includes(projectDir)) return;
    const project = this.projects.get(projectDir);
    if (!project) return;
    const live = [...this.runRefs.entries()].some(
      ([id, ref]) => ref.projectDir === projectDir && this.servers.hasSession(id),
    );
    if (live) return;
    project.dispose();
    this.projects.delete(projectDir);
    for (const [id, ref] of this.runRefs) {
      if (ref.projectDir !== projectDir) continue;
      this.runRefs.delete(id);
      this.host.changed(id, false);
    }
  }

  private onRunChange(projectDir: string, runName: string, initial = !this.host.running): void {
    const id = pipelineSessionId(projectDir, runName);
    if (!this.runRefs.has(id)) this.runRefs.set(id, { projectDir, runName });
    this.host.changed(id, initial);
    this.ensureLockPolling();
  }

  private ensureLockPolling(): void {
    if (this.host.oneShot || this.stopLockChecks || this.host.disposed) return;
    if (![...this.projects.values()].some((p) => p.hasLiveHolders)) return;
    this.stopLockChecks = this.host.clock.add(() => {
      const now = Date.now();
      let live = false;
      for (const project of this.projects.values()) {
        project.checkHolders(now);
        live ||= project.hasLiveHolders;
      }
      if (!live) {
        this.stopLockChecks?.();
        this.stopLockChecks = null;
      }
    });
  }

  /** MAX from run.sh's arguments: the pane's start command, or its process's argv. */
  private async readMaxFromPane(
    socket: string,
    facts: TmuxSessionFacts,
    id: string,
  ): Promise<void> {
    const pane = facts.panes.find((p) => p.active) ?? facts.panes[0];
    if (!pane) return;
    const runName = this.runRefs.get(id)?.runName;
    let max: number | null = null;
    const started = await this.servers
      .runnerFor(socket)
      ?.run(['display-message', '-p', '-t', pane.id, '#{pane_start_command}'])
      .catch(() => null);
    const fromCommand = started ? runArgsFromCommand(started.trim()) : null;
    if (fromCommand && fromCommand.runName === runName) max = fromCommand.maxIterations;
    if (max === null && pane.pid !== null) {
      const argv = await processArgs(pane.pid);
      const fromArgv = argv ? runArgsFromArgv(argv) : null;
      if (fromArgv && fromArgv.runName === runName) max = fromArgv.maxIterations;
    }
    this.maxFromPane.set(id, max);
    if (max !== null) this.host.changed(id, false);
  }
}

/**
 * One set of sources: everything the supervisor follows about one set of
 * tmux servers (today: this machine's). The order is the order they start
 * in and the order they write a session's inputs: the tmux servers first
 * (every other source reads their panes), the pipeline runs next (they claim
 * tmux sessions as runs), then the registries, screens and hooks.
 */
import type { Server } from '../../../preload/contract';
import { HookSignals } from './hooks/hookSignals';
import { PipelineRuns } from './pipeline/pipelineRuns';
import { SchmuxSessions } from './schmux/schmuxSessions';
import { ScreenSignals, type ScreenSignalsOptions } from './screens/screenSignals';
import type { SourceHost, SupervisorSource } from './source';
import { TmuxSkillSessions } from './tmuxSkill/skillSessions';
import { plainTmuxId, TmuxServers } from './tmux/tmuxServers';

export interface SourceSetOptions {
  /** Extra sockets (`--socket`) and project roots (`--project-root`). */
  sockets?: readonly string[] | undefined;
  projectRoots?: readonly string[] | undefined;
  pollMs?: number | undefined;
  idlePollMs?: number | undefined;
  fullPollMs?: number | undefined;
  /** Listen for agent hook events. */
  hooks: boolean;
  /** The server list changed in what the UIs show. */
  onServersChanged: (servers: Server[]) => void;
  /** The detection rules: where the user's files are, who hears of their problems. */
  screens?: ScreenSignalsOptions;
}

export interface SourceSet {
  /** Every source, in start and contribution order. */
  readonly sources: readonly SupervisorSource[];
  /** The hub the others read tmux through; the supervisor asks it for servers and runners. */
  readonly servers: TmuxServers;
  readonly pipelines: PipelineRuns;
  readonly hooks: HookSignals;
  readonly screens: ScreenSignals;
}

export function createSourceSet(host: SourceHost, options: SourceSetOptions): SourceSet {
  // The servers ask every source for sockets and claims, so the list is filled in below.
  const sources: SupervisorSource[] = [];
  const servers = new TmuxServers(host, {
    sockets: options.sockets,
    pollMs: options.pollMs,
    idlePollMs: options.idlePollMs,
    fullPollMs: options.fullPollMs,
    candidates: () => sources.flatMap((source) => source.sockets?.() ?? []),
    identify: (socket, facts) => {
      for (const source of sources) {
        const id = source.claim?.(socket, facts);
        if (id) return id;
      }
      return plainTmuxId(socket, facts);
    },
    onServersChanged: options.onServersChanged,
  });
  const pipelines = new PipelineRuns(host, servers, options.projectRoots);
  const hooks = new HookSignals(host, servers, options.hooks);
  const screens = new ScreenSignals(host, servers, options.screens);
  sources.push(
    servers,
    pipelines,
    new TmuxSkillSessions(host, servers),
    new SchmuxSessions(host),
    screens,
    hooks,
  );
  return { sources, servers, pipelines, hooks, screens };
}

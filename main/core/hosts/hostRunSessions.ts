/**
 * A remote host's pipeline runs as sessions: a `pipeline-NAME` tmux session
 * (or `loop-`, `ap-`) whose directory is a project dir is that run's live
 * session, and a run whose files remain after its tmux session ended is a
 * session of its own, as on this machine (sources/pipeline/pipelineRuns.ts).
 * Built by the same buildSession() as local runs, labelled with the host.
 */
import { posix } from 'node:path';
import type { Session } from '../../../preload/contract';
import { buildSession } from '../sessions/buildSession';
import { pipelineRunName } from '../sessions/classify';
import type { RunFacts } from '../sources/pipeline/runFacts';
import type { ScreenWatcher } from '../status/screenWatcher';
import type { TmuxSessionFacts } from '../tmux/formats';

/**
 * The pane facts as built on this machine would read a dead pane's exit
 * from this machine's /proc by pid; a remote pid means nothing here.
 */
export function withoutLocalPids(facts: TmuxSessionFacts): TmuxSessionFacts {
  return { ...facts, panes: facts.panes.map((p) => ({ ...p, deadPid: null })) };
}

export interface RunRef {
  projectDir: string;
  runName: string;
}

/** A remote run's id: the host, then the same `pipeline:<dir>:<run>` as a local one. */
export function remotePipelineId(host: string, ref: RunRef): string {
  return `pipeline@${host}:${ref.projectDir}:${ref.runName}`;
}

/** The run a remote tmux session stands for; null when it is not a pipeline session. */
export function runRefOf(facts: TmuxSessionFacts): RunRef | null {
  const runName = pipelineRunName(facts.name);
  // The path is the host's: normalized as a POSIX path, never resolved against our cwd.
  if (runName === null || !facts.path.startsWith('/')) return null;
  return { projectDir: posix.normalize(facts.path).replace(/(.)\/$/, '$1'), runName };
}

export function buildRemoteRunSession(
  host: string,
  ref: RunRef,
  run: RunFacts | null,
  tmux: { socket: string; facts: TmuxSessionFacts; skillServer: boolean } | null,
  screen: ScreenWatcher,
  nowMs: number,
): Session | null {
  const built = buildSession({
    id: remotePipelineId(host, ref),
    nowMs,
    tmux: tmux ? { socket: tmux.socket, facts: withoutLocalPids(tmux.facts) } : null,
    run,
    runRef: ref,
    maxFromPane: null,
    skill: null,
    skillServer: tmux?.skillServer ?? false,
    schmux: null,
    screen: tmux
      ? tmux.facts.panes.flatMap((pane) => {
          const signal = screen.signal(tmux.socket, pane.id);
          return signal ? [{ paneId: pane.id, ...signal }] : [];
        })
      : [],
    hooks: [],
  });
  return built ? { ...built.session, host } : null;
}

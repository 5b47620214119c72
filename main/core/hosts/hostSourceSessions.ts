/**
 * A remote session's tmux-skill and schmux parts (hostSourceFiles.ts), in
 * the shape buildSession() takes, and the sessions a host's registry or
 * schmux names whose tmux session is not there (shown as locally: the
 * skill's "its session is missing", schmux's "session-missing").
 */
import type { Session } from '../../../preload/contract';
import { buildSession, type SessionInputs } from '../sessions/buildSession';
import { targetPane } from '../sources/tmuxSkill/health';
import type { TmuxSessionFacts } from '../tmux/formats';
import type { HostSourceFiles } from './hostSourceFiles';

export type SourceParts = Pick<SessionInputs, 'skill' | 'schmux'>;

export const NO_SOURCE_PARTS: SourceParts = { skill: null, schmux: null };

/** The registry entry and schmux entry naming `name` on `socket` of the host. */
export function sourceParts(
  sources: HostSourceFiles | null,
  socket: string,
  name: string,
  serverUp: boolean,
): SourceParts {
  if (!sources) return NO_SOURCE_PARTS;
  const entry = sources.skillEntry(socket, name);
  return {
    // The skill's zombie class: the pane's pid as checked on the host, never this machine's.
    skill: entry ? { entry, serverUp, alive: (pid) => sources.paneAlive(pid) } : null,
    schmux: sources.schmuxOf(socket, name),
  };
}

/** The pids of the panes the registries' sessions run (for `checkPids`). */
export function skillPanePids(
  sources: HostSourceFiles,
  sessions: Iterable<{ socket: string; facts: TmuxSessionFacts }>,
): number[] {
  const pids: number[] = [];
  for (const { socket, facts } of sessions) {
    const entry = sources.skillEntry(socket, facts.name);
    const pane = entry ? targetPane(facts, entry.entry.target) : null;
    if (pane && !pane.dead && pane.pid !== null) pids.push(pane.pid);
  }
  return pids;
}

/** The named sessions not among `listed` (ids), built with no tmux facts and labelled with the host. */
export function sourceOnlySessions(
  host: string,
  sources: HostSourceFiles,
  listed: ReadonlySet<string>,
  serverUp: (socket: string) => boolean,
  idOf: (socket: string, name: string) => string,
  nowMs: number,
  /** Whether the socket's server has answered (up or not) yet; sessions of one that has not wait. */
  answered: (socket: string) => boolean = () => true,
): Session[] {
  const out: Session[] = [];
  for (const { socket, name } of sources.named()) {
    if (!answered(socket)) continue;
    const id = idOf(socket, name);
    if (listed.has(id)) continue;
    const built = buildSession({
      id,
      nowMs,
      tmux: null,
      run: null,
      runRef: null,
      maxFromPane: null,
      ...sourceParts(sources, socket, name, serverUp(socket)),
      skillServer: false,
      screen: [],
      hooks: [],
    });
    if (built) out.push({ ...built.session, host });
  }
  return out;
}

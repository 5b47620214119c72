import type { Pane, Session } from '../../../preload/contract';
import type { PaneFacts, TmuxSessionFacts } from '../tmux/formats';
import { sourceFromName } from './classify';

export function contractPane(p: PaneFacts): Pane {
  return {
    id: p.id,
    windowIndex: p.windowIndex,
    paneIndex: p.paneIndex,
    active: p.active,
    pid: p.pid,
    currentCommand: p.currentCommand,
    currentPath: p.currentPath,
    title: p.title,
    width: p.width,
    height: p.height,
    dead: p.dead,
    exitStatus: p.exitStatus,
    exitSignal: p.exitSignal,
  };
}

export function isoSeconds(seconds: number | null): string | null {
  return seconds === null ? null : new Date(seconds * 1000).toISOString();
}

/** What a live tmux session contributes to its Session (no status: the engine decides that). */
export type TmuxPart = Pick<
  Session,
  | 'name'
  | 'displayName'
  | 'source'
  | 'socket'
  | 'live'
  | 'createdAt'
  | 'attachedClients'
  | 'windows'
  | 'panes'
  | 'projectDir'
  | 'lastActivityAt'
>;

export function tmuxPart(socket: string, facts: TmuxSessionFacts): TmuxPart {
  return {
    name: facts.name,
    displayName: facts.name,
    source: sourceFromName(facts.name),
    socket,
    live: true,
    createdAt: isoSeconds(facts.createdAt),
    attachedClients: facts.attachedClients,
    windows: facts.windows,
    panes: facts.panes.map(contractPane),
    projectDir: facts.path || null,
    lastActivityAt: isoSeconds(facts.lastActivity),
  };
}

/** The same part for a session known from files only (its tmux session is gone or missing). */
export function offlinePart(
  name: string,
  source: Session['source'],
  projectDir: string | null,
): TmuxPart {
  return {
    name,
    displayName: name,
    source,
    socket: null,
    live: false,
    createdAt: null,
    attachedClients: 0,
    windows: 0,
    panes: [],
    projectDir,
    lastActivityAt: null,
  };
}

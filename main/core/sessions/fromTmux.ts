import type { Pane, Session } from '../../../preload/contract';
import { processStatus } from '../status/processStatus';
import type { PaneFacts, TmuxSessionFacts } from '../tmux/formats';
import { sourceFromName, tmuxSessionId } from './classify';

const NO_FLAGS = { staleLock: false, orphan: false, zombie: false, deadPane: false };

function contractPane(p: PaneFacts): Pane {
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

function iso(seconds: number | null): string | null {
  return seconds === null ? null : new Date(seconds * 1000).toISOString();
}

/** A Session from one tmux session's facts, status from process facts (`since` set by the store). */
export function sessionFromTmux(socket: string, facts: TmuxSessionFacts, nowMs: number): Session {
  const verdict = processStatus(facts, nowMs);
  return {
    id: tmuxSessionId(socket, facts.name),
    name: facts.name,
    displayName: facts.name,
    source: sourceFromName(facts.name),
    socket,
    live: true,
    createdAt: iso(facts.createdAt),
    attachedClients: facts.attachedClients,
    windows: facts.windows,
    panes: facts.panes.map(contractPane),
    projectDir: facts.path || null,
    lastActivityAt: iso(facts.lastActivity),
    status: verdict.status,
    reason: verdict.reason,
    since: new Date(nowMs).toISOString(),
    evidence: verdict.evidence,
    flags: { ...NO_FLAGS, deadPane: facts.panes.some((p) => p.dead) },
    lock: null,
    pipeline: null,
    schmux: null,
    tmuxSkill: null,
  };
}

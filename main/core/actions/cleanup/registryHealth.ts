/**
 * The tmux skill's pane-health classes for one registry entry, decided the
 * way its pane-health.sh does: server not running (4), session missing (2),
 * pane dead (1), pane alive but its process gone (3, zombie), else healthy.
 * Session names match exactly here (pane-health's `has-session -t` would
 * also accept a prefix).
 */
import type { TmuxSkillInfo } from '../../../../preload/contract';
import { pidAlive } from '../../proc/processes';
import type { RegistryEntry } from '../../sources/tmuxSkill/registry';
import type { PaneFacts } from '../../tmux/formats';
import type { ServerScan } from '../../tmux/scanServers';
import { exitText } from '../paneText';

export type Health = TmuxSkillInfo['health'];

export interface HealthVerdict {
  health: Health;
  detail: string;
  pane: PaneFacts | null;
}

/** "NAME:W.P", "NAME:W", "NAME" (the skill writes "NAME:0.0"). */
export function parseTarget(
  target: string | null,
  fallbackName: string,
): { session: string; window: number | null; pane: number | null } {
  const match = /^(.*?)(?::(\d+)(?:\.(\d+))?)?$/.exec(target ?? '');
  const session = match?.[1] || fallbackName;
  return {
    session,
    window: match?.[2] !== undefined ? Number(match[2]) : null,
    pane: match?.[3] !== undefined ? Number(match[3]) : null,
  };
}

/** `alive`: whether a pane's pid runs (default this machine's; a host's pids are checked there). */
export function entryHealth(
  entry: RegistryEntry,
  scan: ServerScan,
  alive: (pid: number) => boolean = pidAlive,
): HealthVerdict {
  if (scan.state !== 'up') {
    return {
      health: 'serverDown',
      detail: `no tmux server answers on ${entry.socket}${scan.error ? ` (${scan.error})` : ''}`,
      pane: null,
    };
  }
  const target = parseTarget(entry.target, entry.name);
  const session = scan.sessions.find((s) => s.name === target.session);
  if (!session) {
    return {
      health: 'missing',
      detail: `no session named ${JSON.stringify(target.session)} on ${entry.socket}`,
      pane: null,
    };
  }
  const inWindow = session.panes.filter(
    (p) => target.window === null || p.windowIndex === target.window,
  );
  const pane = inWindow.find((p) => target.pane === null || p.paneIndex === target.pane) ?? null;
  if (!pane) {
    return {
      health: 'missing',
      detail: `no pane ${entry.target ?? target.session} in that session`,
      pane: null,
    };
  }
  if (pane.dead) {
    return {
      health: 'dead',
      detail: `pane ${entry.target ?? pane.id} is dead (exited with ${exitText(pane)})`,
      pane,
    };
  }
  if (pane.pid === null || !alive(pane.pid)) {
    return {
      health: 'zombie',
      detail: `pane ${entry.target ?? pane.id} is there but its process ${pane.pid ?? '?'} is gone`,
      pane,
    };
  }
  return {
    health: 'healthy',
    detail: `pane ${entry.target ?? pane.id} runs pid ${pane.pid}`,
    pane,
  };
}

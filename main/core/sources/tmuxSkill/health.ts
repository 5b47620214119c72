/**
 * The tmux skill's pane-health classes, as its `pane-health.sh` reports
 * them (FIELD.md section 2): 0 healthy, 1 dead (pane dead), 2 missing (no
 * such session), 3 zombie (pane alive but its process gone), 4 server not
 * running.
 */
import type { TmuxSkillInfo } from '../../../../preload/contract';
import { pidAlive } from '../../proc/processes';
import type { PaneFacts, TmuxSessionFacts } from '../../tmux/formats';

export type SkillHealth = TmuxSkillInfo['health'];

/** The pane a registry target ("NAME:0.0", "NAME:1") names, else the active one. */
export function targetPane(facts: TmuxSessionFacts, target: string | null): PaneFacts | null {
  const match = target ? /:(\d+)(?:\.(\d+))?$/.exec(target) : null;
  if (match) {
    const window = Number(match[1]);
    const pane = match[2] === undefined ? null : Number(match[2]);
    const found = facts.panes.find(
      (p) => p.windowIndex === window && (pane === null ? p.active : p.paneIndex === pane),
    );
    if (found) return found;
  }
  return facts.panes.find((p) => p.active) ?? facts.panes[0] ?? null;
}

export function skillHealth(
  serverUp: boolean,
  facts: TmuxSessionFacts | null,
  target: string | null,
  alive: (pid: number) => boolean = pidAlive,
): SkillHealth {
  if (!serverUp) return 'serverDown';
  if (!facts) return 'missing';
  const pane = targetPane(facts, target);
  if (!pane) return 'missing';
  if (pane.dead) return 'dead';
  if (pane.pid !== null && !alive(pane.pid)) return 'zombie';
  return 'healthy';
}

export const HEALTH_WORDS: Readonly<Record<SkillHealth, string>> = {
  healthy: 'healthy',
  dead: 'its pane is dead',
  missing: 'its session is missing',
  zombie: "its pane's process is gone (zombie)",
  serverDown: 'its tmux server is not running',
};

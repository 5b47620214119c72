/**
 * Cleanup items in a remote host's projects (issue 17): stale locks and
 * zombie state files, found and judged on the host by the same code as
 * local ones (plan.ts's runFileItems through a host RunPlace): its files
 * read there, its lock holders' pids looked up there, its tmux servers
 * asked for the run's session. The projects are the host's project roots,
 * its pipeline sessions' directories and its runs Loopwatch recorded.
 */
import type { ServerScan } from '../../tmux/scanServers';
import type { ActionContext } from '../context';
import { refusingUnreachable, runPlaceOf } from '../runPlace';
import { projectsOn } from '../runs';
import type { PlannedItem } from './items';
import { runFileItems } from './plan';

export async function hostRunItems(
  ctx: ActionContext,
  host: string,
  scans: readonly ServerScan[],
  now: number,
): Promise<PlannedItem[]> {
  const place = runPlaceOf(ctx, host);
  // A host that stops answering midway refuses (hostItems.ts makes that a warning), never half a guess.
  return refusingUnreachable(place, async () => {
    const items: PlannedItem[] = [];
    for (const projectDir of await projectsOn(ctx, place, [], scans))
      items.push(...(await runFileItems(place, projectDir, scans, now)));
    return items;
  });
}

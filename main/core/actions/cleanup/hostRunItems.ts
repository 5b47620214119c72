/**
 * Cleanup items of a remote host's pipeline runs (issue 17): stale locks,
 * zombie state files and orphan `pipeline-*` sessions, found and judged on
 * the host by the same code as local ones (plan.ts through a host
 * RunPlace): its files read there, its lock holders' pids looked up there,
 * its tmux servers asked for the run's session. The projects are the
 * host's project roots, its pipeline sessions' directories and its runs
 * Loopwatch recorded. As locally, an orphan session is one item: its dead
 * panes are not listed again on their own.
 */
import type { ServerScan } from '../../tmux/scanServers';
import type { ActionContext } from '../context';
import { refusingUnreachable, runPlaceOf } from '../runPlace';
import { projectsOn } from '../runs';
import type { PlannedItem } from './items';
import { orphanFacts, orphanItem, runFileItems } from './plan';

/** The host's items: `sessionItems` (its dead panes) with its run items added. */
export async function hostRunItems(
  ctx: ActionContext,
  host: string,
  scans: readonly ServerScan[],
  now: number,
  sessionItems: readonly PlannedItem[],
): Promise<PlannedItem[]> {
  const place = runPlaceOf(ctx, host);
  // A host that stops answering midway refuses (hostItems.ts makes that a warning), never half a guess.
  return refusingUnreachable(place, async () => {
    const orphans: PlannedItem[] = [];
    const orphaned = new Set<string>();
    for (const scan of scans)
      for (const session of scan.sessions) {
        const orphan = await orphanFacts(session, place);
        if (!orphan) continue;
        orphans.push(orphanItem(scan.socket, session, orphan, now, host));
        orphaned.add(`${scan.socket}\0${session.sessionId}`);
      }
    const items = sessionItems.filter(
      (item) =>
        item.check.kind !== 'deadPane' ||
        !orphaned.has(`${item.check.socket}\0${item.check.tmuxId}`),
    );
    for (const projectDir of await projectsOn(ctx, place, [], scans))
      items.push(...(await runFileItems(place, projectDir, scans, now)));
    return [...items, ...orphans];
  });
}

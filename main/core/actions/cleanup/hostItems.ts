/**
 * Cleanup items on remote hosts (issue 17): their tmux servers' dead panes,
 * found over each host's ssh connection. A host that cannot be asked is a
 * warning, never a guess. A host's tmux-skill registry entries: hostRegistry.ts.
 */
import { ActionRefusedError, type ActionContext } from '../context';
import { placeOf } from '../tmuxPlace';
import type { PlannedItem } from './items';
import { deadPaneItem } from './plan';
import { hostRegistryItems } from './hostRegistry';

export async function hostItems(
  ctx: ActionContext,
  hosts: readonly string[],
  now: number,
  warnings: string[],
): Promise<PlannedItem[]> {
  const perHost = await Promise.all(
    hosts.map(async (host) => {
      try {
        const scans = await placeOf(ctx, host).scanAll();
        const items: PlannedItem[] = [];
        for (const scan of scans) {
          if (scan.state === 'error')
            warnings.push(`host ${host}: ${scan.error ?? `${scan.socket} is not usable`}`);
          for (const session of scan.sessions)
            for (const pane of session.panes.filter((p) => p.dead))
              items.push(deadPaneItem(scan.socket, session, pane, now, host));
        }
        items.push(...(await hostRegistryItems(ctx, host, now, warnings)));
        return items;
      } catch (error) {
        if (!(error instanceof ActionRefusedError)) throw error;
        warnings.push(`host ${host} not looked at: ${error.message}`);
        return [];
      }
    }),
  );
  return perHost.flat();
}

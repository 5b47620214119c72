/**
 * The tray menu grouped by host (issue 17): with remote hosts, this
 * machine's sessions come first under "This machine" (its status groups as
 * without hosts), then one submenu per remote host, named with its session
 * count and how many need the user, or why it is not reachable, holding
 * that host's status groups. Without hosts the menu is unchanged.
 */
import { attentionCount, type HostHealth, type Session } from '../../preload/contract';
import type { TrayMenuItem } from './trayModel';

const STATE_WORDS: Readonly<Record<Exclude<HostHealth['state'], 'up'>, string>> = {
  unreachable: 'unreachable',
  'auth-failed': 'auth failed',
  'host-key': 'host key refused',
};

/** "gpu (12, 2 need you)", or "gpu — unreachable" when it is not up. */
export function hostMenuLabel(
  name: string,
  sessions: readonly Session[],
  health?: HostHealth,
): string {
  if (health && health.state !== 'up') return `${name} — ${STATE_WORDS[health.state]}`;
  const attention = attentionCount(sessions.map((s) => s.status));
  return attention > 0
    ? `${name} (${sessions.length}, ${attention} need${attention === 1 ? 's' : ''} you)`
    : `${name} (${sessions.length})`;
}

export function groupedByHost(
  sessions: readonly Session[],
  hosts: readonly HostHealth[],
  groups: (sessions: readonly Session[]) => TrayMenuItem[],
): TrayMenuItem[] {
  const local = sessions.filter((s) => !s.host);
  const names = new Set(hosts.map((h) => h.name));
  for (const session of sessions) if (session.host) names.add(session.host);
  const items: TrayMenuItem[] = [
    { kind: 'header', label: `This machine (${local.length})` },
    ...(local.length > 0 ? groups(local) : []),
  ];
  for (const name of [...names].sort()) {
    const members = sessions.filter((s) => s.host === name);
    const health = hosts.find((h) => h.name === name);
    const why =
      health && health.state !== 'up' && health.reason
        ? [{ kind: 'header' as const, label: health.reason }]
        : [];
    items.push({
      kind: 'submenu',
      label: hostMenuLabel(name, members, health),
      items: [...why, ...groups(members)],
    });
  }
  return items;
}

/**
 * Which tmux servers a host has, found with one short command over its
 * connection: the sockets in the host's tmux socket dir (the default server
 * and every `-L NAME` one) and the tmux skill's socket dirs, computed from
 * the host's own environment exactly as tmux and the skill compute them
 * (FIELD.md), plus the host's tmux version. Nothing is installed on the host.
 */
import type { ServerOrigin } from '../../../preload/contract';
import type { SocketCandidate } from '../tmux/discovery';
import type { HostConnection } from './hostConnection';

/**
 * A fixed sh text (no value of ours is spliced into it) defining `sockets`,
 * which prints every candidate socket as `ORIGIN<TAB>PATH<NUL>` (any file
 * name survives). Shared by discovery and the host's beat loop
 * (hostBeat.ts), which runs it every few seconds to see servers come and go.
 */
export const SOCKETS_FUNCTION = `
uid=$(id -u)
sockets() {
  dir="\${TMUX_TMPDIR:-/tmp}/tmux-$uid"
  for f in "$dir"/*; do
    [ -S "$f" ] || continue
    if [ "$f" = "$dir/default" ]; then o=default; else o=socketDir; fi
    printf '%s\\t%s\\0' "$o" "$f"
  done
  for d in "\${CLAUDE_TMUX_SOCKET_DIR:-}" "\${TMPDIR:-/tmp}/claude-tmux-sockets"; do
    [ -n "$d" ] && [ -d "$d" ] || continue
    for f in "$d"/*; do [ -S "$f" ] && printf 'tmuxSkill\\t%s\\0' "$f"; done
  done
  return 0
}
`;

/** Every socket, then one `version` record with `tmux -V`. */
const DISCOVERY_SCRIPT = `${SOCKETS_FUNCTION}
sockets
printf 'version\\t%s\\0' "$(tmux -V 2>/dev/null || echo missing)"
`;

export interface RemoteDiscovery {
  sockets: SocketCandidate[];
  /** `tmux 3.3a`, or null when tmux is not installed on the host. */
  tmuxVersion: string | null;
}

const ORIGINS = new Set<ServerOrigin>(['default', 'socketDir', 'tmuxSkill']);

export function parseDiscovery(output: string): RemoteDiscovery {
  const sockets: SocketCandidate[] = [];
  let tmuxVersion: string | null = null;
  for (const record of output.split('\0')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const kind = record.slice(0, tab);
    const value = record.slice(tab + 1);
    if (kind === 'version') tmuxVersion = value === 'missing' ? null : value.trim();
    else if (ORIGINS.has(kind as ServerOrigin))
      sockets.push({ socket: value, origin: kind as ServerOrigin });
  }
  return { sockets, tmuxVersion };
}

/** `answerMs` and `connectMs` bound the command as HostConnection.runRemote says. */
export async function discoverRemote(
  connection: HostConnection,
  answerMs?: number,
  connectMs?: number,
): Promise<RemoteDiscovery> {
  const found = parseDiscovery(
    await connection.runRemote(['sh', '-c', DISCOVERY_SCRIPT, 'sh'], answerMs, { connectMs }),
  );
  for (const socket of connection.host.sockets) found.sockets.push({ socket, origin: 'flag' });
  return found;
}

/**
 * What a NAME on the command line means: a session id, a tmux session name,
 * a display name, a pipeline run or schmux id (matchSessions),
 * then a nickname from the marks file, then `SERVER:NAME` for a name on a
 * given server (SERVER: a remote host's name, the socket's path or its last segment, e.g.
 * `other:shell` for `tmux -L other`). tmux names cannot hold a colon, so
 * the shorthand is never ambiguous with a name.
 */
import { basename } from 'node:path';
import type { Session } from '../../preload/contract';

/** Sessions a NAME can mean: its id, its tmux name, its nickname, or its pipeline run's name. */
export function matchSessions(sessions: readonly Session[], name: string): Session[] {
  const byId = sessions.filter((s) => s.id === name);
  if (byId.length > 0) return byId;
  const found = sessions.filter(
    (s) =>
      s.name === name ||
      s.displayName === name ||
      s.pipeline?.runName === name ||
      s.schmux?.id === name,
  );
  // A live session wins over ended ones of the same name; among ended ones, the newest.
  const live = found.filter((s) => !s.ended);
  if (live.length > 0 || found.length === 0) return live;
  const newest = found.reduce((a, b) => (a.ended!.endedAt >= b.ended!.endedAt ? a : b));
  return [newest];
}

export function findSessions(
  sessions: readonly Session[],
  name: string,
  nicknames: ReadonlyMap<string, string> = new Map(),
): Session[] {
  const direct = matchSessions(sessions, name);
  if (direct.length > 0) return direct;
  const named = sessions.filter((s) => nicknames.get(s.id) === name);
  if (named.length > 0) return named;
  const colon = name.indexOf(':');
  if (colon <= 0) return [];
  const server = name.slice(0, colon);
  const rest = name.slice(colon + 1);
  // SERVER: a tmux server (socket path or name) or a remote host's name (issue 17).
  const onServer = sessions.filter(
    (s) =>
      s.host === server ||
      (s.socket !== null && (s.socket === server || basename(s.socket) === server)),
  );
  return matchSessions(onServer, rest);
}

/**
 * Which tmux servers exist: sockets in the user's tmux socket directory
 * (the default server and every `-L NAME` server), plus sockets named
 * elsewhere (flags, settings, other tools' state). A socket file is only a
 * candidate: whether a server answers on it is the monitor's business.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerOrigin } from '../../../preload/contract';
import { checkSocket } from '../files/ownership';
import { defaultTmuxSocket, tmuxSocketDir, type Env } from '../paths';

export interface SocketCandidate {
  socket: string;
  origin: ServerOrigin;
}

/** Unix sockets directly inside `dir`; a missing or unreadable dir gives none. */
export async function socketsIn(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const found: string[] = [];
  await Promise.all(
    names.map(async (name) => {
      const path = join(dir, name);
      try {
        if ((await stat(path)).isSocket()) found.push(path);
      } catch {
        /* vanished between readdir and stat */
      }
    }),
  );
  return found.sort();
}

/** The user's tmux sockets: every socket in the tmux socket dir, the default one marked. */
export async function discoverTmuxSockets(env: Env = process.env): Promise<SocketCandidate[]> {
  const defaultSocket = defaultTmuxSocket(env);
  const sockets = await socketsIn(tmuxSocketDir(env));
  return sockets.map((socket) => ({
    socket,
    origin: socket === defaultSocket ? 'default' : 'socketDir',
  }));
}

/** Merge candidates by socket path, keeping every origin. */
export function mergeCandidates(
  candidates: readonly SocketCandidate[],
): Map<string, Set<ServerOrigin>> {
  const merged = new Map<string, Set<ServerOrigin>>();
  for (const { socket, origin } of candidates) {
    const origins = merged.get(socket) ?? new Set<ServerOrigin>();
    origins.add(origin);
    merged.set(socket, origins);
  }
  return merged;
}

/** A socket found but not used: another user's, or in a place others can swap. */
export interface RefusedSocket {
  origins: Set<ServerOrigin>;
  reason: string;
}

export interface VettedCandidates {
  trusted: Map<string, Set<ServerOrigin>>;
  refused: Map<string, RefusedSocket>;
}

/**
 * Ownership before trust (files/ownership.ts): every candidate socket,
 * whoever named it, is checked before a tmux client ever connects to it.
 * Another user's server would otherwise be listed as the user's own, and
 * an attach to it would run what that user chose.
 */
export async function vetCandidates(
  merged: ReadonlyMap<string, Set<ServerOrigin>>,
): Promise<VettedCandidates> {
  const trusted = new Map<string, Set<ServerOrigin>>();
  const refused = new Map<string, RefusedSocket>();
  await Promise.all(
    [...merged].map(async ([socket, origins]) => {
      const verdict = await checkSocket(socket);
      if (verdict.ok) trusted.set(socket, origins);
      else refused.set(socket, { origins, reason: verdict.reason });
    }),
  );
  return { trusted, refused };
}

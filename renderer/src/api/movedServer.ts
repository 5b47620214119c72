/**
 * Finding `loopwatch serve` again after it moved. `serve` reuses its last
 * port; when that port is taken at a restart it listens on the next free
 * one after it (main/server/lastPort.ts: up to 20 further). A page left on
 * the old address asks those ports "where are you?" (main/server's
 * WHERE_PATH) with its own cookie: only a Loopwatch holding the same token
 * answers, so the page never offers a stranger's server.
 */
import { useEffect, useState } from 'react';

/** The ports `serve` tries after its saved one (lastPort.ts's NEXT_PORTS_TRIED). */
export const MOVED_PORTS_TRIED = 20;
/** How often a disconnected page asks again: a restart takes a second or two. */
const LOOK_EVERY_MS = 3_000;
/** A port that does not answer this fast is not a local Loopwatch. */
const ASK_TIMEOUT_MS = 1_500;
const WHERE_PATH = '/api/where';

/** The addresses a moved `serve` can have, nearest first. */
export function movedServerCandidates(here: { protocol: string; hostname: string; port: string }) {
  const port = Number(here.port);
  if (here.protocol !== 'http:' || !Number.isInteger(port) || port <= 0) return [];
  const host = here.hostname.includes(':') ? `[${here.hostname}]` : here.hostname;
  const candidates: string[] = [];
  for (let next = port + 1; next <= Math.min(65535, port + MOVED_PORTS_TRIED); next += 1)
    candidates.push(`http://${host}:${next}`);
  return candidates;
}

/** The address this Loopwatch's answer gives, or null for anything else. */
export function parseWhereAnswer(body: unknown, asked: string): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const { app, url } = body as { app?: unknown; url?: unknown };
  if (app !== 'loopwatch' || typeof url !== 'string') return null;
  try {
    // It must be the address that was asked (a server cannot send the page elsewhere).
    return new URL(url).origin === new URL(asked).origin ? new URL(url).origin + '/' : null;
  } catch {
    return null;
  }
}

async function ask(origin: string): Promise<string | null> {
  try {
    const response = await fetch(`${origin}${WHERE_PATH}`, {
      credentials: 'include',
      cache: 'no-store',
      signal: AbortSignal.timeout(ASK_TIMEOUT_MS),
    });
    if (!response.ok) return null;
    return parseWhereAnswer(await response.json(), origin);
  } catch {
    return null;
  }
}

/** The nearest candidate that is our Loopwatch, or null. */
export async function findMovedServer(candidates: readonly string[]): Promise<string | null> {
  const answers = await Promise.all(candidates.map(ask));
  return answers.find((answer) => answer !== null) ?? null;
}

/**
 * For a component shown while the connection is lost: in a browser page of
 * `serve` (the app's window has no port to lose), look for the moved server
 * every few seconds; its address, or null.
 */
export function useMovedServer(): string | null {
  const [found, setFound] = useState<string | null>(null);
  const browserPage = typeof window !== 'undefined' && !window.loopwatch;
  useEffect(() => {
    if (!browserPage) return;
    const candidates = movedServerCandidates(location);
    if (candidates.length === 0) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = async (): Promise<void> => {
      const address = await findMovedServer(candidates);
      if (stopped) return;
      setFound(address);
      timer = setTimeout(() => void look(), LOOK_EVERY_MS);
    };
    void look();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [browserPage]);
  return found;
}

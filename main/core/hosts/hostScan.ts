/**
 * A one-shot look at one remote host over ssh (`list`, `status`): its tmux
 * servers found on the host, every session queried through `tmux` run
 * over the shared connection, every pane's screen read in batches, and the
 * sessions built by the same code as local ones, labelled with the host.
 * A host that cannot be reached is a result (its health), never an
 * exception, and never delays what other hosts answer beyond its timeout.
 */
import type { HostHealth, Server, Session, SourceHealth } from '../../../preload/contract';
import type { Env } from '../paths';
import { panePrompt } from '../status/sessionPrompt';
import { buildSession } from '../sessions/buildSession';
import { readScreensOnce } from '../sources/screens/readScreensOnce';
import type { ScreenWatcher } from '../status/screenWatcher';
import { mergeCandidates } from '../tmux/discovery';
import type { TmuxSessionFacts } from '../tmux/formats';
import { OneShotServer } from '../tmux/oneShotServer';
import { HostConnection } from './hostConnection';
import { HostRuns } from './hostRuns';
import {
  buildRemoteRunSession,
  remotePipelineId,
  runRefOf,
  withoutLocalPids,
} from './hostRunSessions';
import type { HostSpec } from './hostSpec';
import { DEAD_EXITS_SETTLE_MS, RemoteDeadExits } from './remoteDeadExits';
import { discoverRemote } from './remoteDiscovery';
import { HostSourceFiles } from './hostSourceFiles';
import {
  NO_SOURCE_PARTS,
  skillPanePids,
  sourceOnlySessions,
  sourceParts,
  type SourceParts,
} from './hostSourceSessions';
import { remoteMachine } from './remoteMachine';
import { remoteScreenWatcher } from './remoteScreens';
import { HostConnectionError } from './sshErrors';
import type { SshMode } from './sshOptions';

/** One-shot commands leave the connection up briefly (a second `list` right after reuses it), then ssh closes it. */
export const ONE_SHOT_SSH: SshMode = { persist: '10s' };

/** A host that has not answered discovery within this long (connecting included) is unreachable. */
const ONE_SHOT_TIMEOUT_MS = 10_000;
/** `list` gives a host ONE_SHOT_TIMEOUT_MS in all: no extra time to connect. */
const NO_CONNECT_ALLOWANCE_MS = 0;

export interface HostScan {
  health: HostHealth;
  servers: Server[];
  sessions: Session[];
  /** The host's tmux-skill registries and schmux state that cannot be used, with why. */
  sources: SourceHealth[];
}

/** A remote session's id: the host, then the same `tmux:<socket>:<name>` as a local one. */
export function remoteSessionId(host: string, socket: string, name: string): string {
  return `tmux@${host}:${socket}:${name}`;
}

/** One remote session, built by the same code as a local one and labelled with its host. */
export function buildRemoteSession(
  host: string,
  socket: string,
  facts: TmuxSessionFacts,
  screen: ScreenWatcher,
  skillServer: boolean,
  nowMs: number,
  /** Its tmux-skill registry entry and schmux entry on the host (hostSourceSessions.ts). */
  sources: SourceParts = NO_SOURCE_PARTS,
): Session | null {
  const built = buildSession({
    id: remoteSessionId(host, socket, facts.name),
    nowMs,
    tmux: { socket, facts: withoutLocalPids(facts) },
    run: null,
    runRef: null,
    maxFromPane: null,
    ...sources,
    skillServer,
    screen: facts.panes.flatMap((pane) => {
      const signal = screen.signal(socket, pane.id);
      return signal ? [{ paneId: pane.id, ...signal }] : [];
    }),
    hooks: [],
    // The question and answers on a waiting pane, for the needs-you queue (answered over ssh).
    prompt: panePrompt(facts.panes, (paneId) => screen.waitingText(socket, paneId)),
  });
  return built ? { ...built.session, host } : null;
}

function health(
  host: HostSpec,
  nowMs: number,
  tmuxVersion: string | null,
  error: HostConnectionError | null,
): HostHealth {
  const at = new Date(nowMs).toISOString();
  return {
    name: host.name,
    destination: host.destination,
    state: error ? error.problem : 'up',
    reason: error ? error.message : null,
    since: at,
    checkedAt: at,
    tmuxVersion,
  };
}

/** Look at `host` once through `connection` (opened by the caller, who closes it). */
export async function scanHost(connection: HostConnection): Promise<HostScan> {
  const host = connection.host;
  let discovered;
  try {
    discovered = await discoverRemote(connection, ONE_SHOT_TIMEOUT_MS, NO_CONNECT_ALLOWANCE_MS);
  } catch (error) {
    if (!(error instanceof HostConnectionError)) throw error;
    // A shared connection that stopped answering is half dead: the next command must open a new one.
    if (error.problem === 'unreachable') await connection.close();
    return {
      health: health(host, Date.now(), null, error),
      servers: [],
      sessions: [],
      sources: [],
    };
  }
  if (discovered.tmuxVersion === null) {
    const missing = new HostConnectionError(
      host.name,
      'unreachable',
      'tmux is not installed on the host',
    );
    return {
      health: health(host, Date.now(), null, missing),
      servers: [],
      sessions: [],
      sources: [],
    };
  }
  // The host's registries and schmux state name sockets too (read once the connection is up).
  const files = new HostSourceFiles(connection, remoteMachine(connection), true);
  await files.start();
  const merged = mergeCandidates([...discovered.sockets, ...files.sockets()]);
  const servers = [...merged.keys()].map(
    (socket) => new OneShotServer(socket, connection.tmuxRunner(socket)),
  );
  await Promise.all(servers.map((server) => server.query()));
  // The registry sessions' panes: their pids checked on the host (the skill's zombie class).
  await files.checkPids(
    skillPanePids(
      files,
      servers.flatMap((server) =>
        [...server.sessions.values()].map((facts) => ({ socket: server.socket, facts })),
      ),
    ),
  );
  // Dead panes whose exit tmux has not reaped: read on the host, as the live watch does.
  const deadExits = new RemoteDeadExits(connection);
  for (const server of servers)
    for (const facts of server.sessions.values()) deadExits.fill(server.socket, facts);
  // Pipeline runs: the host's project roots and every pipeline session's directory, read once.
  const runRoots = new Set(host.projectRoots);
  for (const server of servers)
    for (const facts of server.sessions.values()) {
      const ref = runRefOf(facts);
      if (ref) runRoots.add(ref.projectDir);
    }
  const runs = new HostRuns(connection, remoteMachine(connection), [...runRoots], true);
  const screen = remoteScreenWatcher(null);
  await Promise.all([
    readScreensOnce(servers, screen),
    runs.start(),
    deadExits.settled(DEAD_EXITS_SETTLE_MS),
  ]);
  deadExits.stop();
  const now = Date.now();
  const sessions: Session[] = [];
  for (const server of servers) {
    const skillServer = merged.get(server.socket)?.has('tmuxSkill') ?? false;
    for (const raw of server.sessions.values()) {
      const facts = deadExits.fill(server.socket, raw);
      const ref = runRefOf(facts);
      const session = ref
        ? buildRemoteRunSession(
            host.name,
            ref,
            runs.run(ref.projectDir, ref.runName),
            { socket: server.socket, facts, skillServer },
            screen,
            now,
          )
        : buildRemoteSession(
            host.name,
            server.socket,
            facts,
            screen,
            skillServer,
            now,
            sourceParts(files, server.socket, facts.name, server.state === 'up'),
          );
      if (session) sessions.push(session);
    }
  }
  // Runs whose tmux session is gone but whose files remain.
  const listed = new Set(sessions.map((s) => s.id));
  for (const run of runs.all()) {
    const ref = { projectDir: run.projectDir, runName: run.runName };
    if (listed.has(remotePipelineId(host.name, ref))) continue;
    const session = buildRemoteRunSession(host.name, ref, run, null, screen, now);
    if (session) sessions.push(session);
  }
  const up = (socket: string) => servers.some((s) => s.socket === socket && s.state === 'up');
  const idOf = (socket: string, name: string) => remoteSessionId(host.name, socket, name);
  sessions.push(...sourceOnlySessions(host.name, files, listed, up, idOf, now));
  files.stop();
  runs.stop();
  screen.dispose();
  return {
    health: health(host, now, discovered.tmuxVersion, null),
    servers: servers.map((server): Server => ({
      socket: server.socket,
      origins: [...(merged.get(server.socket) ?? [])],
      state: server.state === 'connecting' ? 'down' : server.state,
      error: server.error,
      sessionCount: server.sessions.size,
      checkedAt: new Date(server.checkedAt).toISOString(),
      host: host.name,
    })),
    sessions,
    sources: files.problems(),
  };
}

/**
 * Every host scanned in parallel. The shared connections are left to
 * ControlPersist (a few seconds): closing them here would cut a running
 * `watch` or `serve` that shares the same connection.
 */
export async function scanHosts(hosts: readonly HostSpec[], env: Env): Promise<HostScan[]> {
  return Promise.all(hosts.map((host) => scanHost(new HostConnection(host, ONE_SHOT_SSH, env))));
}

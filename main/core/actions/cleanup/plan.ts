/**
 * The cleanup plan (the dry run): every problem found, each with the facts
 * that make it one, read here from the files and tmux themselves, never
 * from the supervisor's flags. Classes are the engine's own (STALE_LOCK,
 * ORPHAN_TMUX, ZOMBIE_STATE) plus dead panes and the tmux skill's registry
 * entries that its pane-health reports dead, missing, zombie or server down.
 */
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CleanupPlan } from '../../../../preload/contract';
import { checkOwnedFile } from '../../files/ownership';
import { readTextFile } from '../../files/readBounded';
import { tmuxSkillRegistries } from '../../paths';
import { pipelineRunName } from '../../sessions/classify';
import { parseLock, readLock } from '../../sources/pipeline/lockFile';
import {
  locksDir,
  pipelinePaths,
  runNameFromLockFile,
  runsDir,
} from '../../sources/pipeline/paths';
import { parseState } from '../../sources/pipeline/stateFile';
import { parseRegistry } from '../../sources/tmuxSkill/registry';
import type { PaneFacts, TmuxSessionFacts } from '../../tmux/formats';
import { scanServer, scanServers, type ServerScan } from '../../tmux/scanServers';
import type { ActionContext } from '../context';
import { assessHolder, lockWrittenMs } from '../holder';
import { pathExists } from '../files';
import { describePanes } from '../kill';
import { exitText } from '../paneText';
import { runSessionNames } from '../names';
import { projectDirs } from '../projects';
import { runSessions } from '../runFacts';
import { plannedItem, type ItemCheck, type PlannedCleanup, type PlannedItem } from './items';
import { hostItems } from './hostItems';
import { entryHealth } from './registryHealth';
import { registryEntryItem } from './registryItem';

/**
 * A lock file that does not parse may be mid-write (the engine writes it
 * in place): only call it stale once it has looked like that this long.
 */
export const UNREADABLE_LOCK_GRACE_MS = 60_000;
/** Panes running only these are an idle shell, not an agent at work. */
const SHELLS = new Set(['bash', 'zsh', 'sh', 'fish', 'dash', 'ksh', 'tcsh', 'csh']);

export interface PlanCleanupInput {
  olderThanMs: number | null;
  projectRoots: readonly string[];
  /** Remote hosts whose tmux servers are looked at too (their dead panes; issue 17). */
  hosts?: readonly string[];
}

function iso(ms: number | null): string {
  return ms === null ? 'an unknown time' : new Date(ms).toISOString();
}

/** `.ap/locks/NAME.lock`: the Go successor's locks, same JSON (FIELD.md). */
function apLockPath(projectDir: string, run: string): string {
  return join(projectDir, '.ap', 'locks', `${run}.lock`);
}

async function staleLockItems(
  projectDir: string,
  lockDir: string,
  now: number,
): Promise<PlannedItem[]> {
  const files = await readdir(lockDir).catch(() => [] as string[]);
  const items: PlannedItem[] = [];
  for (const file of files.sort()) {
    const name = runNameFromLockFile(file);
    if (!name) continue;
    const lockPath = join(lockDir, file);
    const read = await readTextFile(lockPath);
    if (!read.ok) continue;
    const parsed = parseLock(read.text, lockPath);
    const check: ItemCheck = { kind: 'staleLock', projectDir, name, lockPath, text: read.text };
    const fix = `remove ${lockPath} (its content is kept in the audit log)`;
    if (!parsed.ok) {
      if (now - read.mtimeMs < UNREADABLE_LOCK_GRACE_MS) continue;
      items.push(
        plannedItem(check, {
          title: `Unreadable lock of run ${name} in ${projectDir}`,
          evidence: [parsed.error, `unchanged since ${iso(read.mtimeMs)}`],
          fix,
          ageMs: now - read.mtimeMs,
          recommended: true,
        }),
      );
      continue;
    }
    const holder = await assessHolder(parsed.lock, read.mtimeMs);
    if (holder.alive) continue;
    const written = lockWrittenMs(parsed.lock, read.mtimeMs);
    items.push(
      plannedItem(check, {
        title: `Stale lock of run ${name} in ${projectDir}`,
        evidence: [
          `${lockPath} names pid ${parsed.lock.pid ?? '?'}, written ${parsed.lock.startedAt ?? iso(read.mtimeMs)}`,
          holder.detail,
        ],
        fix,
        ageMs: written === null ? null : now - written,
        recommended: true,
      }),
    );
  }
  return items;
}

async function zombieStateItems(
  projectDir: string,
  scans: readonly ServerScan[],
  now: number,
): Promise<PlannedItem[]> {
  const entries = await readdir(runsDir(projectDir), { withFileTypes: true }).catch(() => []);
  const items: PlannedItem[] = [];
  for (const entry of entries
    .filter((e) => e.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const name = entry.name;
    const paths = pipelinePaths(projectDir, name);
    const read = await readTextFile(paths.state);
    if (!read.ok) continue;
    const parsed = parseState(read.text, paths.state);
    if (!parsed.ok || parsed.state.outcome !== 'running') continue;
    if (runSessions(scans, name).length > 0) continue;
    const lock = await readLock(paths.lock);
    let lockFact = `no lock file ${paths.lock}`;
    if (lock.state === 'ok') {
      const holder = await assessHolder(lock.lock, lock.mtimeMs);
      if (holder.alive) continue;
      lockFact = `its lock's holder is gone: ${holder.detail}`;
    } else if (lock.state === 'error') {
      lockFact = `its lock is unreadable: ${lock.error}`;
    }
    items.push(
      plannedItem(
        { kind: 'zombieState', projectDir, name, statePath: paths.state, text: read.text },
        {
          title: `Zombie state of run ${name} in ${projectDir}`,
          evidence: [
            `${paths.state} says "running" (last written ${iso(read.mtimeMs)})`,
            `no tmux session ${runSessionNames(name).join(', ')} on any server`,
            lockFact,
          ],
          fix: `mark the run failed in state.json (error type "zombie"), after a backup beside it; it can still be resumed`,
          ageMs: now - read.mtimeMs,
          recommended: true,
        },
      ),
    );
  }
  return items;
}

/** Is this pipeline session an orphan: no lock and no state for its run in its project? */
export async function orphanFacts(
  session: TmuxSessionFacts,
): Promise<{ run: string; projectDir: string; evidence: string[] } | null> {
  const run = pipelineRunName(session.name);
  if (!run) return null;
  const projectDir = session.path;
  if (session.name.startsWith('ap-')) {
    const lock = apLockPath(projectDir, run);
    const db = join(projectDir, '.ap', 'ap.db');
    if ((await pathExists(lock)) || (await pathExists(db))) return null;
    return { run, projectDir, evidence: [`no lock ${lock}`, `no state database ${db}`] };
  }
  const paths = pipelinePaths(projectDir, run);
  if ((await pathExists(paths.lock)) || (await pathExists(paths.state))) return null;
  return { run, projectDir, evidence: [`no lock ${paths.lock}`, `no state ${paths.state}`] };
}

function onlyShells(panes: readonly PaneFacts[]): boolean {
  return panes.every((p) => p.dead || SHELLS.has(p.currentCommand));
}

/** A dead pane kept by remain-on-exit: save its history, then kill it (on its host, if remote). */
export function deadPaneItem(
  socket: string,
  session: TmuxSessionFacts,
  pane: PaneFacts,
  now: number,
  host: string | null,
): PlannedItem {
  const deadAt = pane.deadAt === null ? null : pane.deadAt * 1000;
  const last = session.panes.length === 1;
  const where = host ? `${socket} on host ${host}` : socket;
  return plannedItem(
    {
      kind: 'deadPane',
      ...(host ? { host } : {}),
      socket,
      sessionName: session.name,
      tmuxId: session.sessionId,
      paneId: pane.id,
      deadAt: pane.deadAt,
    },
    {
      title: `Dead pane ${session.name}:${pane.windowIndex}.${pane.paneIndex} on ${where}`,
      evidence: [
        `pane ${pane.id} exited with ${exitText(pane)} at ${iso(deadAt)}`,
        `tmux kept it (remain-on-exit)${pane.currentPath ? `; last directory ${pane.currentPath}` : ''}`,
      ],
      fix: `save its screen and scrollback to history, then kill pane ${pane.id}${last ? ' (its last pane: this ends the session)' : ''}`,
      ageMs: deadAt === null ? null : now - deadAt,
      recommended: true,
    },
  );
}

async function sessionItems(scans: readonly ServerScan[], now: number): Promise<PlannedItem[]> {
  const items: PlannedItem[] = [];
  for (const scan of scans) {
    for (const session of scan.sessions) {
      const created = session.createdAt === null ? null : session.createdAt * 1000;
      const orphan = await orphanFacts(session);
      if (orphan) {
        const idle = onlyShells(session.panes);
        items.push(
          plannedItem(
            {
              kind: 'orphanSession',
              socket: scan.socket,
              sessionName: session.name,
              tmuxId: session.sessionId,
              projectDir: orphan.projectDir,
              run: orphan.run,
            },
            {
              title: `Orphan tmux session ${session.name} on ${scan.socket}`,
              evidence: [
                ...orphan.evidence,
                `its panes: ${describePanes(session.panes)}`,
                `created ${iso(created)}`,
                ...(idle ? [] : ['a pane still runs a program: it may still be working']),
              ],
              fix: `save its screen and scrollback to history, then kill tmux session =${session.name} (that one only)`,
              ageMs: created === null ? null : now - created,
              recommended: idle,
            },
          ),
        );
        continue;
      }
      for (const pane of session.panes.filter((p) => p.dead))
        items.push(deadPaneItem(scan.socket, session, pane, now, null));
    }
  }
  return items;
}

async function registryItems(
  ctx: ActionContext,
  now: number,
  warnings: string[],
): Promise<{ items: PlannedItem[]; registries: string[] }> {
  const items: PlannedItem[] = [];
  const registries: string[] = [];
  const scans = new Map<string, Promise<ServerScan>>();
  const scanOf = (socket: string): Promise<ServerScan> => {
    let scan = scans.get(socket);
    if (!scan) {
      scan = scanServer(socket, ctx.env);
      scans.set(socket, scan);
    }
    return scan;
  };
  for (const registry of tmuxSkillRegistries(ctx.env)) {
    const trust = await checkOwnedFile(registry);
    if (!trust.ok) {
      warnings.push(`${registry}: ${trust.reason}; its entries were not checked`);
      continue;
    }
    const read = await readTextFile(registry);
    if (!read.ok) {
      if (!read.missing) warnings.push(`${read.error}: its entries were not checked`);
      continue;
    }
    registries.push(registry);
    const parsed = parseRegistry(read.text, registry);
    if (!parsed.ok) {
      warnings.push(`${parsed.error}: its entries were not checked`);
      continue;
    }
    for (const problem of parsed.registry.problems) warnings.push(`${registry}: ${problem.error}`);
    // parseRegistry accepted it, so it is an object with a "sessions" object.
    const raw = (JSON.parse(read.text) as { sessions: Record<string, unknown> }).sessions;
    for (const entry of parsed.registry.entries) {
      const verdict = entryHealth(entry, await scanOf(entry.socket));
      if (verdict.health === 'healthy') continue;
      items.push(registryEntryItem(registry, entry, raw[entry.name], verdict, now, null));
    }
  }
  return { items, registries };
}

export async function planCleanup(
  ctx: ActionContext,
  input: PlanCleanupInput,
): Promise<PlannedCleanup> {
  const now = Date.now();
  const warnings: string[] = [];
  const scans = await scanServers(ctx.env, ctx.sockets);
  const projects = await projectDirs(ctx, input.projectRoots, scans);
  const found: PlannedItem[] = [];
  for (const projectDir of projects) {
    found.push(...(await staleLockItems(projectDir, locksDir(projectDir), now)));
    found.push(...(await staleLockItems(projectDir, join(projectDir, '.ap', 'locks'), now)));
    found.push(...(await zombieStateItems(projectDir, scans, now)));
  }
  found.push(...(await sessionItems(scans, now)));
  const registry = await registryItems(ctx, now, warnings);
  found.push(...registry.items);
  found.push(...(await hostItems(ctx, input.hosts ?? [], now, warnings)));
  for (const scan of scans) {
    if (scan.state === 'error') warnings.push(scan.error ?? `${scan.socket} is not usable`);
  }
  const items = found.filter(
    (item) =>
      input.olderThanMs === null || (item.ageMs !== null && item.ageMs >= input.olderThanMs),
  );
  const plan: CleanupPlan = {
    planId: randomUUID(),
    createdAt: new Date(now).toISOString(),
    olderThanMs: input.olderThanMs,
    items: items.map(({ check: _check, ...item }) => item),
    youngerCount: found.length - items.length,
    projects,
    servers: scans.map((s) => ({ socket: s.socket, state: s.state })),
    registries: registry.registries,
    warnings,
  };
  return { plan, checks: new Map(items.map((item) => [item.id, item.check])) };
}

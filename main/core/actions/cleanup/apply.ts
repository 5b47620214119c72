/**
 * Applying a cleanup plan: exactly the selected items, in plan order, each
 * re-checked against the facts it was judged on right before acting, and
 * skipped with the reason when anything changed. A lock whose holder is
 * alive is never removed. One cleanup at a time across processes
 * (CONFIG_DIR/cleanup.lock); every item applied, skipped or failed goes to
 * the audit log.
 */
import { join } from 'node:path';
import type { ApplyCleanupResult, CleanupResult } from '../../../../preload/contract';
import { readTextFile } from '../../files/readBounded';
import { loopwatchConfigDir } from '../../paths';
import { pidAlive } from '../../proc/processes';
import { parseLock, readLock } from '../../sources/pipeline/lockFile';
import { pipelinePaths } from '../../sources/pipeline/paths';
import { parseState } from '../../sources/pipeline/stateFile';
import { parseRegistry } from '../../sources/tmuxSkill/registry';
import type { PaneFacts, TmuxSessionFacts } from '../../tmux/formats';
import { scanServer, scanServers } from '../../tmux/scanServers';
import { appendAudit } from '../auditLog';
import type { ActionContext } from '../context';
import { backupFile, describeFsError, removeIfUnchanged, writeFileAtomic } from '../files';
import { assessHolder } from '../holder';
import { endWithHistory } from '../kill';
import { detectJsonFormat, formatJson } from '../jsonFormat';
import { acquireProcessLock, DEFAULT_LOCK_WAIT_MS } from '../processLock';
import { runSessions } from '../runFacts';
import { placeOf } from '../tmuxPlace';
import { applyHostRegistryEntry } from './hostRegistry';
import type { ItemCheck, PlannedCleanup } from './items';
import { orphanFacts } from './plan';
import { entryHealth } from './registryHealth';
import { RegistryLockedError, withRegistryLock, REGISTRY_LOCK_TIMEOUT_MS } from './registryLock';

type Outcome = Pick<CleanupResult, 'outcome' | 'detail'> & { data?: Record<string, unknown> };

const skipped = (detail: string): Outcome => ({ outcome: 'skipped', detail });

export function cleanupLockPath(ctx: ActionContext): string {
  return join(loopwatchConfigDir(ctx.env), 'cleanup.lock');
}

/** The engine's helper lock on a lock file (`NAME.lock.lock`, `{path, pid, started_at}`). */
async function helperLockHolder(lockPath: string): Promise<number | null> {
  const read = await readTextFile(`${lockPath}.lock`);
  if (!read.ok) return null;
  try {
    const pid = (JSON.parse(read.text) as { pid?: unknown }).pid;
    const n = typeof pid === 'string' ? Number(pid) : pid;
    return typeof n === 'number' && Number.isInteger(n) && n > 0 && pidAlive(n) ? n : null;
  } catch {
    return null;
  }
}

async function applyStaleLock(check: Extract<ItemCheck, { kind: 'staleLock' }>): Promise<Outcome> {
  const read = await readTextFile(check.lockPath);
  if (!read.ok) return skipped(read.missing ? 'the lock is already gone' : read.error);
  if (read.text !== check.text) return skipped('the lock changed since the plan: left in place');
  const parsed = parseLock(read.text, check.lockPath);
  if (parsed.ok) {
    const holder = await assessHolder(parsed.lock, read.mtimeMs);
    if (holder.alive) return skipped(`its holder is alive now (${holder.detail}): left in place`);
  }
  const helper = await helperLockHolder(check.lockPath);
  if (helper !== null) return skipped(`the engine (pid ${helper}) is updating this lock right now`);
  const removal = await removeIfUnchanged(check.lockPath, check.text);
  if (removal.removed) {
    return {
      outcome: 'done',
      detail: `removed ${check.lockPath}`,
      data: { lockPath: check.lockPath, content: check.text },
    };
  }
  return skipped(
    removal.why === 'gone'
      ? 'the lock is already gone'
      : `the lock changed at the last moment: left in place${removal.keptAt ? ` (the older copy is at ${removal.keptAt})` : ''}`,
  );
}

/** The planned session as tmux has it now (on its host, if remote): same id and same name, or undefined. */
async function sessionNow(
  ctx: ActionContext,
  check: { socket: string; tmuxId: string; sessionName: string; host?: string | undefined },
): Promise<TmuxSessionFacts | undefined> {
  const scan = await placeOf(ctx, check.host).scan(check.socket);
  return scan.sessions.find((s) => s.sessionId === check.tmuxId && s.name === check.sessionName);
}

async function applyOrphan(
  ctx: ActionContext,
  check: Extract<ItemCheck, { kind: 'orphanSession' }>,
): Promise<Outcome> {
  const session = await sessionNow(ctx, check);
  if (!session) return skipped('the session is gone (or another one took its name)');
  if (!(await orphanFacts(session)))
    return skipped('a lock or state for its run appeared: not an orphan any more');
  return killWithHistory(
    ctx,
    check.socket,
    session.name,
    session.panes,
    session.sessionId,
    'session',
  );
}

async function killWithHistory(
  ctx: ActionContext,
  socket: string,
  sessionName: string,
  panes: readonly PaneFacts[],
  target: string,
  what: 'session' | 'pane',
  host?: string,
): Promise<Outcome> {
  const end = await endWithHistory(ctx, {
    place: placeOf(ctx, host),
    socket,
    sessionName,
    panes,
    target,
    what,
    why: 'before loopwatch cleanup',
    saveHistory: true,
  });
  const data = { historyFile: end.historyFile };
  if (!end.ended) {
    const detail =
      end.stage === 'history' ? `${end.error}; not killed` : `tmux could not kill it: ${end.error}`;
    return { outcome: 'failed', detail, data };
  }
  return {
    outcome: 'done',
    detail: `killed ${what} ${target}; history in ${end.historyFile ?? '?'}`,
    data,
  };
}

async function applyDeadPane(
  ctx: ActionContext,
  check: Extract<ItemCheck, { kind: 'deadPane' }>,
): Promise<Outcome> {
  const session = await sessionNow(ctx, check);
  const pane = session?.panes.find((p) => p.id === check.paneId);
  if (!session || !pane) return skipped('the pane is gone');
  if (!pane.dead) return skipped('the pane is alive again (respawned): left alone');
  if (pane.deadAt !== check.deadAt)
    return skipped('the pane was respawned and died again since the plan: look again');
  return killWithHistory(ctx, check.socket, session.name, [pane], pane.id, 'pane', check.host);
}

/** state.json with status "failed" and an error saying why; every other field kept. */
function markedFailed(text: string, nowMs: number): string {
  const state = JSON.parse(text) as Record<string, unknown>;
  // The engine's timestamps: whole seconds, UTC.
  const at = new Date(Math.floor(nowMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  state.status = 'failed';
  state.failed_at = at;
  state.error = {
    type: 'zombie',
    message:
      'marked failed by loopwatch cleanup: state said running, but no tmux session and no live lock holder were found',
    timestamp: at,
  };
  return formatJson(state, detectJsonFormat(text));
}

async function applyZombie(
  ctx: ActionContext,
  check: Extract<ItemCheck, { kind: 'zombieState' }>,
): Promise<Outcome> {
  const stateNow = async (): Promise<Outcome | null> => {
    const read = await readTextFile(check.statePath);
    if (!read.ok) return skipped(read.missing ? 'state.json is gone' : read.error);
    if (read.text !== check.text)
      return skipped('state.json changed since the plan: left as it is');
    const parsed = parseState(read.text, check.statePath);
    if (!parsed.ok || parsed.state.outcome !== 'running')
      return skipped('state.json no longer says running');
    return null;
  };
  const changed = await stateNow();
  if (changed) return changed;
  const sessions = runSessions(await scanServers(ctx.env, ctx.sockets), check.name);
  if (sessions.length > 0)
    return skipped(`tmux session ${sessions[0]!.name} exists now on ${sessions[0]!.socket}`);
  const lock = await readLock(pipelinePaths(check.projectDir, check.name).lock);
  if (lock.state === 'ok') {
    const holder = await assessHolder(lock.lock, lock.mtimeMs);
    if (holder.alive) return skipped(`its lock has a live holder now (${holder.detail})`);
  }
  const backup = await backupFile(check.statePath, Date.now());
  // Last look right before writing: the engine may have started meanwhile.
  const late = await stateNow();
  if (late) return late;
  await writeFileAtomic(check.statePath, markedFailed(check.text, Date.now()));
  return {
    outcome: 'done',
    detail: `marked run ${check.name} failed in ${check.statePath} (backup: ${backup})`,
    data: { statePath: check.statePath, backup },
  };
}

async function applyRegistryEntry(
  ctx: ActionContext,
  check: Extract<ItemCheck, { kind: 'registryEntry' }>,
  lockTimeoutMs: number,
): Promise<Outcome> {
  try {
    return await withRegistryLock(
      check.registry,
      ctx.env,
      async () => {
        const read = await readTextFile(check.registry);
        if (!read.ok) return skipped(read.missing ? 'the registry is gone' : read.error);
        const parsed = parseRegistry(read.text, check.registry);
        if (!parsed.ok) return skipped(`${parsed.error}: left as it is`);
        const root = JSON.parse(read.text) as { sessions: Record<string, unknown> };
        if (!Object.hasOwn(root.sessions, check.name)) return skipped('the entry is already gone');
        if (JSON.stringify(root.sessions[check.name]) !== check.entryJson) {
          return skipped('the entry changed since the plan: left as it is');
        }
        const entry = parsed.registry.entries.find((e) => e.name === check.name);
        if (entry) {
          const verdict = entryHealth(entry, await scanServer(entry.socket, ctx.env));
          if (verdict.health === 'healthy') return skipped(`it is healthy now (${verdict.detail})`);
        }
        const backup = await backupFile(check.registry, Date.now());
        Reflect.deleteProperty(root.sessions, check.name);
        await writeFileAtomic(check.registry, formatJson(root, detectJsonFormat(read.text)));
        return {
          outcome: 'done' as const,
          detail: `removed entry ${check.name} from ${check.registry} (backup: ${backup})`,
          data: { registry: check.registry, backup, entry: check.entryJson },
        };
      },
      lockTimeoutMs,
    );
  } catch (error) {
    if (error instanceof RegistryLockedError) return skipped(error.message);
    throw error;
  }
}

function applyItem(ctx: ActionContext, check: ItemCheck, options: ApplyOptions): Promise<Outcome> {
  switch (check.kind) {
    case 'staleLock':
      return applyStaleLock(check);
    case 'orphanSession':
      return applyOrphan(ctx, check);
    case 'deadPane':
      return applyDeadPane(ctx, check);
    case 'zombieState':
      return applyZombie(ctx, check);
    case 'registryEntry':
      if (check.host)
        return applyHostRegistryEntry(
          ctx,
          { ...check, host: check.host },
          options.registryLockTimeoutMs,
        );
      return applyRegistryEntry(
        ctx,
        check,
        options.registryLockTimeoutMs ?? REGISTRY_LOCK_TIMEOUT_MS,
      );
  }
}

export interface ApplyOptions {
  /** How long to wait for another cleanup to finish (then refuse). */
  lockWaitMs?: number;
  registryLockTimeoutMs?: number;
}

export async function applyCleanup(
  ctx: ActionContext,
  planned: PlannedCleanup,
  itemIds: readonly string[],
  options: ApplyOptions = {},
): Promise<ApplyCleanupResult> {
  const lock = await acquireProcessLock(
    cleanupLockPath(ctx),
    `loopwatch cleanup (${ctx.actor})`,
    options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS,
  );
  const results: CleanupResult[] = [];
  const warnings: string[] = [];
  try {
    const selected = new Set(itemIds);
    for (const id of itemIds) {
      if (!planned.checks.has(id)) {
        results.push({ id, title: id, outcome: 'skipped', detail: 'not an item of this plan' });
      }
    }
    for (const item of planned.plan.items) {
      if (!selected.has(item.id)) continue;
      const check = planned.checks.get(item.id)!;
      let outcome: Outcome;
      try {
        outcome = await applyItem(ctx, check, options);
      } catch (error) {
        const path = (error as NodeJS.ErrnoException).path;
        outcome = {
          outcome: 'failed',
          detail: path ? describeFsError(error, path) : (error as Error).message,
        };
      }
      results.push({
        id: item.id,
        title: item.title,
        outcome: outcome.outcome,
        detail: outcome.detail,
      });
      const auditError = await appendAudit(ctx.env, {
        action: 'cleanup',
        outcome: outcome.outcome,
        target: item.title,
        detail: outcome.detail,
        actor: ctx.actor,
        data: { id: item.id, kind: item.kind, evidence: item.evidence, ...outcome.data },
      });
      if (auditError && !warnings.includes(auditError)) warnings.push(auditError);
    }
  } finally {
    await lock.release();
  }
  return { results, warnings };
}

/**
 * The lifecycle operations of the contract (start, kill, resume, cleanup,
 * agent hooks) for the app and `serve`: thin calls into main/core/actions,
 * the same code the CLI runs. Cleanup plans stay here between the plan and
 * the apply (the UI sends back only the plan id and the checked item ids),
 * for a while and a few at a time.
 */
import { ActionRefusedError, type ActionContext } from '../core/actions/context';
import { applyCleanup } from '../core/actions/cleanup/apply';
import type { PlannedCleanup } from '../core/actions/cleanup/items';
import { planCleanup } from '../core/actions/cleanup/plan';
import { parseDuration } from '../core/actions/duration';
import { killSession, planKill } from '../core/actions/kill';
import { listRuns, planResume, resumeRun } from '../core/actions/runs';
import { planStart, startSession } from '../core/actions/start';
import {
  claudeHooksStatus,
  installClaudeHooks,
  uninstallClaudeHooks,
} from '../core/hooks/claudeSettings';
import { hookTarget, writeHookLauncher, type HookInstall } from '../core/hooks/hookLauncher';
import { nodeHookInstall } from '../core/hooks/hookTarget';
import type { Env } from '../core/paths';
import type { LifecycleOperationName } from '../../preload/contract';
import type { Handlers } from './handlerTypes';

/** Plans kept for apply; more than this many open dialogs at once is not a real use. */
const MAX_KEPT_PLANS = 16;
/** A plan older than this is stale: the user must look again before applying. */
export const PLAN_TTL_MS = 30 * 60_000;

export interface ActionHandlerOptions {
  env: Env;
  sockets?: readonly string[];
  /** Project roots from settings or flags, added to every plan's own. */
  projectRoots?: readonly string[];
  /** Who the audit log names (the app or serve). */
  actor?: ActionContext['actor'];
  /** A watched remote host's shared connection (actions on its sessions). */
  hosts?: ActionContext['hosts'];
  /** The watched remote hosts' names (cleanup and the runs list look at them too). */
  hostNames?: () => readonly string[];
  /** Where this install's hook is (the Electron app says so itself; default: this Node install). */
  hookInstall?: () => HookInstall;
}

type ActionHandlers = Pick<Handlers, LifecycleOperationName>;

export function createActionHandlers(options: ActionHandlerOptions): ActionHandlers {
  const ctx: ActionContext = {
    env: options.env,
    sockets: options.sockets ?? [],
    actor: options.actor ?? 'app',
    hosts: options.hosts,
  };
  const roots = (extra: readonly string[]): string[] => [...(options.projectRoots ?? []), ...extra];
  const install = options.hookInstall ?? nodeHookInstall;
  const plans = new Map<string, { planned: PlannedCleanup; at: number }>();
  const keep = (planned: PlannedCleanup): void => {
    const now = Date.now();
    for (const [id, kept] of plans) if (now - kept.at > PLAN_TTL_MS) plans.delete(id);
    plans.set(planned.plan.planId, { planned, at: now });
    while (plans.size > MAX_KEPT_PLANS) plans.delete(plans.keys().next().value!);
  };
  return {
    planStart: (spec) => planStart(ctx, spec),
    startSession: (spec) => startSession(ctx, spec),
    planKill: (request) => planKill(ctx, request),
    killSession: (request) => killSession(ctx, request),
    // The watched hosts' runs too, each labelled with its host (resume then acts there).
    listRuns: (request) => listRuns(ctx, roots(request.projectRoots), options.hostNames?.() ?? []),
    planResume: (request) => planResume(ctx, request),
    resumeRun: (request) => resumeRun(ctx, request),
    planCleanup: async (request) => {
      let olderThanMs: number | null = null;
      if (request.olderThan) {
        const parsed = parseDuration(request.olderThan);
        if (!parsed.ok) throw new ActionRefusedError(parsed.error);
        olderThanMs = parsed.ms;
      }
      const planned = await planCleanup(ctx, {
        olderThanMs,
        projectRoots: roots(request.projectRoots),
        hosts: options.hostNames?.() ?? [],
      });
      keep(planned);
      return planned.plan;
    },
    applyCleanup: async (request) => {
      const kept = plans.get(request.planId);
      if (!kept || Date.now() - kept.at > PLAN_TTL_MS) {
        throw new ActionRefusedError(
          'this cleanup plan has expired: look again (nothing was changed)',
        );
      }
      plans.delete(request.planId);
      return applyCleanup(ctx, kept.planned, request.itemIds);
    },
    hooksStatus: () => claudeHooksStatus(ctx.env, hookTarget(ctx.env)),
    hooksInstall: async () =>
      installClaudeHooks(ctx.env, await writeHookLauncher(ctx.env, install())),
    hooksUninstall: () => uninstallClaudeHooks(ctx.env, hookTarget(ctx.env)),
  };
}

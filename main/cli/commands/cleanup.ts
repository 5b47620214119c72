/**
 * `loopwatch cleanup [--dry-run] [--older-than DUR] [--yes] [--json]
 * [--project-root DIR]... [--socket PATH]... [--only ID]... [--all]`:
 * show the plan (each problem with its evidence and fix), then apply the
 * recommended items (or exactly `--only` ones; `--all` adds the ones not
 * recommended), after confirmation.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ApplyCleanupResult, CleanupPlan } from '../../../preload/contract';
import { applyCleanup } from '../../core/actions/cleanup/apply';
import { planCleanup } from '../../core/actions/cleanup/plan';
import type { ActionContext } from '../../core/actions/context';
import { formatDuration, parseDuration } from '../../core/actions/duration';
import { confirm, notConfirmed } from '../confirm';
import { connectionsTo } from '../actionHost';
import { HOST_OPTIONS, hostsFrom } from '../hostTargets';
import type { CliIo } from '../io';
import { UsageError } from '../usage';

export function renderCleanupPlan(plan: CleanupPlan, selected: ReadonlySet<string>): string {
  const lines: string[] = [];
  const filter = plan.olderThanMs === null ? '' : ` older than ${formatDuration(plan.olderThanMs)}`;
  lines.push(
    plan.items.length === 0
      ? `Nothing to clean up${filter}.`
      : `Cleanup plan: ${plan.items.length} problem${plan.items.length === 1 ? '' : 's'}${filter}:`,
  );
  if (plan.youngerCount > 0) {
    lines.push(
      `(${plan.youngerCount} younger problem${plan.youngerCount === 1 ? '' : 's'} left out by --older-than)`,
    );
  }
  for (const item of plan.items) {
    const age = item.ageMs === null ? 'age unknown' : `${formatDuration(item.ageMs)} old`;
    lines.push('', `[${selected.has(item.id) ? 'x' : ' '}] ${item.id}  ${item.title}  (${age})`);
    for (const fact of item.evidence) lines.push(`      - ${fact}`);
    lines.push(`      fix: ${item.fix}`);
    if (!selected.has(item.id) && !item.recommended) {
      lines.push(
        `      not selected: it may still be working; include it with --only ${item.id} (or --all)`,
      );
    }
  }
  lines.push(
    '',
    `Looked at: ${plan.projects.length} project(s), ${plan.servers.length} tmux server(s), ${plan.registries.length} tmux skill registr${plan.registries.length === 1 ? 'y' : 'ies'}.`,
  );
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}

export function renderCleanupResults(result: ApplyCleanupResult): string {
  const lines = result.results.map((r) => `${r.outcome.padEnd(7)} ${r.id}  ${r.detail}`);
  for (const warning of result.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}

export async function cleanupCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'dry-run': { type: 'boolean', default: false },
      'older-than': { type: 'string' },
      yes: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'project-root': { type: 'string', multiple: true, default: [] },
      socket: { type: 'string', multiple: true, default: [] },
      only: { type: 'string', multiple: true, default: [] },
      all: { type: 'boolean', default: false },
      ...HOST_OPTIONS,
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 0)
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  let olderThanMs: number | null = null;
  if (values['older-than'] !== undefined) {
    const parsed = parseDuration(values['older-than']);
    if (!parsed.ok) throw new UsageError(`--older-than: ${parsed.error}`);
    olderThanMs = parsed.ms;
  }
  const cwd = io.cwd ?? process.cwd();
  // The saved hosts and --host ones: their dead panes are found and cleaned up there, over ssh.
  const hosts = await hostsFrom(values, io);
  const ctx: ActionContext = {
    env: io.env,
    sockets: values.socket,
    actor: 'cli',
    hosts: connectionsTo(hosts, io),
  };
  const planned = await planCleanup(ctx, {
    olderThanMs,
    projectRoots: values['project-root'].map((root) => resolve(cwd, root)),
    hosts: hosts.map((h) => h.name),
  });
  const { plan } = planned;
  const unknown = values.only.filter((id) => !plan.items.some((item) => item.id === id));
  if (unknown.length > 0) {
    io.err(
      `loopwatch cleanup: not in the plan (fixed already, or never a problem): ${unknown.join(', ')}\n`,
    );
    return 1;
  }
  const selected = new Set(
    plan.items
      .filter((item) =>
        values.only.length > 0 ? values.only.includes(item.id) : values.all || item.recommended,
      )
      .map((item) => item.id),
  );
  if (values['dry-run'] || plan.items.length === 0) {
    io.out(values.json ? `${JSON.stringify(plan, null, 2)}\n` : renderCleanupPlan(plan, selected));
    return 0;
  }
  (values.json ? io.err : io.out)(renderCleanupPlan(plan, selected));
  if (selected.size === 0) {
    io.err('Nothing selected: include items with --only ID or --all.\n');
    return 0;
  }
  const answer = await confirm(
    io,
    `Apply ${selected.size} of ${plan.items.length} item(s)?`,
    values.yes,
  );
  if (answer !== 'yes') return notConfirmed(io, answer, 'clean up');
  const ids = plan.items.filter((item) => selected.has(item.id)).map((item) => item.id);
  const result = await applyCleanup(ctx, planned, ids);
  io.out(
    values.json
      ? `${JSON.stringify({ plan, ...result }, null, 2)}\n`
      : renderCleanupResults(result),
  );
  return result.results.some((r) => r.outcome === 'failed') ? 1 : 0;
}

/**
 * `loopwatch restore [--dry-run] [--yes] [--json] [--host NAME=DEST]... [NAME]...`: after a
 * reboot or a killed server, bring back the agent sessions Loopwatch saw:
 * the plan first (per session: what runs, and why), then, asked or with
 * --yes, each session recreated. No NAME: every session whose server is gone.
 */
import { parseArgs } from 'node:util';
import type { RestorePlan } from '../../../preload/contract';
import type { ActionContext } from '../../core/actions/context';
import { applyRestore, planRestore } from '../../core/restore/restore';
import { knownHostConnections } from '../actionHost';
import { confirm, notConfirmed } from '../confirm';
import { HOST_OPTIONS } from '../hostTargets';
import type { CliIo } from '../io';

export function renderRestorePlan(plan: RestorePlan): string {
  const lines: string[] = [];
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  if (plan.items.length === 0) {
    lines.push('Nothing to restore: every recorded agent session still has its tmux server.');
    return `${lines.join('\n')}\n`;
  }
  lines.push('Restore:');
  for (const item of plan.items) {
    const mark = item.ok ? '  +' : '  x';
    lines.push(
      `${mark} ${item.session} on ${item.socket}${item.host === 'local' ? '' : ` on host ${item.host}`} (${item.windows} window(s), in ${item.cwd})`,
    );
    lines.push(`      runs: ${item.display}`);
    lines.push(`      why:  ${item.note}; last seen ${item.seenAt}`);
    if (item.problem) lines.push(`      refused: ${item.problem}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function restoreCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'dry-run': { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      socket: { type: 'string', multiple: true, default: [] },
      ...HOST_OPTIONS,
    },
    strict: true,
    allowPositionals: true,
  });
  // Records name their host: those of remote hosts are restored there, over ssh.
  const hosts = await knownHostConnections(values, io);
  const ctx: ActionContext = { env: io.env, sockets: values.socket, actor: 'cli', hosts };
  const plan = await planRestore(ctx, positionals);
  if (values['dry-run'] || plan.items.length === 0) {
    io.out(values.json ? `${JSON.stringify(plan, null, 2)}\n` : renderRestorePlan(plan));
    return plan.items.length === 0 && positionals.length > 0 ? 1 : 0;
  }
  if (!values.json) io.out(renderRestorePlan(plan));
  const ready = plan.items.filter((i) => i.ok).length;
  if (ready === 0) {
    io.err('Nothing can be restored (see above).\n');
    return 1;
  }
  const answer = await confirm(io, `Restore ${ready} session(s)?`, values.yes);
  if (answer !== 'yes') return notConfirmed(io, answer, 'restore');
  const result = await applyRestore(ctx, positionals);
  if (values.json) io.out(`${JSON.stringify(result, null, 2)}\n`);
  else for (const r of result.results) io.out(`${r.outcome}: ${r.session}: ${r.detail}\n`);
  return result.results.every((r) => r.outcome === 'done') ? 0 : 1;
}

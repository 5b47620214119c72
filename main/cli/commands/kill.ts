/**
 * `loopwatch kill [HOST:]NAME [--host NAME[=DEST]] [--socket PATH] [--yes] [--no-history] [--json]`:
 * plan, confirm, save (here, also for a remote host's session), kill.
 */
import { parseArgs } from 'node:util';
import type { KillPlan } from '../../../preload/contract';
import type { ActionContext } from '../../core/actions/context';
import { killSession, planKill } from '../../core/actions/kill';
import { actionTarget } from '../actionHost';
import { confirm, notConfirmed } from '../confirm';
import { HOST_OPTIONS } from '../hostTargets';
import type { CliIo } from '../io';
import { UsageError } from '../usage';

export function renderKillPlan(plan: KillPlan, saveHistory: boolean): string {
  const lines = [`Kill: ${plan.summary}`];
  for (const note of plan.notes) lines.push(`  note: ${note}`);
  lines.push(
    saveHistory
      ? `  Its screen and scrollback are saved to ${plan.historyDir} first.`
      : '  Its screen and scrollback will NOT be saved (--no-history).',
  );
  return `${lines.join('\n')}\n`;
}

export async function killCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      socket: { type: 'string' },
      yes: { type: 'boolean', default: false },
      'no-history': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      ...HOST_OPTIONS,
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length !== 1)
    throw new UsageError('usage: loopwatch kill [HOST:]NAME [--host HOST] [--socket PATH] [--yes]');
  const target = await actionTarget(positionals[0]!, values, io);
  const ctx: ActionContext = {
    env: io.env,
    sockets: values.socket && !target.host ? [values.socket] : [],
    actor: 'cli',
    hosts: target.hosts,
  };
  const saveHistory = !values['no-history'];
  const plan = await planKill(ctx, {
    name: target.name,
    socket: values.socket ?? null,
    host: target.host ?? undefined,
  });
  (values.json ? io.err : io.out)(renderKillPlan(plan, saveHistory));
  const answer = await confirm(io, `Kill tmux session ${plan.name}?`, values.yes);
  if (answer !== 'yes') return notConfirmed(io, answer, `kill ${plan.name}`);
  const result = await killSession(ctx, {
    socket: plan.socket,
    name: plan.name,
    tmuxId: plan.tmuxId,
    saveHistory,
    host: plan.host,
  });
  io.out(values.json ? `${JSON.stringify({ plan, result }, null, 2)}\n` : `${result.message}\n`);
  return 0;
}

/** `loopwatch kill NAME [--socket PATH] [--yes] [--no-history] [--json]`: plan, confirm, save, kill. */
import { parseArgs } from 'node:util';
import type { KillPlan } from '../../../preload/contract';
import type { ActionContext } from '../../core/actions/context';
import { killSession, planKill } from '../../core/actions/kill';
import { confirm, notConfirmed } from '../confirm';
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
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length !== 1)
    throw new UsageError('usage: loopwatch kill NAME [--socket PATH] [--yes]');
  const ctx: ActionContext = {
    env: io.env,
    sockets: values.socket ? [values.socket] : [],
    actor: 'cli',
  };
  const saveHistory = !values['no-history'];
  const plan = await planKill(ctx, { name: positionals[0]!, socket: values.socket ?? null });
  (values.json ? io.err : io.out)(renderKillPlan(plan, saveHistory));
  const answer = await confirm(io, `Kill tmux session ${plan.name}?`, values.yes);
  if (answer !== 'yes') return notConfirmed(io, answer, `kill ${plan.name}`);
  const result = await killSession(ctx, {
    socket: plan.socket,
    name: plan.name,
    tmuxId: plan.tmuxId,
    saveHistory,
  });
  io.out(values.json ? `${JSON.stringify({ plan, result }, null, 2)}\n` : `${result.message}\n`);
  return 0;
}

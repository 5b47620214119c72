/**
 * `loopwatch hooks status|install|uninstall [claude|codex|gemini] [--json]`:
 * Loopwatch's hook entries in the agent's hook settings
 * (~/.claude/settings.json, ~/.codex/hooks.json, ~/.gemini/settings.json).
 */
import { parseArgs } from 'node:util';
import { HOOK_AGENTS, type HookAgent, type HooksStatus } from '../../../preload/contract';
import { HOOK_SPECS } from '../../core/hooks/agentHooks';
import { hooksStatus, installHooks, uninstallHooks } from '../../core/hooks/claudeSettings';
import { hookTarget, writeHookLauncher } from '../../core/hooks/hookLauncher';
import { nodeHookInstall } from '../../core/hooks/hookTarget';
import { table } from '../format';
import type { CliIo } from '../io';
import { UsageError } from '../usage';

export function renderHooksStatus(status: HooksStatus): string {
  const head =
    status.fileState === 'invalid'
      ? `${status.file}: ${status.error ?? 'unusable'}\n`
      : `${status.file}${status.fileState === 'missing' ? ' (does not exist yet)' : ''}: Loopwatch hooks ${status.installed === 'all' ? 'installed' : status.installed === 'some' ? 'partly installed' : 'not installed'}\n`;
  const rows = status.events.map((e) => [
    e.event,
    e.matcher ?? '-',
    e.installed ? (e.current ? 'yes' : 'yes (another Loopwatch path)') : 'no',
  ]);
  return `${head}${table(['EVENT', 'MATCHER', 'INSTALLED'], rows)}Command: ${status.command}\n`;
}

export async function hooksCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  const [verb, agent = 'claude', ...extra] = positionals;
  if (!verb || !['status', 'install', 'uninstall'].includes(verb) || extra.length > 0) {
    throw new UsageError('usage: loopwatch hooks status|install|uninstall [claude|codex|gemini]');
  }
  if (!(HOOK_AGENTS as readonly string[]).includes(agent))
    throw new UsageError(
      `unknown agent ${JSON.stringify(agent)} (known: ${HOOK_AGENTS.join(', ')})`,
    );
  const spec = HOOK_SPECS[agent as HookAgent];
  const target = hookTarget(io.env);
  if (verb === 'status') {
    const status = await hooksStatus(spec, io.env, target);
    io.out(values.json ? `${JSON.stringify(status, null, 2)}\n` : renderHooksStatus(status));
    return status.fileState === 'invalid' ? 1 : 0;
  }
  const change =
    verb === 'install'
      ? await installHooks(spec, io.env, await writeHookLauncher(io.env, nodeHookInstall()))
      : await uninstallHooks(spec, io.env, target);
  io.out(values.json ? `${JSON.stringify(change, null, 2)}\n` : `${change.message}\n`);
  return 0;
}

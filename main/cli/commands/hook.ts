import { runHook } from '../../hook';
import type { CliIo } from '../io';

/**
 * `loopwatch hook [--codex JSON]`: hand an agent's hook event to running
 * supervisors. Never fails and prints nothing (an agent runs it on every
 * event); bin/loopwatch.js runs the same code through a smaller entry.
 */
export async function hookCommand(argv: string[], io: CliIo): Promise<number> {
  await runHook(argv, io.env, process.stdin);
  return 0;
}

/**
 * The CLI's rule before anything is deleted, killed or discarded: with
 * `--yes` it goes ahead; in a terminal it shows the plan and asks (y/N);
 * with no terminal and no `--yes` it refuses (exit 2) rather than act.
 */
import type { CliIo } from './io';

/** Exit status when confirmation was needed and could not be asked for. */
export const EXIT_NEEDS_CONFIRMATION = 2;

export type Confirmation = 'yes' | 'no' | 'cannot-ask';

export async function confirm(io: CliIo, question: string, yes: boolean): Promise<Confirmation> {
  if (yes) return 'yes';
  if (!io.interactive || !io.ask) return 'cannot-ask';
  const answer = (await io.ask(`${question} [y/N] `)).trim().toLowerCase();
  return answer === 'y' || answer === 'yes' ? 'yes' : 'no';
}

/** Say why nothing happened, and return the exit status. */
export function notConfirmed(
  io: CliIo,
  result: Exclude<Confirmation, 'yes'>,
  what: string,
): number {
  if (result === 'no') {
    io.err(`Nothing was done.\n`);
    return 1;
  }
  io.err(
    `loopwatch: refusing to ${what} without confirmation: no terminal to ask on; ` +
      'pass --yes to go ahead (nothing was done)\n',
  );
  return EXIT_NEEDS_CONFIRMATION;
}

/**
 * One agent's tour of every state the lab can bring it to: a prepared
 * session (start-up dialogs, each step, then quit: done), a second one
 * killed (crashed) and a first-run one (trust and key screens). `visit` is
 * called at each state while the screen still shows it.
 */
import type { Sandbox } from '../sandbox';
import type { LabAgentDef } from './agents/types';
import { startLabSession, type LabSession, type Reached } from './session';

export type Visit = (reached: Reached, session: LabSession) => Promise<void>;

/** A case the tour could not reach, with why. */
export interface Missed {
  label: string;
  error: string;
}

/** Names of the tour's tmux sessions (Loopwatch lists them by these). */
export function tourSessionNames(def: LabAgentDef): { main: string; crash: string; first: string } {
  return { main: `${def.agent}-lab`, crash: `${def.agent}-crash`, first: `${def.agent}-first-run` };
}

async function attempt(missed: Missed[], label: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    missed.push({ label, error: error instanceof Error ? error.message : String(error) });
  }
}

export async function tourAgent(
  sandbox: Sandbox,
  def: LabAgentDef,
  visit: Visit,
): Promise<Missed[]> {
  const missed: Missed[] = [];
  const names = tourSessionNames(def);
  const main = await startLabSession(sandbox, def, names.main);
  try {
    await attempt(missed, 'start', async () => {
      await main.reachReady(def.startupDialogs, (reached) => visit(reached, main));
    });
    for (const step of def.steps) {
      await attempt(missed, step.label, async () => {
        await visit(await main.reachStep(step), main);
        await main.leaveStep(step);
      });
    }
    await attempt(missed, 'quit', async () => visit(await main.quit(), main));
  } finally {
    await main.close();
  }
  const crash = await startLabSession(sandbox, def, names.crash);
  try {
    await attempt(missed, 'killed', async () => {
      await crash.reachReady();
      await visit(await crash.crash(), crash);
    });
  } finally {
    await crash.close();
  }
  if (def.firstRun.length > 0) {
    await attempt(missed, 'first-run', () => firstRun(sandbox, def, names.first, visit));
  }
  return missed;
}

/**
 * The first-run screens, in one fresh session: each agent's `ready` waits
 * for its real prompt, which comes only after them (Codex 0.171's trust
 * question comes a few seconds after a provisional composer: see its driver).
 */
async function firstRun(
  sandbox: Sandbox,
  def: LabAgentDef,
  name: string,
  visit: Visit,
): Promise<void> {
  const first = await startLabSession(sandbox, def, name, { fresh: true });
  try {
    // Only the first-run screens: once all were met, what follows does not matter.
    const met = await first.reachReady(def.firstRun, (reached) => visit(reached, first), {
      stopWhenAllMet: true,
    });
    const missing = def.firstRun.filter((d) => !met.some((m) => m.label === d.label));
    if (missing.length > 0)
      throw new Error(
        `first-run screens not seen before the prompt: ${missing.map((d) => d.label).join(', ')}\n` +
          `--- last screen ---\n${await first.pane.screen()}`,
      );
  } finally {
    await first.close();
  }
}

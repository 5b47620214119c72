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
 * Fresh sessions a first run may take: Codex 0.171 shows its trust question
 * on some first runs and not on others (seen 2 runs in 4), so the screens
 * not met are looked for again in a new fresh session, each its own name (up to 5).
 */
const FIRST_RUN_TRIES = 5;

async function firstRun(
  sandbox: Sandbox,
  def: LabAgentDef,
  name: string,
  visit: Visit,
): Promise<void> {
  let pending = [...def.firstRun];
  let lastScreen = '';
  for (let tryNo = 1; tryNo <= FIRST_RUN_TRIES && pending.length > 0; tryNo += 1) {
    const first = await startLabSession(sandbox, def, tryNo === 1 ? name : `${name}-${tryNo}`, {
      fresh: true,
    });
    try {
      // Only the first-run screens: once all were met, what follows does not matter.
      const visitFirst = (reached: Reached): Promise<void> => visit(reached, first);
      const options = { stopWhenAllMet: true };
      const met = await first.reachReady(pending, visitFirst, options);
      const left = (): typeof pending =>
        pending.filter((d) => !met.some((m) => m.label === d.label));
      if (def.firstRunPrompt !== undefined && left().length > 0) {
        const wanted = left();
        await first
          .submit(
            def.firstRunPrompt,
            (s) => wanted.some((d) => d.shown(s)),
            'a first-prompt dialog',
          )
          .catch(() => undefined); // Not asked this time: the next fresh session looks again.
        met.push(...(await first.reachReady(wanted, visitFirst, options)));
      }
      pending = left();
      lastScreen = await first.pane.screen();
    } finally {
      await first.close();
    }
  }
  if (pending.length > 0)
    throw new Error(
      `first-run screens not seen in ${FIRST_RUN_TRIES} fresh sessions: ${pending.map((d) => d.label).join(', ')}\n` +
        `--- last screen ---\n${lastScreen}`,
    );
}

/**
 * The live agent lab for one agent: its real CLI in tmux panes on a private
 * server, driven through every state by the fake model, and for each state
 * what Loopwatch reports (`watch`, `list`, `status`). The assertions are
 * the correct statuses, whatever today's rules say.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabAgentDef, ScreenState } from '../helpers/agentLab/agents/types';
import { PINS } from '../helpers/agentLab/install';
import { killLabLeftovers } from '../helpers/agentLab/leftovers';
import { startWatch, type WatchView } from '../helpers/agentLab/loopwatchView';
import { observer, type Observation } from '../helpers/agentLab/observe';
import { tourAgent, type Missed } from '../helpers/agentLab/tour';
import { createSandbox, type Sandbox } from '../helpers/sandbox';

/** The tour of one agent: a few minutes at most on a loaded machine. */
const TOUR_TIMEOUT_MS = 8 * 60_000;
/** Where each run's observations go (read by the fidelity bench and the report). */
export const RESULTS_DIR = join(import.meta.dirname, '..', '..', 'test-results', 'agent-lab');

interface Case {
  label: string;
  state: ScreenState | 'done' | 'crashed';
}

function casesOf(def: LabAgentDef): Case[] {
  const exits: Case[] = [
    { label: 'quit', state: 'done' },
    { label: 'killed', state: 'crashed' },
  ];
  return [
    ...[...def.startupDialogs, ...def.steps].map(({ label, state }) => ({ label, state })),
    ...exits,
    ...def.firstRun.map(({ label, state }) => ({ label, state })),
  ];
}

export function describeAgentLab(def: LabAgentDef): void {
  const version = PINS[def.agent].version;
  describe(`${def.agent} ${version}: the real CLI in tmux, as Loopwatch reports it`, () => {
    let sandbox: Sandbox | undefined;
    let watch: WatchView | undefined;
    const seen = new Map<string, Observation>();
    let missed: Missed[] = [];

    beforeAll(async () => {
      sandbox = await createSandbox();
      watch = startWatch(sandbox.env);
      const observe = observer(sandbox.env, watch);
      missed = await tourAgent(sandbox, def, async (reached, session) => {
        seen.set(reached.label, await observe(reached, session));
      });
      await mkdir(RESULTS_DIR, { recursive: true });
      await writeFile(
        join(RESULTS_DIR, `${def.agent}.json`),
        `${JSON.stringify({ observations: [...seen.values()], missed }, null, 2)}\n`,
      );
    }, TOUR_TIMEOUT_MS);

    afterAll(async () => {
      await watch?.stop();
      if (!sandbox) return;
      const root = sandbox.root;
      await sandbox.cleanup();
      const leftovers = await killLabLeftovers(root);
      expect(leftovers, 'processes the lab left behind (now killed)').toEqual([]);
    });

    for (const c of casesOf(def)) {
      it(`${c.state}: ${c.label}`, () => {
        const o = seen.get(c.label);
        const why = missed.map((m) => `${m.label}: ${m.error}`).join('\n');
        if (!o) throw new Error(`the lab did not reach ${c.label}:\n${why}`);
        expect(
          { watch: o.watch, list: o.list, status: o.status },
          `Loopwatch said: ${o.reason}`,
        ).toEqual({ watch: c.state, list: c.state, status: c.state });
        if (c.state === 'done') expect(o.exit).toMatchObject({ status: 0 });
        if (c.state === 'crashed') expect(o.exit).toMatchObject({ signal: 9 });
      });
    }
  });
}

/**
 * `npm run bench -- fidelity [--json] [--fixtures-only] [--agents a,b]`
 *
 * How right Loopwatch's statuses are on the real agents' screens:
 *  1. every recorded fixture (test/fixtures/screens/<agent>/<version>/)
 *     through the screen classifier (`classifyScreen`; a screen no rule
 *     matches counts as idle, which is what a known agent at rest is);
 *  2. the live lab (unless --fixtures-only): each agent's real CLI in
 *     tmux driven through its states by the fake model server, and what
 *     `loopwatch list` and `watch` report for each (done and crashed
 *     included; a state counts as right only when both are right), with
 *     the latency from the lab first seeing a state to `watch` reporting it.
 * Per agent and state: counts and what the wrong ones were called; waiting
 * recall and precision; false done and false crashed. Figures are printed,
 * never asserted.
 */
import { parseArgs } from 'node:util';
import { RuleSet } from '../main/core/status/rules/ruleSet';
import { readFixtures } from '../test/helpers/agentLab/fixtures';
import { installAgent, LAB_AGENTS, type LabAgent } from '../test/helpers/agentLab/install';
import { killLabLeftovers } from '../test/helpers/agentLab/leftovers';
import { startWatch } from '../test/helpers/agentLab/loopwatchView';
import { observer } from '../test/helpers/agentLab/observe';
import { LAB_DEFS } from '../test/helpers/agentLab/registry';
import { tourAgent } from '../test/helpers/agentLab/tour';
import { createSandbox } from '../test/helpers/sandbox';
import { score, type Verdict } from './support/fidelity';
import { summarize } from './support/stats';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    'fixtures-only': { type: 'boolean', default: false },
    agents: { type: 'string', default: LAB_AGENTS.join(',') },
  },
});
const agents = values.agents.split(',').filter(Boolean);
const unknown = agents.filter((a) => !(LAB_AGENTS as readonly string[]).includes(a));
if (unknown.length > 0) {
  process.stderr.write(
    `usage: npm run bench -- fidelity [--json] [--fixtures-only] [--agents ${LAB_AGENTS.join(',')}]\n`,
  );
  process.exit(2);
}
const log = (line: string): void => {
  if (!values.json) process.stderr.write(`${line}\n`);
};

const verdicts: Verdict[] = [];
// The built-in rules, each fixture read with its own agent's manifest and its pane title.
const rules = new RuleSet();
for (const fixture of await readFixtures()) {
  if (!agents.includes(fixture.meta.agent)) continue;
  verdicts.push({
    agent: fixture.meta.agent,
    source: 'fixture',
    label: `${fixture.meta.agentVersion}/${fixture.meta.label}`,
    expected: fixture.meta.state,
    reported:
      rules.decide(fixture.screen, {
        agent: rules.resolve(fixture.meta.agent),
        title: fixture.meta.title,
      }).status ?? 'idle',
  });
}
log(`fixtures: ${verdicts.length} screens`);

const latencies: number[] = [];
let missedTransitions = 0;
const notReached: string[] = [];
if (!values['fixtures-only']) {
  for (const agent of agents as LabAgent[]) {
    const def = LAB_DEFS[agent];
    if (!def) {
      notReached.push(`${agent}: no lab driver`);
      continue;
    }
    await installAgent(agent);
    const sandbox = await createSandbox();
    const watch = startWatch(sandbox.env);
    const observe = observer(sandbox.env, watch);
    try {
      const missed = await tourAgent(sandbox, def, async (reached, session) => {
        const o = await observe(reached, session);
        verdicts.push({
          agent,
          source: 'live',
          label: `${o.agentVersion}/${o.label}`,
          expected: o.expected,
          // `list` and `watch` must both be right: the first wrong one is what counts.
          reported:
            [o.list ?? 'missing', o.watch ?? 'missing'].find((r) => r !== o.expected) ?? o.expected,
        });
        if (o.latencyMs === null) missedTransitions += 1;
        else latencies.push(o.latencyMs);
        log(
          `live ${agent} ${o.label}: expected ${o.expected}, list ${o.list}, watch ${o.watch}, latency ${o.latencyMs ?? 'never'} ms`,
        );
      });
      for (const m of missed) notReached.push(`${agent} ${m.label}: ${m.error.split('\n')[0]}`);
    } finally {
      await watch.stop();
      const root = sandbox.root;
      await sandbox.cleanup();
      for (const line of await killLabLeftovers(root)) log(`left behind (killed): ${line}`);
    }
  }
}

const latency = summarize(latencies, missedTransitions);
const result = {
  ...score(verdicts),
  latency_ms: {
    p50: latency.p50,
    p95: latency.p95,
    max: latency.max,
    n: latency.n,
    missed: latency.missed,
  },
  screens: {
    fixture: verdicts.filter((v) => v.source === 'fixture').length,
    live: verdicts.filter((v) => v.source === 'live').length,
  },
  not_reached: notReached,
};

if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  for (const [agent, s] of Object.entries(result.agents)) {
    const states = Object.entries(s.states)
      .map(([state, x]) => {
        const wrong = Object.entries(x.wrong).map(([to, n]) => `${n} as ${to}`);
        return `${state} ${x.correct}/${x.n}${wrong.length ? ` (${wrong.join(', ')})` : ''}`;
      })
      .join('; ');
    process.stdout.write(
      `${agent.padEnd(9)} ${states}; waiting recall ${s.waiting.recall ?? '-'} precision ${s.waiting.precision ?? '-'}\n`,
    );
  }
  process.stdout.write(
    `overall: waiting recall ${result.waiting.recall ?? '-'}, precision ${result.waiting.precision ?? '-'}; false done ${result.false_done}, false crashed ${result.false_crashed}\n` +
      `latency (lab saw the state → watch reported it): p50 ${latency.p50 ?? '-'} ms, p95 ${latency.p95 ?? '-'} ms, n ${latency.n}, never reported ${latency.missed}\n` +
      `screens: ${result.screens.fixture} fixtures, ${result.screens.live} live\n`,
  );
  for (const line of notReached) process.stdout.write(`not reached: ${line}\n`);
}

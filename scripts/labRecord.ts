/**
 * `npm run lab:record [-- AGENT...]`: re-record the screen fixtures of the
 * agent lab's real CLIs (test/fixtures/screens/<agent>/<version>/). Installs
 * the pinned CLIs when missing; every agent by default.
 */
import { relative } from 'node:path';
import { installAgent, LAB_AGENTS, type LabAgent } from '../test/helpers/agentLab/install';
import { writeFixture } from '../test/helpers/agentLab/fixtures';
import { killLabLeftovers } from '../test/helpers/agentLab/leftovers';
import { LAB_DEFS } from '../test/helpers/agentLab/registry';
import { tourAgent } from '../test/helpers/agentLab/tour';
import { createSandbox } from '../test/helpers/sandbox';

const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !(LAB_AGENTS as readonly string[]).includes(a));
if (unknown.length > 0) {
  process.stderr.write(`usage: npm run lab:record [-- ${LAB_AGENTS.join('|')}...]\n`);
  process.exit(2);
}
const agents = (asked.length > 0 ? asked : LAB_AGENTS) as LabAgent[];
let failures = 0;
for (const agent of agents) {
  const def = LAB_DEFS[agent];
  if (!def) {
    process.stderr.write(`${agent}: the lab has no driver for it yet\n`);
    failures += 1;
    continue;
  }
  await installAgent(agent);
  const sandbox = await createSandbox();
  try {
    const missed = await tourAgent(sandbox, def, async (reached, session) => {
      const path = await writeFixture(agent, session.version, reached);
      if (path) process.stdout.write(`${relative(process.cwd(), path)}\n`);
    });
    for (const m of missed) {
      failures += 1;
      process.stderr.write(`${agent}: not reached: ${m.label}: ${m.error}\n`);
    }
  } finally {
    const root = sandbox.root;
    await sandbox.cleanup();
    for (const line of await killLabLeftovers(root)) process.stderr.write(`left behind: ${line}\n`);
  }
}
process.exit(failures > 0 ? 1 : 0);

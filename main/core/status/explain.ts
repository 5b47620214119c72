/**
 * `loopwatch explain`: how the rules read one screen, every rule with its
 * verdict. For a live pane (its screen and title captured now, its agent
 * identified as the supervisor does) or for a screen saved in a file.
 */
import { PaneAgents } from '../agents/paneAgents';
import type { Identity } from '../agents/identify';
import { loopwatchConfigDir, type Env } from '../paths';
import { execTmux } from '../tmux/execTmux';
import { paneQuery, type PaneFacts } from '../tmux/formats';
import type { RuleProblem } from './rules/compile';
import type { RuleVerdict } from './rules/evaluate';
import { RuleSet } from './rules/ruleSet';
import { loadUserManifests, userAgentsDir } from './rules/userRules';
import { SCREEN_LINES } from './screenClassifier';

export interface Explanation {
  /** The pane read ("file" for --file). */
  pane: string;
  agent: string | null;
  /** How the agent was known: a hint, the process tree, the title, --agent; or why none. */
  agentVia: string;
  title: string;
  /** null: nothing recognized (an unknown program, no generic rule matched). */
  status: 'waiting' | 'working' | 'idle' | null;
  rule: string | null;
  manifest: { id: string; version: string; name: string; origin: string };
  matched: string | null;
  reason: string;
  rules: RuleVerdict[];
  /** Problems of the user's rule files, if any (they are left out). */
  problems: RuleProblem[];
}

/** The rules as the supervisor would load them (built-in plus the user's files). */
export async function loadRules(env: Env): Promise<RuleSet> {
  const rules = new RuleSet();
  const { manifests, problems } = await loadUserManifests(userAgentsDir(loopwatchConfigDir(env)));
  rules.setUser(manifests, problems);
  return rules;
}

export function explainScreen(
  rules: RuleSet,
  text: string,
  context: { agent: string | null; agentVia: string; title: string; pane: string },
): Explanation {
  const decision = rules.decide(text, { agent: context.agent, title: context.title }, true);
  const manifest = rules.get(decision.manifest.id);
  return {
    pane: context.pane,
    agent: context.agent,
    agentVia: context.agentVia,
    title: context.title,
    status: decision.status,
    rule: decision.rule,
    manifest: { ...decision.manifest, origin: manifest?.origin ?? 'built-in' },
    matched: decision.matched,
    reason: decision.reason,
    rules: decision.evaluated,
    problems: rules.problems,
  };
}

/** Capture a live pane as the supervisor does and explain it. */
export async function explainPane(
  rules: RuleSet,
  socket: string,
  paneId: string,
  env: Env,
): Promise<Explanation> {
  const query = paneQuery();
  const listing = await execTmux(socket, ['list-panes', '-a', '-F', query.format], { env });
  const pane: PaneFacts | undefined = query
    .parse(listing)
    .flatMap((s) => s.panes)
    .find((p) => p.id === paneId);
  if (!pane) throw new Error(`pane ${paneId} is gone`);
  const fromLine = Math.max(0, Math.min(pane.cursorY, pane.height - 1) - SCREEN_LINES);
  const text = await execTmux(
    socket,
    ['capture-pane', '-p', '-J', '-t', paneId, '-S', String(fromLine)],
    { env },
  );
  const identity: Identity = await new PaneAgents(rules).identify(socket, pane);
  return explainScreen(rules, text, {
    agent: identity.agent,
    agentVia: identity.detail,
    title: pane.title,
    pane: paneId,
  });
}

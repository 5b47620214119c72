/**
 * What a pane's screen says, as a screen-rank signal: the rule engine's
 * decision (rules/) in the shape the supervisor's sources use.
 */
import type { AgentKind } from '../../../preload/contract';
import type { Decision } from './rules/evaluate';
import type { RuleSet } from './rules/ruleSet';

/** Lines of screen read above the cursor: a Claude permission box with a long command fits. */
export const SCREEN_LINES = 30;

export interface ScreenMatch {
  status: 'waiting' | 'working' | 'idle';
  /** Machine name: "screen:<rule id>", or "screen:<agent>-no-match" for a known agent's quiet prompt. */
  signal: string;
  /** Human reason, e.g. "Permission prompt: Bash(rm -rf build)". */
  detail: string;
  /** The agent whose rule decided (null for a generic rule). */
  agent: AgentKind | null;
  /** Which rule, of which manifest: for explain and the details pane. */
  rule: string | null;
  manifest: { id: string; version: string; name: string };
  /** The text the rule matched. */
  matched: string | null;
}

export function toScreenMatch(decision: Decision): ScreenMatch | null {
  if (decision.status === null) return null;
  const generic = decision.manifest.id === 'generic';
  return {
    status: decision.status,
    signal: decision.rule ? `screen:${decision.rule}` : `screen:${decision.manifest.id}-no-match`,
    detail: decision.reason,
    agent: generic ? null : decision.manifest.id,
    rule: decision.rule,
    manifest: decision.manifest,
    matched: decision.matched,
  };
}

/** Classify a pane's captured text (plain, no escapes); null when nothing is recognized. */
export function classifyScreen(
  rules: RuleSet,
  text: string,
  context: { agent?: AgentKind | null; title?: string } = {},
): ScreenMatch | null {
  // Nothing drawn yet (a pane just started): no say, whatever the agent.
  if (text.trim() === '' && !context.title?.trim()) return null;
  return toScreenMatch(rules.decide(text, context));
}

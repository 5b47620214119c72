/**
 * The rule engine: a screen (visible text and title) and the manifests that
 * apply to its pane in, a decision out. Rules are tried by priority, highest
 * first; the first that matches decides. A known agent's screen that no
 * rule matches is idle (its prompt, with nothing asked and nothing busy); a
 * screen of an unknown program that no generic rule matches says nothing.
 */
import { oneLine } from '../../text';
import type { CompiledManifest, CompiledMatcher, CompiledRule } from './compile';
import type { RuleState } from './manifestSchema';
import { describeRegion, regionLines, type Screen } from './regions';

/** Longest quoted text in a reason or a verdict. */
const MAX_DETAIL_CHARS = 120;

export interface RuleVerdict {
  manifest: string;
  rule: string;
  state: RuleState;
  priority: number;
  region: string;
  matched: boolean;
  /** What matched (the lines or the text), when it did. */
  text: string | null;
}

export interface Decision {
  /** null: nothing recognized (an unknown program's screen that no generic rule matches). */
  status: RuleState | null;
  /** The deciding rule, or null (no rule matched). */
  rule: string | null;
  manifest: { id: string; version: string; name: string };
  /** The text of the region that matched. */
  matched: string | null;
  reason: string;
  /** Every rule tried, in order (all of them when explaining, up to the decider otherwise). */
  evaluated: RuleVerdict[];
}

function matchText(m: CompiledMatcher, lines: readonly string[], joined: string): string[] | null {
  switch (m.kind) {
    case 'contains': {
      const needle = m.ignoreCase ? m.text.toLowerCase() : m.text;
      const line = lines.find((l) => (m.ignoreCase ? l.toLowerCase() : l).includes(needle));
      return line === undefined ? null : [line];
    }
    case 'regex': {
      const found = m.regex.exec(joined);
      return found ? [found[0]] : null;
    }
    case 'lineRegex': {
      const line = lines.findLast((l) => m.regex.test(l));
      return line === undefined ? null : [line];
    }
    case 'any': {
      for (const part of m.of) {
        const hit = matchText(part, lines, joined);
        if (hit) return hit;
      }
      return null;
    }
    case 'all': {
      const hits: string[] = [];
      for (const part of m.of) {
        const hit = matchText(part, lines, joined);
        if (!hit) return null;
        hits.push(...hit);
      }
      return hits;
    }
    case 'not':
      return matchText(m.of, lines, joined) ? null : [];
  }
}

function fill(template: string, groups: Record<string, string | undefined>): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) =>
    oneLine(groups[name] ?? '', MAX_DETAIL_CHARS),
  );
}

function reasonOf(rule: CompiledRule, joined: string, hits: readonly string[]): string {
  for (const detail of rule.details) {
    const found = detail.regex.exec(joined);
    if (found) return fill(detail.template, { ...found.groups, 0: found[0] });
  }
  return fill(rule.reason, { match: hits[0] ?? '' });
}

interface Tried {
  verdict: RuleVerdict;
  rule: CompiledRule;
  manifest: CompiledManifest;
  joined: string;
  hits: string[] | null;
}

function tryRule(rule: CompiledRule, manifest: CompiledManifest, screen: Screen): Tried {
  const lines = regionLines(screen, rule.region);
  const joined = lines.join('\n');
  const hits =
    lines.length === 0 && rule.match.kind !== 'not' ? null : matchText(rule.match, lines, joined);
  const shown = hits ? hits.filter((h) => h !== '').join(' … ') : null;
  return {
    verdict: {
      manifest: manifest.id,
      rule: rule.id,
      state: rule.state,
      priority: rule.priority,
      region: describeRegion(rule.region),
      matched: hits !== null,
      text: shown === null ? null : oneLine(shown, MAX_DETAIL_CHARS * 2),
    },
    rule,
    manifest,
    joined,
    hits,
  };
}

/**
 * Decide a screen. `manifests`: the pane's agent manifest first (if known),
 * then the generic one when it applies. `explain`: try every rule (for
 * `loopwatch explain`), not just up to the first match.
 */
export function evaluate(
  manifests: readonly CompiledManifest[],
  screen: Screen,
  explain = false,
): Decision {
  const primary = manifests[0];
  if (!primary) throw new Error('evaluate: no manifest');
  const order = manifests.flatMap((manifest, rank) =>
    manifest.rules.map((rule) => ({ manifest, rule, rank })),
  );
  order.sort((a, b) => b.rule.priority - a.rule.priority || a.rank - b.rank);
  const evaluated: RuleVerdict[] = [];
  let winner: Tried | null = null;
  for (const { manifest, rule } of order) {
    if (winner && !explain) break;
    const tried = tryRule(rule, manifest, screen);
    evaluated.push(tried.verdict);
    if (!winner && tried.hits) winner = tried;
  }
  if (winner) {
    return {
      status: winner.rule.state,
      rule: winner.rule.id,
      manifest: {
        id: winner.manifest.id,
        version: winner.manifest.version,
        name: winner.manifest.name,
      },
      matched: winner.verdict.text,
      reason: reasonOf(winner.rule, winner.joined, winner.hits ?? []),
      evaluated,
    };
  }
  const known = primary.id !== 'generic';
  return {
    status: known ? 'idle' : null,
    rule: null,
    manifest: { id: primary.id, version: primary.version, name: primary.name },
    matched: null,
    reason: known
      ? `${primary.name}: no rule matched (no question and nothing busy on screen), so idle`
      : 'no rule matched',
    evaluated,
  };
}

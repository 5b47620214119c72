/**
 * Manifests checked and compiled: every regex passes compileSafeRegex, or
 * the rule holding it is refused (reported with its id and why); the rest
 * of the manifest still works.
 */
import { z } from 'zod';
import {
  ManifestSchema,
  type Manifest,
  type Matcher,
  type Region,
  type Rule,
  type RuleState,
} from './manifestSchema';
import { compileSafeRegex } from './safeRegex';

export type CompiledMatcher =
  | { kind: 'contains'; text: string; ignoreCase: boolean }
  | { kind: 'regex'; regex: RegExp; source: string }
  | { kind: 'lineRegex'; regex: RegExp; source: string }
  | { kind: 'any'; of: CompiledMatcher[] }
  | { kind: 'all'; of: CompiledMatcher[] }
  | { kind: 'not'; of: CompiledMatcher };

export interface CompiledRule {
  id: string;
  state: RuleState;
  priority: number;
  region: Region;
  match: CompiledMatcher;
  reason: string;
  details: { regex: RegExp; template: string }[];
}

export interface CompiledManifest {
  id: string;
  name: string;
  version: string;
  agentVersions: string[];
  generic: boolean;
  identify: { commands: string[]; packages: string[]; titles: RegExp[] };
  rules: CompiledRule[];
  /** Where it came from: "built-in" or a file path. */
  origin: string;
}

/** A problem with a rule file: the file, the rule (when one rule is at fault), and what. */
export interface RuleProblem {
  path: string;
  rule: string | null;
  message: string;
}

class PatternError extends Error {}

function regexOf(pattern: string, flags: string | undefined): RegExp {
  const checked = compileSafeRegex(pattern, flags ?? '');
  if (!checked.ok) throw new PatternError(`/${pattern}/: ${checked.error}`);
  return checked.regex;
}

function compileMatcher(m: Matcher): CompiledMatcher {
  if ('contains' in m)
    return { kind: 'contains', text: m.contains, ignoreCase: m.ignoreCase ?? false };
  if ('regex' in m) return { kind: 'regex', regex: regexOf(m.regex, m.flags), source: m.regex };
  if ('lineRegex' in m)
    return { kind: 'lineRegex', regex: regexOf(m.lineRegex, m.flags), source: m.lineRegex };
  if ('any' in m) return { kind: 'any', of: m.any.map(compileMatcher) };
  if ('all' in m) return { kind: 'all', of: m.all.map(compileMatcher) };
  return { kind: 'not', of: compileMatcher(m.not) };
}

function compileRule(rule: Rule): CompiledRule {
  return {
    id: rule.id,
    state: rule.state,
    priority: rule.priority,
    region: rule.region,
    match: compileMatcher(rule.match),
    reason: rule.reason,
    details: (rule.details ?? []).map((d) => ({
      regex: regexOf(d.regex, d.flags),
      template: d.template,
    })),
  };
}

function zodProblems(path: string, raw: unknown, error: z.ZodError): RuleProblem[] {
  return error.issues.map((issue) => {
    let rule: string | null = null;
    if (issue.path[0] === 'rules' && typeof issue.path[1] === 'number') {
      const entry = (raw as { rules?: { id?: unknown }[] }).rules?.[issue.path[1]];
      rule = typeof entry?.id === 'string' ? entry.id : `rules[${issue.path[1]}]`;
    }
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { path, rule, message: `${where}${issue.message}` };
  });
}

export interface Checked {
  manifest: Manifest | null;
  problems: RuleProblem[];
}

/** Validate a parsed JSON value as a manifest. */
export function checkManifest(raw: unknown, path: string): Checked {
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) return { manifest: null, problems: zodProblems(path, raw, parsed.error) };
  const ids = new Set<string>();
  const problems: RuleProblem[] = [];
  for (const rule of parsed.data.rules) {
    if (ids.has(rule.id)) problems.push({ path, rule: rule.id, message: 'duplicate rule id' });
    ids.add(rule.id);
  }
  return { manifest: parsed.data, problems };
}

/** Compile a valid manifest; rules with a refused pattern are left out and reported. */
export function compileManifest(
  manifest: Manifest,
  origin: string,
): { compiled: CompiledManifest; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const rules: CompiledRule[] = [];
  for (const rule of manifest.rules) {
    try {
      rules.push(compileRule(rule));
    } catch (error) {
      if (!(error instanceof PatternError)) throw error;
      problems.push({ path: origin, rule: rule.id, message: error.message });
    }
  }
  const titles: RegExp[] = [];
  for (const pattern of manifest.identify?.titles ?? []) {
    try {
      titles.push(regexOf(pattern, 'u'));
    } catch (error) {
      if (!(error instanceof PatternError)) throw error;
      problems.push({ path: origin, rule: null, message: `identify.titles: ${error.message}` });
    }
  }
  rules.sort((a, b) => b.priority - a.priority);
  return {
    compiled: {
      id: manifest.id,
      name: manifest.name,
      version: manifest.version,
      agentVersions: manifest.agentVersions,
      generic: manifest.generic,
      identify: {
        commands: manifest.identify?.commands ?? [],
        packages: manifest.identify?.packages ?? [],
        titles,
      },
      rules,
      origin,
    },
    problems,
  };
}

/**
 * The manifests in force: the built-in ones, with the user's files from
 * `<config dir>/agents/*.json` laid over them. A user file with a built-in
 * id overrides that manifest's rules by id (and can `disable` some); a new
 * id adds an agent. A broken file or rule is reported and left out; the
 * rest keeps working.
 */
import { BUILTIN_MANIFESTS } from './builtinManifests';
import { checkManifest, compileManifest, type CompiledManifest, type RuleProblem } from './compile';
import { evaluate, type Decision } from './evaluate';
import type { Manifest, RuleState } from './manifestSchema';
import { toScreen } from './regions';

export const GENERIC_ID = 'generic';

/** Other names people (and package names) give the agents: `--agent claude-code` works too. */
const AGENT_ALIASES: Readonly<Record<string, string>> = {
  'claude-code': 'claude',
  'codex-cli': 'codex',
  'gemini-cli': 'gemini',
  'opencode-ai': 'opencode',
  cursor: 'cursor-agent',
  'github-copilot': 'copilot',
  'copilot-cli': 'copilot',
  'cline-cli': 'cline',
  'qwen-code': 'qwen',
  'kimi-cli': 'kimi',
  'aider-chat': 'aider',
};

export interface UserManifest {
  manifest: Manifest;
  path: string;
}

function overlay(base: Manifest, user: Manifest): Manifest {
  const replaced = new Set(user.rules.map((r) => r.id));
  const dropped = new Set(user.disable ?? []);
  return {
    ...base,
    name: user.name,
    version: user.version,
    agentVersions: user.agentVersions.length > 0 ? user.agentVersions : base.agentVersions,
    generic: user.generic,
    identify: {
      commands: [...(base.identify?.commands ?? []), ...(user.identify?.commands ?? [])],
      packages: [...(base.identify?.packages ?? []), ...(user.identify?.packages ?? [])],
      titles: [...(base.identify?.titles ?? []), ...(user.identify?.titles ?? [])],
    },
    rules: [...base.rules.filter((r) => !replaced.has(r.id) && !dropped.has(r.id)), ...user.rules],
  };
}

function builtinManifests(): Manifest[] {
  const out: Manifest[] = [];
  for (const { file, json } of BUILTIN_MANIFESTS) {
    const checked = checkManifest(json, `built-in ${file}`);
    // A built-in manifest that fails its own schema is a bug caught by the unit tests.
    if (!checked.manifest) throw new Error(`built-in ${file}: ${checked.problems[0]?.message}`);
    out.push(checked.manifest);
  }
  return out;
}

export class RuleSet {
  private readonly builtin: Manifest[] = builtinManifests();
  private manifests = new Map<string, CompiledManifest>();
  /** Problems of the built-in and user manifests, as of the last load. */
  problems: RuleProblem[] = [];
  /** Bumped whenever the rules change (screens read before should be read again). */
  generation = 0;

  constructor(user: readonly UserManifest[] = []) {
    this.setUser(user, []);
  }

  /** Replace the user's manifests (after a reload of the agents directory). */
  setUser(user: readonly UserManifest[], loadProblems: readonly RuleProblem[]): void {
    const raw = new Map<string, { manifest: Manifest; origin: string }>();
    for (const manifest of this.builtin) raw.set(manifest.id, { manifest, origin: 'built-in' });
    const problems: RuleProblem[] = [...loadProblems];
    for (const { manifest, path } of user) {
      const base = raw.get(manifest.id);
      raw.set(manifest.id, {
        manifest: base ? overlay(base.manifest, manifest) : manifest,
        origin: path,
      });
      for (const id of manifest.disable ?? []) {
        if (!base?.manifest.rules.some((r) => r.id === id))
          problems.push({ path, rule: id, message: 'disable: no such built-in rule' });
      }
    }
    const compiled = new Map<string, CompiledManifest>();
    for (const [id, { manifest, origin }] of raw) {
      const result = compileManifest(manifest, origin);
      problems.push(...result.problems);
      compiled.set(id, result.compiled);
    }
    this.manifests = compiled;
    this.problems = problems;
    this.generation += 1;
  }

  /** The manifest id a name stands for (an id, or a known alias), or null. */
  resolve(name: string): string | null {
    const id = name.trim().toLowerCase();
    if (this.manifests.has(id)) return id;
    const alias = AGENT_ALIASES[id];
    return alias && this.manifests.has(alias) ? alias : null;
  }

  get(id: string): CompiledManifest | null {
    return this.manifests.get(id) ?? null;
  }

  /** Every manifest but the generic one (the agents Loopwatch can name). */
  agents(): CompiledManifest[] {
    return [...this.manifests.values()].filter((m) => m.id !== GENERIC_ID);
  }

  all(): CompiledManifest[] {
    return [...this.manifests.values()];
  }

  /** The manifests a pane's screen is read with: its agent's (if known), then the generic one. */
  manifestsFor(agent: string | null | undefined): CompiledManifest[] {
    const generic = this.manifests.get(GENERIC_ID)!;
    const own = agent ? this.manifests.get(agent) : undefined;
    if (!own || own === generic) return [generic];
    return own.generic ? [own, generic] : [own];
  }

  /**
   * What the title alone says, by the agent's title rules only (null: none
   * of them matches). The screen watcher takes a change of it as a cue that
   * the agent changed state: its screen is read without waiting for its usual pause.
   */
  titleState(title: string, agent: string | null | undefined): RuleState | null {
    const manifests = this.manifestsFor(agent).map((m) => ({
      ...m,
      rules: m.rules.filter((r) => r.region.kind === 'title'),
    }));
    const decision = evaluate(manifests, toScreen('', title));
    return decision.rule === null ? null : decision.status;
  }

  /** Decide a screen (plain text as `capture-pane -p` gives it) of a pane running `agent`. */
  decide(
    text: string,
    context: { agent?: string | null; title?: string } = {},
    explain = false,
  ): Decision {
    return evaluate(this.manifestsFor(context.agent), toScreen(text, context.title ?? ''), explain);
  }
}

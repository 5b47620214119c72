/**
 * The rule-file format: one manifest per agent, as JSON. Built-in manifests
 * ship in `manifests/`; users add or override them with files in
 * `<config dir>/agents/NAME.json`. See README "Detection rules".
 */
import { z } from 'zod';

export const RULE_STATES = ['waiting', 'working', 'idle'] as const;
export type RuleState = (typeof RULE_STATES)[number];

/** An agent (manifest) id: what a Session's `agent` field says. */
export const ManifestIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'an id is lower-case letters, digits and dashes');

/** Where on the screen a rule looks. */
export const RegionSchema = z.discriminatedUnion('kind', [
  /** The terminal title (tmux pane_title). */
  z.object({ kind: z.literal('title') }),
  /** The last N non-empty lines (where a prompt or a footer is drawn). */
  z.object({ kind: z.literal('lastLines'), lines: z.number().int().min(1).max(200) }),
  /** The last box drawn with box characters (a dialog or the input box), borders stripped. */
  z.object({ kind: z.literal('dialog') }),
  /** Everything below the last horizontal rule (`────`). */
  z.object({ kind: z.literal('afterLastRule') }),
  /** The whole visible screen that was read. */
  z.object({ kind: z.literal('screen') }),
]);
export type Region = z.infer<typeof RegionSchema>;

const Pattern = z.string().min(1);
const Flags = z.string().optional();

export type Matcher =
  | { contains: string; ignoreCase?: boolean | undefined }
  | { regex: string; flags?: string | undefined }
  | { lineRegex: string; flags?: string | undefined }
  | { any: Matcher[] }
  | { all: Matcher[] }
  | { not: Matcher };

/**
 * contains: the region's text holds the string. regex: over the region's
 * text (lines joined by newlines). lineRegex: some single line matches.
 * any / all / not combine.
 */
export const MatcherSchema: z.ZodType<Matcher> = z.lazy(() =>
  z.union([
    z.strictObject({ contains: z.string().min(1), ignoreCase: z.boolean().optional() }),
    z.strictObject({ regex: Pattern, flags: Flags }),
    z.strictObject({ lineRegex: Pattern, flags: Flags }),
    z.strictObject({ any: z.array(MatcherSchema).min(1) }),
    z.strictObject({ all: z.array(MatcherSchema).min(1) }),
    z.strictObject({ not: MatcherSchema }),
  ]),
);

/** A sharper reason: the first regex that matches the region fills the template's {name}s. */
export const DetailSchema = z.strictObject({
  regex: Pattern,
  flags: Flags,
  /** `{name}`: a named group of the regex; `{0}`: the whole match. */
  template: z.string().min(1),
});

export const RuleSchema = z.strictObject({
  /** Unique within its manifest; the signal is `screen:<id>`. */
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a rule id is lower-case letters, digits and dashes'),
  state: z.enum(RULE_STATES),
  /** Higher is tried first; the first rule that matches decides. */
  priority: z.number().int().min(0).max(1000),
  region: RegionSchema,
  match: MatcherSchema,
  /** Human reason, e.g. "Codex approval request". `{match}` is the matched line. */
  reason: z.string().min(1),
  details: z.array(DetailSchema).optional(),
  /** Why this rule exists (documentation only). */
  note: z.string().optional(),
});
export type Rule = z.infer<typeof RuleSchema>;

/** How a pane is recognized as running this agent. */
export const IdentifySchema = z.strictObject({
  /** Executable names (argv[0] or a script's base name without extension). */
  commands: z.array(z.string().min(1)).default([]),
  /** npm / PyPI packages: an argument naming one (npx PKG, node .../node_modules/PKG/...). */
  packages: z.array(z.string().min(1)).default([]),
  /** Pane titles only this agent sets (weakest: used when the processes say nothing). */
  titles: z.array(Pattern).default([]),
});

export const ManifestSchema = z.strictObject({
  $schema: z.string().optional(),
  id: ManifestIdSchema,
  /** Shown to people, e.g. "Codex CLI". */
  name: z.string().min(1),
  /** This manifest's own version (bump when its rules change). */
  version: z.string().min(1),
  /** Agent versions whose real screens these rules were checked against. */
  agentVersions: z.array(z.string()).default([]),
  /** Also apply the generic manifest's rules (after this one's, by priority). */
  generic: z.boolean().default(true),
  identify: IdentifySchema.optional(),
  /** User files only: built-in rules of the same manifest to drop. */
  disable: z.array(z.string()).optional(),
  rules: z.array(RuleSchema),
  note: z.string().optional(),
});
export type ManifestInput = z.input<typeof ManifestSchema>;
export type Manifest = z.infer<typeof ManifestSchema>;

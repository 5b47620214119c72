/**
 * Lifecycle actions (issue 7): start, kill, resume, cleanup, agent hooks.
 * Every destructive operation comes in two steps: a plan that says what will
 * happen (with its evidence), then the act, which re-checks the facts first.
 */
import { z } from 'zod';
import { IsoTime } from './primitives';

/** Flags run.sh takes besides its positional arguments (FIELD.md section 1). */
const RunFlagsSchema = z.object({
  provider: z.string().nullable().default(null),
  model: z.string().nullable().default(null),
  context: z.string().nullable().default(null),
  /** `--input FILE`, repeatable. */
  inputs: z.array(z.string()).default([]),
  /** Pass `--force`: start over a crashed or finished run of the same name. */
  force: z.boolean().default(false),
  /** A remote host to start it on (issue 17; `projectDir` then names a directory there); absent: this machine. */
  host: z.string().optional(),
});

export const StartRequestSchema = z.discriminatedUnion('form', [
  /** `./scripts/run.sh TYPE NAME MAX` (or `loop TYPE NAME MAX` with `loop: true`). */
  RunFlagsSchema.extend({
    form: z.literal('stage'),
    projectDir: z.string().min(1),
    type: z.string(),
    name: z.string(),
    max: z.number().int(),
    loop: z.boolean().default(false),
  }),
  /** `./scripts/run.sh pipeline FILE NAME [RUNS]`. */
  RunFlagsSchema.extend({
    form: z.literal('pipeline'),
    projectDir: z.string().min(1),
    file: z.string(),
    name: z.string(),
    runs: z.number().int().nullable().default(null),
  }),
  /** Any command in a new session (remain-on-exit on, so its exit status is kept). */
  z.object({
    form: z.literal('command'),
    /** tmux socket; null = the default server. */
    socket: z.string().nullable().default(null),
    /** A remote host to start it on (issue 17; `dir` then names a directory there); absent: this machine. */
    host: z.string().optional(),
    dir: z.string().min(1),
    name: z.string(),
    command: z.array(z.string()).min(1, 'a command is needed'),
  }),
]);
export type StartRequest = z.input<typeof StartRequestSchema>;
export type StartSpec = z.output<typeof StartRequestSchema>;

export const StartPlanSchema = z.object({
  /** False when a problem below stops the start. */
  ok: z.boolean(),
  /** Each problem in words, with the way out (attach, resume, --force). */
  problems: z.array(z.string()),
  /** What will run: the program and its arguments, and where. */
  cwd: z.string(),
  argv: z.array(z.string()),
  /** The same, for people to read (quoted where needed). */
  display: z.string(),
  /** The tmux session it creates, and on which server. */
  sessionName: z.string(),
  socket: z.string(),
  /** The remote host it starts on (issue 17); absent: this machine. */
  host: z.string().optional(),
});
export type StartPlan = z.infer<typeof StartPlanSchema>;

export const StartResultSchema = z.object({
  sessionName: z.string(),
  socket: z.string(),
  /** The session appeared within the wait. */
  sessionFound: z.boolean(),
  /** The last lines run.sh printed (pipeline forms), for the user to read. */
  output: z.string(),
  attach: z.string(),
  message: z.string(),
});
export type StartResult = z.infer<typeof StartResultSchema>;

export const KillPaneSchema = z.object({
  id: z.string(),
  /** "window.pane", e.g. "0.1". */
  index: z.string(),
  pid: z.number().int().nullable(),
  command: z.string(),
  dead: z.boolean(),
  exitStatus: z.number().int().nullable(),
});

export const PlanKillRequestSchema = z.object({
  name: z.string().min(1),
  /** null: look on every known server (refused if the name exists on several). */
  socket: z.string().nullable().default(null),
  /** The session's remote host (issue 17); absent: this machine. */
  host: z.string().optional(),
});
export type PlanKillRequest = z.input<typeof PlanKillRequestSchema>;

export const KillPlanSchema = z.object({
  socket: z.string(),
  name: z.string(),
  /** tmux's id of the session (`$3`): the kill targets exactly this one. */
  tmuxId: z.string(),
  panes: z.array(KillPaneSchema),
  attachedClients: z.number().int().nonnegative(),
  /** One sentence: "will end tmux session =NAME on SOCKET: 2 panes running claude (pid 1, 2)". */
  summary: z.string(),
  /** What else ends with it, e.g. the pipeline engine holding a run's lock. */
  notes: z.array(z.string()),
  /** Where the screen and scrollback will be saved (on this machine, also for a remote host's session). */
  historyDir: z.string(),
  /** The remote host the session runs on (issue 17); absent: this machine. */
  host: z.string().optional(),
});
export type KillPlan = z.infer<typeof KillPlanSchema>;

export const KillRequestSchema = z.object({
  socket: z.string().min(1),
  name: z.string().min(1),
  tmuxId: z.string().regex(/^\$\d+$/, 'a tmux session id looks like $3'),
  /** Save the screen and scrollback first (on unless the user explicitly says no). */
  saveHistory: z.boolean().default(true),
  /** The session's remote host (issue 17); absent: this machine. */
  host: z.string().optional(),
});
export type KillRequest = z.input<typeof KillRequestSchema>;

export const KillResultSchema = z.object({
  historyFile: z.string().nullable(),
  message: z.string(),
});
export type KillResult = z.infer<typeof KillResultSchema>;

export const RESUME_MODES = ['resume', 'force'] as const;
export const ResumeRequestSchema = z.object({
  name: z.string().min(1),
  /** null: find the run among the recorded ones and the known projects. */
  projectDir: z.string().nullable().default(null),
  mode: z.enum(RESUME_MODES).default('resume'),
  /** The run's remote host (issue 17); absent: this machine. */
  host: z.string().optional(),
});
export type ResumeRequest = z.input<typeof ResumeRequestSchema>;

/** What Loopwatch knows of a run from its files (lock, state, session, record). */
export const RUN_CONDITIONS = ['live', 'crashed', 'failed', 'complete', 'unknown'] as const;
export const RunSummarySchema = z.object({
  name: z.string(),
  projectDir: z.string(),
  condition: z.enum(RUN_CONDITIONS),
  /** Why that condition, in words (lock holder, state status, session). */
  reason: z.string(),
  /** state.json's status as written, null without a state file. */
  state: z.string().nullable(),
  /** run.sh's arguments as recorded, null when Loopwatch does not know them. */
  args: z.array(z.string()).nullable(),
  canResume: z.boolean(),
  canForce: z.boolean(),
  /** The remote host the run is on (issue 17); absent: this machine. */
  host: z.string().optional(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

export const ResumePlanSchema = z.object({
  run: RunSummarySchema,
  mode: z.enum(RESUME_MODES),
  ok: z.boolean(),
  problems: z.array(z.string()),
  cwd: z.string(),
  argv: z.array(z.string()),
  display: z.string(),
});
export type ResumePlan = z.infer<typeof ResumePlanSchema>;

export const ListRunsRequestSchema = z.object({
  /** Extra project dirs (or folders of projects) to look in. */
  projectRoots: z.array(z.string()).default([]),
});

export const CLEANUP_KINDS = [
  'staleLock',
  'orphanSession',
  'zombieState',
  'deadPane',
  'registryEntry',
] as const;
export const CleanupKindSchema = z.enum(CLEANUP_KINDS);
export type CleanupKind = z.infer<typeof CleanupKindSchema>;

export const CleanupItemSchema = z.object({
  /** Stable: the same problem has the same id in every plan (`stale-lock-3f9a2c1b0d`). */
  id: z.string(),
  kind: CleanupKindSchema,
  /** "Stale lock auth in /home/u/project". */
  title: z.string(),
  /** Each fact that makes it a problem. */
  evidence: z.array(z.string()),
  /** What applying it does ("remove .claude/locks/auth.lock"). */
  fix: z.string(),
  /** How old the problem is (since the lock was written, the pane died, ...). */
  ageMs: z.number().nullable(),
  /** Checked by default in the plan (off where it ends a process that may still work). */
  recommended: z.boolean(),
  /**
   * The tmux session an item ends or changes (dead panes, orphans), so a UI can
   * leave unchecked the ones whose screen nobody has read yet (issue 15).
   */
  session: z
    .object({
      socket: z.string(),
      name: z.string(),
      /** Its remote host (issue 17); absent: this machine. */
      host: z.string().optional(),
    })
    .nullable()
    .optional(),
});
export type CleanupItem = z.infer<typeof CleanupItemSchema>;

export const PlanCleanupRequestSchema = z.object({
  /** Only problems older than this (`30m`, `2h`, `2d`); null for all. */
  olderThan: z.string().nullable().default(null),
  projectRoots: z.array(z.string()).default([]),
});
export type PlanCleanupRequest = z.input<typeof PlanCleanupRequestSchema>;

export const CleanupPlanSchema = z.object({
  planId: z.string(),
  createdAt: IsoTime,
  olderThanMs: z.number().nullable(),
  items: z.array(CleanupItemSchema),
  /** Problems left out by the age filter. */
  youngerCount: z.number().int().nonnegative(),
  /** Where it looked. */
  projects: z.array(z.string()),
  servers: z.array(z.object({ socket: z.string(), state: z.string() })),
  registries: z.array(z.string()),
  /** Files it could not read, and the like. */
  warnings: z.array(z.string()),
});
export type CleanupPlan = z.infer<typeof CleanupPlanSchema>;

export const ApplyCleanupRequestSchema = z.object({
  planId: z.string().min(1),
  itemIds: z.array(z.string()),
});
export type ApplyCleanupRequest = z.input<typeof ApplyCleanupRequestSchema>;

export const CleanupResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  outcome: z.enum(['done', 'skipped', 'failed']),
  /** What was done, or why not. */
  detail: z.string(),
});
export type CleanupResult = z.infer<typeof CleanupResultSchema>;

export const ApplyCleanupResultSchema = z.object({
  results: z.array(CleanupResultSchema),
  warnings: z.array(z.string()),
});
export type ApplyCleanupResult = z.infer<typeof ApplyCleanupResultSchema>;

export const HOOK_AGENTS = ['claude', 'codex', 'gemini'] as const;
export type HookAgent = (typeof HOOK_AGENTS)[number];
export const HooksRequestSchema = z.object({ agent: z.enum(HOOK_AGENTS).default('claude') });

export const HooksStatusSchema = z.object({
  agent: z.enum(HOOK_AGENTS),
  file: z.string(),
  /** missing: no settings file yet (install creates it); invalid: Loopwatch will not touch it. */
  fileState: z.enum(['missing', 'ok', 'invalid']),
  error: z.string().nullable(),
  /** The command Loopwatch's entries run. */
  command: z.string(),
  events: z.array(
    z.object({
      event: z.string(),
      matcher: z.string().nullable(),
      installed: z.boolean(),
      /** Installed and pointing at this Loopwatch (not an old path). */
      current: z.boolean(),
    }),
  ),
  installed: z.enum(['all', 'some', 'none']),
});
export type HooksStatus = z.infer<typeof HooksStatusSchema>;

export const HooksChangeSchema = z.object({
  status: HooksStatusSchema,
  changed: z.boolean(),
  /** The copy of the settings file made before writing, if it was written. */
  backup: z.string().nullable(),
  message: z.string(),
});
export type HooksChange = z.infer<typeof HooksChangeSchema>;

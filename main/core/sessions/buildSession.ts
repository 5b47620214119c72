/**
 * One Session from everything known about it: its tmux facts (if its tmux
 * session lives), its pipeline run's files, its tmux-skill registry entry,
 * its schmux entry, and the screen and hook signals of its panes. Every
 * source adds signals; the status engine decides.
 */
import type { AgentKind, Session, SessionFlags, SessionPrompt } from '../../../preload/contract';
import { decide, toEvidence, type Signal } from '../status/engine';
import { deadPanesFacts, processFacts } from '../status/processSignals';
import type { SchmuxEventsRead } from '../sources/schmux/events';
import type { SchmuxSession } from '../sources/schmux/stateFile';
import { pipelineView } from '../sources/pipeline/pipelineSignals';
import { runIsEmpty, type RunFacts } from '../sources/pipeline/runFacts';
import { HEALTH_WORDS, skillHealth, targetPane } from '../sources/tmuxSkill/health';
import type { SkillEntry } from '../sources/tmuxSkill/skillSource';
import type { TmuxSessionFacts } from '../tmux/formats';
import { offlinePart, tmuxPart } from './fromTmux';
import { unconfirmed } from './unresponsiveServer';

export interface PaneSignal {
  paneId: string;
  signal: Signal;
  agent: AgentKind | null;
}

export interface SessionInputs {
  id: string;
  nowMs: number;
  /** `unresponsiveSince`: its server stopped answering then; the facts are its last known. */
  tmux: {
    socket: string;
    facts: TmuxSessionFacts;
    unresponsiveSince?: number | null;
  } | null;
  run: RunFacts | null;
  /** The run a pipeline id stands for (known even when nothing is on disk). */
  runRef: { projectDir: string; runName: string } | null;
  /** MAX from the pane's start command (run.sh ... NAME MAX), when known. */
  maxFromPane: number | null;
  /**
   * `alive` checks a pane's pid for the skill's zombie class; default this
   * machine's `kill -0` (a host's pids mean nothing here: hosts pass their own).
   */
  skill: { entry: SkillEntry; serverUp: boolean; alive?: (pid: number) => boolean } | null;
  /** The session's server is one of the tmux skill's (its socket dir or registry). */
  skillServer: boolean;
  schmux: { session: SchmuxSession; events: SchmuxEventsRead | undefined } | null;
  screen: readonly PaneSignal[];
  hooks: readonly PaneSignal[];
  /** The question a waiting pane's screen shows, with its answers (kept only while waiting). */
  prompt?: SessionPrompt | null;
  /** The agent identified in each pane (hint, process tree, title), by pane id. */
  agents?: ReadonlyMap<string, AgentKind>;
  /** Dead panes that last ran an agent (identified while alive), by pane id. */
  deadAgents?: ReadonlyMap<string, AgentKind>;
}

export interface BuiltSession {
  session: Session;
  /** When this session's status may change by time alone, or null. */
  recheckAt: number | null;
}

/** Screen signals across panes: the most urgent wins (a prompt in any pane needs a person). */
const URGENCY: Readonly<Record<string, number>> = { waiting: 0, working: 1, idle: 2 };

function mostUrgent(signals: readonly PaneSignal[]): PaneSignal | null {
  return (
    [...signals].sort(
      (a, b) =>
        (URGENCY[a.signal.status] ?? 9) - (URGENCY[b.signal.status] ?? 9) ||
        b.signal.at - a.signal.at,
    )[0] ?? null
  );
}

function newest(signals: readonly PaneSignal[]): PaneSignal | null {
  return [...signals].sort((a, b) => b.signal.at - a.signal.at)[0] ?? null;
}

const COMMAND_AGENTS: ReadonlyArray<readonly [RegExp, AgentKind]> = [
  [/^claude$/, 'claude'],
  [/^codex/, 'codex'],
  [/^gemini$/, 'gemini'],
  [/^aider$/, 'aider'],
  [/^(i?python[\d.]*)$/, 'python'],
];

function agentFromCommand(command: string): AgentKind | null {
  for (const [pattern, agent] of COMMAND_AGENTS) if (pattern.test(command)) return agent;
  return null;
}

function minTime(...times: (number | null)[]): number | null {
  const present = times.filter((t): t is number => t !== null);
  return present.length === 0 ? null : Math.min(...present);
}

function schmuxSignals(
  session: SchmuxSession,
  events: SchmuxEventsRead | undefined,
): { signals: Signal[]; agentState: string | null; agentMessage: string | null } {
  const signals: Signal[] = [];
  const at = Date.parse(session.createdAt ?? '');
  const created = Number.isFinite(at) ? at : 0;
  if (session.status === 'provisioning') {
    signals.push({
      rank: 'agent',
      status: 'starting',
      signal: 'schmux:provisioning',
      detail: 'schmux is provisioning the session',
      at: created,
    });
  } else if (session.status === 'failed') {
    signals.push({
      rank: 'agent',
      status: 'crashed',
      signal: 'schmux:failed',
      detail: 'schmux: the session failed to start',
      at: created,
    });
  }
  if (!events) return { signals, agentState: null, agentMessage: null };
  if (!events.ok) {
    signals.push({
      rank: 'agent',
      status: 'unknown',
      signal: 'schmux:events-unreadable',
      detail: events.error,
      at: 0,
      fallback: true,
    });
    return { signals, agentState: null, agentMessage: null };
  }
  const state = events.value;
  if (!state) return { signals, agentState: null, agentMessage: null };
  const said = state.message ? `: ${state.message}` : '';
  const ts = Date.parse(state.ts ?? '');
  const base = {
    rank: 'agent' as const,
    signal: `schmux:${state.state}`,
    at: Number.isFinite(ts) ? ts : events.mtimeMs,
  };
  switch (state.state) {
    case 'working':
      signals.push({ ...base, status: 'working', detail: `agent reports working${said}` });
      break;
    case 'needs_input':
      signals.push({ ...base, status: 'waiting', detail: `agent needs input${said}` });
      break;
    case 'needs_testing':
      signals.push({ ...base, status: 'waiting', detail: `agent asks for testing${said}` });
      break;
    case 'completed':
      signals.push({ ...base, status: 'done', detail: `agent reports completed${said}` });
      break;
    case 'error':
      signals.push({ ...base, status: 'crashed', detail: `agent reports an error${said}` });
      break;
  }
  return { signals, agentState: state.state, agentMessage: state.message };
}

/** When the deciding fact happened, if known and plausible; else now. */
function sinceOf(decider: Signal | null, nowMs: number): number {
  const at = decider?.at ?? 0;
  return at > 0 && at <= nowMs ? at : nowMs;
}

/** Null when nothing is left to show (a plain session that ended, a run with no files). */
export function buildSession(input: SessionInputs): BuiltSession | null {
  const { tmux, run, skill, schmux, nowMs } = input;
  const runOnDisk = run !== null && !runIsEmpty(run);
  if (!tmux && !runOnDisk && !skill && !schmux) return null;

  const signals: Signal[] = [];
  let recheckAt: number | null = null;
  let exit: Session['exit'] = null;
  const flags: SessionFlags = { staleLock: false, orphan: false, zombie: false, deadPane: false };
  let agent: AgentKind | null = null;
  /** Dead panes shown beside the verdict (not the agent's: they decide nothing). */
  let deadPaneNotes: Signal[] = [];

  let part = tmux
    ? tmuxPart(tmux.socket, tmux.facts)
    : input.runRef
      ? offlinePart(input.runRef.runName, 'pipeline', input.runRef.projectDir)
      : offlinePart(
          skill?.entry.entry.name ?? schmux?.session.tmuxSession ?? input.id,
          skill ? 'tmuxSkill' : 'schmux',
          schmux?.session.workspacePath ?? null,
        );

  if (tmux) {
    const facts = processFacts(tmux.facts, nowMs);
    signals.push(...facts.signals);
    exit = facts.exit;
    recheckAt = facts.recheckAt;
    flags.deadPane = tmux.facts.panes.some((p) => p.dead);
    const screen = mostUrgent(input.screen);
    if (screen) signals.push(screen.signal);
    const hook = newest(input.hooks);
    if (hook) signals.push(hook.signal);
    const agentPanes = new Set([
      ...(input.deadAgents?.keys() ?? []),
      ...input.hooks.map((h) => h.paneId),
    ]);
    const deadPanes = deadPanesFacts(
      tmux.facts,
      (pane) =>
        agentPanes.has(pane.id) ||
        (pane.agentOption ?? '') !== '' ||
        agentFromCommand(pane.currentCommand) !== null,
      nowMs,
    );
    signals.push(...deadPanes.signals);
    deadPaneNotes = deadPanes.notes;
    recheckAt = minTime(recheckAt, deadPanes.recheckAt);
    const active = tmux.facts.panes.find((p) => p.active) ?? tmux.facts.panes[0];
    agent =
      (active ? input.agents?.get(active.id) : undefined) ??
      hook?.agent ??
      screen?.agent ??
      [...(input.agents?.values() ?? [])][0] ??
      (active ? agentFromCommand(active.currentCommand) : null);
  }

  let lock: Session['lock'] = null;
  let pipeline: Session['pipeline'] = null;
  if (input.runRef && run) {
    const view = pipelineView(
      run,
      {
        live: tmux !== null,
        sessionCreatedMs:
          tmux && tmux.facts.createdAt !== null ? tmux.facts.createdAt * 1000 : null,
        maxFromPane: input.maxFromPane,
      },
      nowMs,
    );
    signals.push(...view.signals);
    Object.assign(flags, view.flags);
    lock = view.lock;
    pipeline = view.pipeline;
    recheckAt = minTime(recheckAt, view.recheckAt);
    part = { ...part, source: 'pipeline', projectDir: input.runRef.projectDir };
  }

  let tmuxSkill: Session['tmuxSkill'] = null;
  if (tmux && input.skillServer) part = { ...part, source: 'tmuxSkill' };
  if (skill) {
    const { entry, registry } = skill.entry;
    const health = skillHealth(skill.serverUp, tmux?.facts ?? null, entry.target, skill.alive);
    if (health === 'zombie') flags.deadPane = true;
    if (!tmux) {
      signals.push({
        rank: 'process',
        status: 'unknown',
        signal: `tmux-skill:${health}`,
        detail: `registered in ${registry}, but ${HEALTH_WORDS[health]}`,
        at: 0,
        fallback: true,
      });
    } else if (health === 'zombie') {
      const pane = targetPane(tmux.facts, entry.target);
      signals.push({
        rank: 'process',
        status: 'unknown',
        signal: 'tmux-skill:zombie',
        detail: `pane ${pane?.id ?? '?'} is alive but its process ${pane?.pid ?? '?'} is gone (zombie)`,
        at: (tmux.facts.lastActivity ?? 0) * 1000,
        terminal: true,
      });
    }
    tmuxSkill = {
      registry,
      type: entry.type,
      health,
      createdAt: entry.createdAt,
      lastActive: entry.lastActive,
    };
    if (entry.type === 'python-repl') agent ??= 'python';
    part = { ...part, source: 'tmuxSkill' };
  }

  let schmuxInfo: Session['schmux'] = null;
  if (schmux) {
    const s = schmux.session;
    const fromEvents = schmuxSignals(s, schmux.events);
    signals.push(...fromEvents.signals);
    if (!tmux) {
      signals.push({
        rank: 'process',
        status: 'unknown',
        signal: 'schmux:session-missing',
        detail: `schmux lists it, but tmux session ${s.tmuxSession} is gone`,
        at: 0,
        fallback: true,
      });
    }
    schmuxInfo = {
      id: s.id,
      workspaceId: s.workspaceId,
      nickname: s.nickname,
      target: s.target,
      state: s.status,
      workspacePath: s.workspacePath,
      agentState: fromEvents.agentState,
      agentMessage: fromEvents.agentMessage,
    };
    part = {
      ...part,
      source: 'schmux',
      displayName: s.nickname ?? part.name,
      projectDir: part.projectDir ?? s.workspacePath,
    };
  }

  const decided = decide(signals);
  const verdict =
    tmux?.unresponsiveSince != null
      ? unconfirmed(decided, tmux.socket, tmux.unresponsiveSince)
      : decided;
  const session: Session = {
    id: input.id,
    ...part,
    socket: tmux ? tmux.socket : null,
    status: verdict.status,
    reason: verdict.reason,
    since: new Date(sinceOf(verdict.decidedBy, nowMs)).toISOString(),
    evidence: [...verdict.evidence, ...deadPaneNotes.map(toEvidence)],
    flags,
    lock,
    pipeline,
    schmux: schmuxInfo,
    tmuxSkill,
    agent,
    exit,
    ...(verdict.status === 'waiting' && input.prompt ? { prompt: input.prompt } : {}),
    ...(verdict.decidedBy?.atLeast ? { sinceAtLeast: true } : {}),
  };
  return { session, recheckAt };
}

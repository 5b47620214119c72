/**
 * Loopwatch's view of each state the tour reaches: what `watch` says once
 * it had time to notice, then again after a hold (agents that redraw an
 * identical screen every few seconds must not flip it), and what the
 * one-shot `list` and `status` say at that moment.
 */
import type { SessionStatus } from '../../../preload/contract';
import type { LabSession, Reached } from './session';
import { listed, statusOf, type WatchView } from './loopwatchView';

/** How long `watch` gets to report a state the screen shows. */
export const NOTICE_MS = 6_000;
/** Then the state is held this long (Codex redraws every ~2 s) before all views are read. */
export const HOLD_MS = 4_000;
const POLL_MS = 100;

export interface Observation {
  agent: string;
  agentVersion: string;
  label: string;
  expected: SessionStatus;
  watch: SessionStatus | null;
  list: SessionStatus | null;
  status: SessionStatus | null;
  /** `status`'s reason, to say why when it is wrong. */
  reason: string;
  /** Exit facts for done and crashed. */
  exit: { status: number | null; signal: number | null } | null;
  /** From the lab first seeing the state to `watch`'s transition to it; null if none came. */
  latencyMs: number | null;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function observer(
  env: NodeJS.ProcessEnv,
  watch: WatchView,
): (reached: Reached, session: LabSession) => Promise<Observation> {
  return async (reached, session) => {
    const name = session.pane.session;
    const expected: SessionStatus = reached.state;
    const since = reached.at;
    const noticeBy = Date.now() + NOTICE_MS;
    while (watch.statusOf(name) !== expected && Date.now() < noticeBy) await sleep(POLL_MS);
    await sleep(HOLD_MS);
    // Transitions stamped before the lab saw the state belong to it too when they are
    // the last ones (Loopwatch may see a screen before the lab's poll does).
    const all = watch.transitionsOf(name);
    const lastBefore = all.filter((t) => Date.parse(t.at) < since).at(-1);
    const after = all.filter((t) => Date.parse(t.at) >= since);
    const hit = after.find((t) => t.to === expected);
    const latencyMs = hit
      ? Date.parse(hit.at) - since
      : lastBefore?.to === expected && after.length === 0
        ? 0
        : null;
    const [list, status] = await Promise.all([listed(env, name), statusOf(env, name)]);
    return {
      agent: session.def.agent,
      agentVersion: session.version,
      label: reached.label,
      expected,
      watch: watch.statusOf(name) ?? null,
      list: list?.status ?? null,
      status: status.status,
      reason: status.reason,
      exit: status.exit ? { status: status.exit.status, signal: status.exit.signal } : null,
      latencyMs,
    };
  };
}

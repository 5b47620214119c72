/** Short human words for a session's details, shared by `list`, `status` and `watch`. */
import type { Pane, Session, Transition } from '../../preload/contract';

export function paneSummary(pane: Pane): string {
  const where = `${pane.windowIndex}.${pane.paneIndex}`;
  if (!pane.dead) return `${where} ${pane.pid ?? '?'}:${pane.currentCommand}`;
  const exit =
    pane.exitSignal !== null ? `signal ${pane.exitSignal}` : `exit ${pane.exitStatus ?? '?'}`;
  return `${where} dead(${exit})`;
}

export function flagList(session: Session): string {
  const set = Object.entries(session.flags)
    .filter(([, on]) => on)
    .map(([name]) => name);
  if (session.ended) set.unshift('ended');
  return set.length === 0 ? '-' : set.join(',');
}

/** "3/25 work" for a pipeline: iteration of max, and stage. */
export function progress(session: Session): string {
  const p = session.pipeline;
  if (!p) return '-';
  const iteration = p.iteration === null ? '-' : String(p.iteration);
  const max = p.maxIterations === null ? '' : `/${p.maxIterations}`;
  return `${iteration}${max}${p.stage ? ` ${p.stage}` : ''}`;
}

/** "4242 alive" / "4242 dead" / "unreadable" for a pipeline's lock. */
export function lockSummary(session: Session): string {
  const lock = session.lock;
  if (!lock) return '-';
  if (lock.error) return 'unreadable';
  const alive = lock.alive === null ? '?' : lock.alive ? 'alive' : 'dead';
  return `${lock.pid ?? '?'} ${alive}`;
}

/** Cut long text for a table cell. */
export function cell(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function transitionLine(t: Transition): string {
  const time = new Date(t.at).toLocaleTimeString();
  const name = t.host ? `${t.name} (on ${t.host})` : t.name;
  return `${time}  ${name}  ${t.from ?? 'new'} -> ${t.to}  ${t.reason}\n`;
}

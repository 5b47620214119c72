/**
 * Filter chips with counts: status, source, server, host, and whether reviewed
 * sessions show. Each chip is a toggle button (aria-pressed); an empty
 * selection means "all".
 */
import {
  SESSION_SOURCES,
  SESSION_STATUSES,
  type SessionSource,
  type SessionStatus,
} from '../../../../preload/contract';
import type { Filters } from '../model/filters';
import { SOURCE_LABELS, STATUS_GLYPHS, socketLabel } from '../model/labels';

export interface FilterBarProps {
  filters: Filters;
  statusCounts: ReadonlyMap<SessionStatus, number>;
  sourceCounts: ReadonlyMap<SessionSource, number>;
  serverCounts: ReadonlyMap<string, number>;
  servers: readonly string[];
  hostCounts: ReadonlyMap<string, number>;
  /** Host names to offer (local first); the filter shows only with more than one. */
  hosts: readonly string[];
  reviewedCount: number;
  onChange: (filters: Filters) => void;
}

function toggled<T>(set: ReadonlySet<T>, value: T): Set<T> {
  const next = new Set(set);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next;
}

export function FilterBar(props: FilterBarProps): React.JSX.Element {
  const { filters, onChange } = props;
  // Chips for values that have sessions, plus any the user selected (so it can be unselected).
  const statuses = SESSION_STATUSES.filter(
    (s) => (props.statusCounts.get(s) ?? 0) > 0 || filters.statuses.has(s),
  );
  const sources = SESSION_SOURCES.filter(
    (s) => (props.sourceCounts.get(s) ?? 0) > 0 || filters.sources.has(s),
  );
  return (
    <div className="filters">
      <div role="group" aria-label="Status filter" className="chips">
        {statuses.map((status) => {
          const count = props.statusCounts.get(status) ?? 0;
          return (
            <button
              key={status}
              type="button"
              className={`chip status-${status}`}
              aria-pressed={filters.statuses.has(status)}
              aria-label={`${status} (${count})`}
              onClick={() => onChange({ ...filters, statuses: toggled(filters.statuses, status) })}
            >
              <span aria-hidden="true" className="status-glyph">
                {STATUS_GLYPHS[status]}
              </span>
              {status} <span className="count">{count}</span>
            </button>
          );
        })}
      </div>
      <div role="group" aria-label="Source filter" className="chips">
        {sources.map((source) => {
          const count = props.sourceCounts.get(source) ?? 0;
          return (
            <button
              key={source}
              type="button"
              className="chip"
              aria-pressed={filters.sources.has(source)}
              aria-label={`${SOURCE_LABELS[source]} (${count})`}
              onClick={() => onChange({ ...filters, sources: toggled(filters.sources, source) })}
            >
              {SOURCE_LABELS[source]} <span className="count">{count}</span>
            </button>
          );
        })}
      </div>
      {props.servers.length > 1 && (
        <label className="server-filter">
          <span className="muted">Server</span>
          <select
            aria-label="Server"
            value={filters.server ?? ''}
            onChange={(event) => onChange({ ...filters, server: event.target.value || null })}
          >
            <option value="">All servers</option>
            {props.servers.map((socket) => (
              <option key={socket} value={socket} title={socket}>
                {socketLabel(socket)} ({props.serverCounts.get(socket) ?? 0})
              </option>
            ))}
          </select>
        </label>
      )}
      {props.hosts.length > 1 && (
        <label className="server-filter">
          <span className="muted">Host</span>
          <select
            aria-label="Host"
            value={filters.host ?? ''}
            onChange={(event) => onChange({ ...filters, host: event.target.value || null })}
          >
            <option value="">All hosts</option>
            {props.hosts.map((host) => (
              <option key={host} value={host}>
                {host} ({props.hostCounts.get(host) ?? 0})
              </option>
            ))}
          </select>
        </label>
      )}
      {(props.reviewedCount > 0 || filters.showReviewed) && (
        <button
          type="button"
          className="chip"
          aria-pressed={filters.showReviewed}
          aria-label={`Show reviewed (${props.reviewedCount})`}
          onClick={() => onChange({ ...filters, showReviewed: !filters.showReviewed })}
        >
          Show reviewed <span className="count">{props.reviewedCount}</span>
        </button>
      )}
    </div>
  );
}

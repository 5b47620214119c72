import type { SessionStatus } from '../../../../preload/contract';

/** Statuses a user can dismiss as reviewed: the run is over (main enforces the same). */
export const REVIEWABLE_STATUSES: ReadonlySet<SessionStatus> = new Set(['done', 'crashed']);

/**
 * Durations as the tmux skill's cleanup-sessions.sh takes them: a whole
 * number and one unit, `45s`, `30m`, `2h`, `2d`.
 */
const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

export type DurationParse = { ok: true; ms: number } | { ok: false; error: string };

export function parseDuration(text: string): DurationParse {
  const match = /^(\d+)([smhd])$/.exec(text.trim());
  if (!match) {
    return {
      ok: false,
      error: `${JSON.stringify(text)} is not a duration: use a number and a unit, e.g. 30m, 2h, 2d (units s, m, h, d)`,
    };
  }
  const ms = Number(match[1]) * UNIT_MS[match[2]!]!;
  if (!Number.isSafeInteger(ms)) return { ok: false, error: `${text} is too long a duration` };
  return { ok: true, ms };
}

/** "45s", "12m", "3h", "5d": the largest unit that fits, rounded down. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

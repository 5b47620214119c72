import { formatAbsolute, formatAgo, formatFor, formatSince } from '../time/relativeTime';
import { useClockText } from '../time/clock';

/** "7m" (a column of durations), "7m ago" (a past moment), "for 7m" (in a sentence). */
export type RelativeStyle = 'duration' | 'ago' | 'for';

const FORMATS = { duration: formatSince, ago: formatAgo, for: formatFor } as const;

/** A live relative time, with the absolute time as its tooltip. */
export function RelativeTime({
  iso,
  variant = 'duration',
  label,
  atLeast = false,
}: {
  iso: string | null;
  variant?: RelativeStyle;
  /** What the time is, for the tooltip: "working since", "Last output". */
  label: string;
  /** Only a lower bound is known (the fact was already true then): "≥ 8m". */
  atLeast?: boolean;
}): React.JSX.Element {
  const format = FORMATS[variant];
  const text = useClockText((now) => format(iso, now));
  const shown = atLeast && iso ? `≥ ${text.replace(/^for /, '')}` : text;
  const tooltip = `${label}${atLeast ? ' (at least)' : ''}: ${formatAbsolute(iso)}`;
  return (
    <time dateTime={iso ?? undefined} title={tooltip}>
      {shown}
    </time>
  );
}

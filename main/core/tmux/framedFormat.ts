/**
 * A `-F` format whose output cannot be mis-split, whatever bytes the
 * values hold.
 *
 * tmux prints a directory (`session_path`, `pane_current_path`), a
 * program's name (`pane_current_command`, from its argv) and user options
 * raw: a newline, U+001F, a tab or invalid UTF-8 in them reaches us as is,
 * in one-shot and control mode alike, and `#{q:...}` (tmux 3.3) escapes
 * only shell characters, not control ones. So free-text values are framed
 * by a marker drawn at random for each query: a directory made before the
 * query cannot hold a marker chosen after it. Values that tmux itself
 * keeps to a safe alphabet (ids, numbers, flags) are joined by U+001F.
 */
import { randomBytes } from 'node:crypto';

/** Joins the fixed-alphabet values (ids, numbers, 0/1 flags, choice options). */
const FIXED_SEPARATOR = '\x1f';
/** Random bytes in a marker: 64 bits, never guessed by a name made in advance. */
const MARKER_BYTES = 8;

export interface FramedRecord {
  fixed: string[];
  free: string[];
}

export interface FramedFormat {
  /** The `-F` argument. */
  format: string;
  /** Split tmux's output into records; a record that does not frame exactly is left out. */
  parse(output: string): FramedRecord[];
}

/** A fresh marker for one query. */
export function newFrameMarker(): string {
  return randomBytes(MARKER_BYTES).toString('hex');
}

/**
 * `fixed`: tmux variables (or `modifier:variable`) whose values never hold
 * U+001F or a newline; `free`: anything else, each framed by the marker.
 */
export function framedFormat(
  fixed: readonly string[],
  free: readonly string[],
  marker: string = newFrameMarker(),
): FramedFormat {
  const fieldMark = `\x1f${marker}:`;
  const endMark = `\x1f${marker}.`;
  const format =
    fixed.map((v) => `#{${v}}`).join(FIXED_SEPARATOR) +
    free.map((v) => `${fieldMark}#{${v}}`).join('') +
    endMark;
  return {
    format,
    parse(output) {
      const records: FramedRecord[] = [];
      const chunks = output.split(`${endMark}\n`);
      // The last chunk is what followed the last record: '' unless the output was cut short.
      for (const chunk of chunks.slice(0, -1)) {
        const [head = '', ...values] = chunk.split(fieldMark);
        const fixedValues = head.split(FIXED_SEPARATOR);
        if (values.length !== free.length || fixedValues.length !== fixed.length) continue;
        records.push({ fixed: fixedValues, free: values });
      }
      return records;
    },
  };
}

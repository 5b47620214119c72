/**
 * Forgiving search over session names and directories: every word of the
 * query must appear in one of the texts, either as a substring or as a
 * compact subsequence ("plauth" finds "pipeline-auth"). Case, accents and
 * width are ignored.
 */

/** A subsequence spread wider than this many characters per query character is noise, not a match. */
const MAX_SPREAD_PER_CHAR = 4;

export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function compactSubsequence(term: string, text: string): boolean {
  const chars = Array.from(term);
  const limit = chars.length * MAX_SPREAD_PER_CHAR;
  // Try every start of the first character; keep the tightest span.
  for (
    let start = text.indexOf(chars[0]!);
    start !== -1;
    start = text.indexOf(chars[0]!, start + 1)
  ) {
    let at = start;
    let ok = true;
    for (const ch of chars.slice(1)) {
      at = text.indexOf(ch, at + 1);
      if (at === -1 || at - start > limit) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
    if (at === -1) return false;
  }
  return false;
}

function termMatches(term: string, text: string): boolean {
  return text.includes(term) || compactSubsequence(term, text);
}

/** A matcher for `query`, or null when the query is empty (everything matches). */
export function fuzzyMatcher(query: string): ((texts: readonly string[]) => boolean) | null {
  const terms = fold(query).split(/\s+/).filter(Boolean);
  if (terms.length === 0) return null;
  return (texts) => {
    const folded = texts.map(fold);
    return terms.every((term) => folded.some((text) => termMatches(term, text)));
  };
}

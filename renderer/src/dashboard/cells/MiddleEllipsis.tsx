/**
 * Long text elided in the middle, where it says least: a project directory
 * keeps its start and its last segment ("/home/u/…/my-project"). Pure CSS
 * does the cutting (the head shrinks with an ellipsis, the tail never
 * shrinks), so it fits any column width; the full text is the tooltip.
 */

/** The tail kept whole: the last path segment, at most this many characters. */
const TAIL_MAX_CHARS = 28;

/** Grapheme clusters, so an emoji or an accented letter is never cut in two. */
const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter() : null;

function splitGraphemes(text: string): string[] {
  return segmenter ? Array.from(segmenter.segment(text), (s) => s.segment) : Array.from(text);
}

export function splitForMiddleEllipsis(text: string): [head: string, tail: string] {
  const chars = splitGraphemes(text);
  const slash = text.lastIndexOf('/', text.length - 2);
  const segmentLength = slash === -1 ? chars.length : splitGraphemes(text.slice(slash)).length;
  const tailLength = Math.min(segmentLength, TAIL_MAX_CHARS, Math.floor(chars.length / 2));
  return [
    chars.slice(0, chars.length - tailLength).join(''),
    chars.slice(chars.length - tailLength).join(''),
  ];
}

export function MiddleEllipsis({ text }: { text: string | null }): React.JSX.Element {
  if (!text) return <span className="muted">—</span>;
  const [head, tail] = splitForMiddleEllipsis(text);
  return (
    <span className="middle-ellipsis" title={text}>
      <span className="head">{head}</span>
      <span className="tail">{tail}</span>
    </span>
  );
}

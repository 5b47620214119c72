/**
 * Regexes from rule files run inside the supervisor on every screen read:
 * a pattern that backtracks catastrophically would stall it for every
 * session. Patterns are checked once, at load, and refused when they could:
 * too long, a back-reference, a lookaround, or an unbounded quantifier on a
 * group that itself holds a quantifier or an alternation (star height above
 * one, the shape of `(a+)+` and `(a|a)*`). What remains backtracks at most
 * polynomially, and the input is capped (see regions.ts), so one match costs
 * a bounded time.
 */

/** Longest pattern accepted: rules match markers, not documents. */
export const MAX_PATTERN_CHARS = 300;
/** Flags a rule may ask for: i, m (^ and $ at line ends), u; no g/y (matching is stateless), no s. */
const ALLOWED_FLAGS = /^[imu]*$/;

export type RegexCheck = { ok: true; regex: RegExp } | { ok: false; error: string };

interface Group {
  quantified: boolean;
  alternation: boolean;
}

/** Is the text at `i` an unbounded quantifier (`*`, `+`, `{n,}`)? Returns its length, 0 if not. */
function unboundedQuantifier(pattern: string, i: number): number {
  const c = pattern[i];
  if (c === '*' || c === '+') return 1;
  if (c === '{') {
    const m = /^\{\d+,\}/.exec(pattern.slice(i));
    if (m) return m[0].length;
  }
  return 0;
}

function anyQuantifier(pattern: string, i: number): number {
  const c = pattern[i];
  if (c === '*' || c === '+' || c === '?') return 1;
  if (c === '{') {
    const m = /^\{\d+(,\d*)?\}/.exec(pattern.slice(i));
    if (m) return m[0].length;
  }
  return 0;
}

/** Why the pattern is refused, or null when it is safe to run. */
function shapeError(pattern: string): string | null {
  const stack: Group[] = [{ quantified: false, alternation: false }];
  let inClass = false;
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return 'back-references are not allowed';
      i += 1;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      continue;
    }
    if (c === '(') {
      if (/^\(\?(=|!|<=|<!)/.test(pattern.slice(i))) return 'lookarounds are not allowed';
      stack.push({ quantified: false, alternation: false });
      continue;
    }
    if (c === '|') {
      stack[stack.length - 1]!.alternation = true;
      continue;
    }
    if (c === ')') {
      const group = stack.pop();
      if (!group || stack.length === 0) return 'unbalanced parenthesis';
      const risky = group.quantified || group.alternation;
      if (risky && unboundedQuantifier(pattern, i + 1) > 0) {
        return 'a repeated group holds a quantifier or an alternation (catastrophic backtracking)';
      }
      const parent = stack[stack.length - 1]!;
      if (group.quantified || anyQuantifier(pattern, i + 1) > 0) parent.quantified = true;
      continue;
    }
    if (anyQuantifier(pattern, i) > 0) stack[stack.length - 1]!.quantified = true;
  }
  if (inClass) return 'unterminated character class';
  if (stack.length !== 1) return 'unbalanced parenthesis';
  return null;
}

/** Compile a rule's pattern, or say why it is refused. */
export function compileSafeRegex(pattern: string, flags = ''): RegexCheck {
  if (pattern.length === 0) return { ok: false, error: 'empty pattern' };
  if (pattern.length > MAX_PATTERN_CHARS) {
    return { ok: false, error: `pattern longer than ${MAX_PATTERN_CHARS} characters` };
  }
  if (!ALLOWED_FLAGS.test(flags)) return { ok: false, error: `flags "${flags}": only i, m and u` };
  const shape = shapeError(pattern);
  if (shape) return { ok: false, error: shape };
  try {
    return { ok: true, regex: new RegExp(pattern, flags) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

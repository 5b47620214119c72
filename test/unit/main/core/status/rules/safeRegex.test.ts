import { describe, expect, it } from 'vitest';
import {
  compileSafeRegex,
  MAX_PATTERN_CHARS,
} from '../../../../../../main/core/status/rules/safeRegex';

const refused = (pattern: string, flags = ''): string => {
  const checked = compileSafeRegex(pattern, flags);
  if (checked.ok) throw new Error(`accepted ${pattern}`);
  return checked.error;
};

describe('compileSafeRegex', () => {
  it('accepts the shapes the built-in rules use', () => {
    for (const pattern of [
      String.raw`^Do you want to .+\?$`,
      String.raw`(esc|ctrl\+c) to interrupt`,
      String.raw`(\[y/n\]|\(y/n\))\s*[?:]?\s*(\[[^\]]*\])?\s*$`,
      String.raw`(?<q>[^\n]{1,200}\?)\n(?:[^\n]{0,200}\n){0,3}[❯>] ?1\.`,
      String.raw`\(Y\)es/\(N\)o(/\(A\)ll)?(/\(S\)kip all)?`,
    ]) {
      expect(compileSafeRegex(pattern, 'i').ok, pattern).toBe(true);
    }
  });

  it('refuses catastrophic shapes: a repeated group holding a quantifier or an alternation', () => {
    expect(refused('(a+)+$')).toMatch(/catastrophic/);
    expect(refused('(a|a)*b')).toMatch(/catastrophic/);
    expect(refused('((ab)*c)+')).toMatch(/catastrophic/);
    expect(refused('(?:x\\s*)*y')).toMatch(/catastrophic/);
    expect(refused('(.{1,5}){2,}')).toMatch(/catastrophic/);
  });

  it('refuses back-references, lookarounds, bad flags, long and broken patterns', () => {
    expect(refused('(a)\\1')).toMatch(/back-references/);
    expect(refused('(?<x>a)\\k<x>')).toMatch(/back-references/);
    expect(refused('a(?=b)')).toMatch(/lookarounds/);
    expect(refused('(?<!a)b')).toMatch(/lookarounds/);
    expect(refused('a', 'g')).toMatch(/flags/);
    expect(refused('a', 's')).toMatch(/flags/);
    expect(refused('a'.repeat(MAX_PATTERN_CHARS + 1))).toMatch(/longer than/);
    expect(refused('(a')).toMatch(/unbalanced|Invalid/);
    expect(refused('[a')).toMatch(/unterminated|Invalid/);
    expect(refused('')).toMatch(/empty/);
  });

  it('a character class or an escape does not confuse the check', () => {
    expect(compileSafeRegex(String.raw`[(|)]+x`).ok).toBe(true);
    expect(compileSafeRegex(String.raw`\(a\)+`).ok).toBe(true);
    expect(compileSafeRegex(String.raw`(a[)+]b)+`).ok).toBe(true);
  });
});

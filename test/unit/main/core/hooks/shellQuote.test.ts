import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayCommand, shellQuote } from '../../../../../main/core/hooks/shellQuote';

const run = promisify(execFile);

/** What `sh` makes of a command line: each argument on its own, NUL-terminated. */
async function shellWords(line: string): Promise<string[]> {
  // The test's one shell string: the point is to see how a real shell reads the quoting.
  const { stdout } = await run('sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' });
  return stdout.split('\0').slice(0, -1);
}

const NASTY = [
  "it's",
  '"double"',
  '$(touch /tmp/pwned-by-quote)',
  '`id`',
  '$HOME',
  'a b\tc',
  'new\nline',
  '\\back\\slash',
  "''",
  '',
  '*',
  '-n',
  '~/x',
  'ünï—cødé ✓',
  ';|&<>(){}!#',
];

describe('shellQuote', () => {
  it('a POSIX shell reads every quoted argument back unchanged', async () => {
    expect(await shellWords(NASTY.map(shellQuote).join(' '))).toEqual(NASTY);
  });

  it('holds for generated strings too', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.string({ unit: 'binary' }).map((s) => s.replace(/\0/g, '')),
          { minLength: 1, maxLength: 4 },
        ),
        async (args) => {
          expect(await shellWords(args.map(shellQuote).join(' '))).toEqual(args);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses a NUL, which no argv can carry', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });

  it('displays plain words as they are and quotes the rest', async () => {
    const argv = ['./scripts/run.sh', 'ralph', 'auth', '25', '--context=Focus on errors', "it's"];
    const shown = displayCommand(argv);
    expect(shown).toBe(`./scripts/run.sh ralph auth 25 '--context=Focus on errors' 'it'\\''s'`);
    expect(await shellWords(shown)).toEqual(argv);
  });
});

/**
 * The one shell quoter, checked the way a person uses it: each quoted
 * command line is run by every shell installed here (dash as sh, bash and
 * zsh both interactive, where `!` history expansion is on; fish when
 * present), and must give back exactly the argv it was made from.
 */
import { spawn, spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shellCommand, shellQuote, shellWord } from '../../../../../main/core/shell/shellQuote';

interface Shell {
  name: string;
  argv: string[];
  /** What the user's $SHELL would be, for shellWord's fish branch. */
  login: string;
}

function installed(program: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', program]).status === 0;
}

/**
 * Interactive shells (history expansion of `!` on) reading the line from
 * stdin as a bracketed paste arrives: without line editing, so a tab is a
 * tab, not a completion request.
 */
const SHELLS: Shell[] = [
  { name: 'sh', argv: ['sh', '-s'], login: '/bin/sh' },
  {
    name: 'bash',
    argv: ['bash', '--norc', '--noprofile', '--noediting', '-i'],
    login: '/bin/bash',
  },
  { name: 'zsh', argv: ['zsh', '-f', '-i'], login: '/usr/bin/zsh' },
  { name: 'fish', argv: ['fish', '--no-config', '-i'], login: '/usr/bin/fish' },
].filter((shell) => installed(shell.argv[0]!));

/** Run `line` in `shell`; resolves the words its printf printed, NUL-terminated. */
function wordsFrom(shell: Shell, line: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const [program, ...args] = shell.argv;
    const child = spawn(program!, args, {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { PATH: process.env.PATH, HOME: '/nonexistent', LANG: 'C.UTF-8', HISTFILE: '' },
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.on('error', reject);
    child.on('close', () => {
      const text = Buffer.concat(out).toString('utf8');
      resolve(text === '' ? [] : text.split('\0').slice(0, -1));
    });
    child.stdin.end(`${line}\nexit\n`);
  });
}

/** printf prints each argument NUL-terminated: what the shell made of the words. */
function echoLine(words: readonly string[], shell: Shell): string {
  return `printf '%s\\0' ${shellCommand(words, shell.login)}`;
}

const HOSTILE = [
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
  '~',
  '=ls',
  '=pipeline-auth:',
  'A=B',
  '--model=o3',
  '!!',
  '!$',
  'a!b',
  '#comment',
  '%1',
  '^x',
  'ünï—cødé ✓ 日本語 🚀',
  ';|&<>(){}[]!#',
];

describe('shell quoting (every installed shell)', () => {
  it('finds at least sh and bash to test with', () => {
    expect(SHELLS.map((s) => s.name)).toEqual(expect.arrayContaining(['sh', 'bash']));
  });

  for (const shell of SHELLS) {
    it(`${shell.name} reads hostile words back unchanged`, async () => {
      expect(await wordsFrom(shell, echoLine(HOSTILE, shell))).toEqual(HOSTILE);
    });

    it(`${shell.name}: generated words survive too`, async () => {
      const piece = fc.oneof(
        fc.constantFrom('=', '!', '!!', '~', "'", '"', '\\', '\n', '$', '`', '#', ' ', '*', 'é'),
        fc.string({ unit: 'grapheme', maxLength: 5 }),
      );
      const word = fc
        .array(piece, { maxLength: 5 })
        .map((parts) => parts.join('').replace(/\0/g, ''));
      await fc.assert(
        fc.asyncProperty(fc.array(word, { minLength: 1, maxLength: 4 }), async (words) => {
          expect(await wordsFrom(shell, echoLine(words, shell))).toEqual(words);
        }),
        { numRuns: 25 },
      );
    });
  }
});

describe('shellWord', () => {
  it('leaves plain words bare and quotes =, ~, ! and anything non-ASCII', () => {
    expect(shellWord('tmux')).toBe('tmux');
    expect(shellWord('/tmp/tmux-1000/default')).toBe('/tmp/tmux-1000/default');
    expect(shellWord('=pipeline-auth:')).toBe(`'=pipeline-auth:'`);
    expect(shellWord('A=B')).toBe(`'A=B'`);
    // After the command's first word, `=` inside a word is plain (never at its start).
    expect(shellWord('--context=x', '', true)).toBe('--context=x');
    expect(shellWord('=x', '', true)).toBe(`'=x'`);
    expect(shellCommand(['A=B', 'A=B', '=ls'])).toBe(`'A=B' A=B '=ls'`);
    expect(shellWord('~/x')).toBe(`'~/x'`);
    expect(shellWord('a!b')).toBe(`'a!b'`);
    expect(shellWord('')).toBe(`''`);
    expect(shellWord(`it's`)).toBe(`'it'\\''s'`);
  });

  it("uses fish's quoting when fish is the user's shell", () => {
    expect(shellWord("it's \\ here", '/usr/bin/fish')).toBe("'it\\'s \\\\ here'");
  });

  it('refuses a NUL, which no argv can carry', () => {
    expect(() => shellWord('a\0b')).toThrow(/NUL/);
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });
});

describe('shellQuote (the hook command string)', () => {
  it('quotes even plain words', () => {
    expect(shellQuote('loopwatch')).toBe(`'loopwatch'`);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});

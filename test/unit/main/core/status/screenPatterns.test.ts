import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyScreen } from '../../../../../main/core/status/screenPatterns';

const CLAUDE_PERMISSION = `
✻ Working on the refactor… (esc to interrupt)
old output line
╭──────────────────────────────────────────────────────────────╮
│ Bash command                                                 │
│                                                              │
│   rm -rf build                                               │
│   Remove the build directory                                 │
│                                                              │
│ Do you want to proceed?                                      │
│ ❯ 1. Yes                                                     │
│   2. Yes, and don't ask again for rm commands in /project    │
│   3. No, and tell Claude what to do differently (esc)        │
╰──────────────────────────────────────────────────────────────╯


`;

describe('classifyScreen', () => {
  it('reads a Claude Code permission prompt and names the tool call', () => {
    expect(classifyScreen(CLAUDE_PERMISSION)).toEqual({
      status: 'waiting',
      signal: 'screen:claude-permission',
      detail: 'Permission prompt: Bash(rm -rf build)',
      agent: 'claude',
    });
  });

  it('reads a Claude Code edit prompt from its question when no tool header is shown', () => {
    const text =
      'Do you want to make this edit to src/app.ts?\n❯ 1. Yes\n  2. No, and tell Claude what to do differently (esc)\n';
    expect(classifyScreen(text)?.detail).toBe('Permission prompt: Edit(src/app.ts)');
  });

  it('reads a Claude Code question menu', () => {
    const text =
      'Which database should I use?\n❯ 1. Postgres\n  2. SQLite\nEnter to select · ↑/↓ to navigate · Esc to cancel\n';
    expect(classifyScreen(text)).toMatchObject({
      status: 'waiting',
      detail: 'Question: Which database should I use?',
    });
  });

  it('reads Codex approval requests and its idle prompt', () => {
    const approval =
      'Would you like to run the following command?\n\n$ git push --force\n\n› 1. Yes, proceed\n  2. No, and tell Codex what to do differently\n';
    expect(classifyScreen(approval)).toMatchObject({
      status: 'waiting',
      detail: 'Codex approval: git push --force',
      agent: 'codex',
    });
    expect(classifyScreen('some answer\n\n› \n')).toMatchObject({ status: 'idle', agent: 'codex' });
  });

  it('reads Gemini and aider prompts', () => {
    expect(
      classifyScreen('Allow execution of: rm?\n● 1. Yes, allow once\n  2. No\n'),
    ).toMatchObject({
      status: 'waiting',
      agent: 'gemini',
      detail: 'Gemini permission prompt: Allow execution of: rm?',
    });
    expect(
      classifyScreen("Add src/x.py to the chat? (Y)es/(N)o/(D)on't ask again [Yes]: "),
    ).toMatchObject({
      status: 'waiting',
      agent: 'aider',
      detail: 'aider asks: Add src/x.py to the chat?',
    });
  });

  it('reads generic y/n and press-enter questions on the last lines only', () => {
    expect(classifyScreen('Overwrite config.yaml? [y/N] ')).toMatchObject({
      status: 'waiting',
      detail: 'Question: Overwrite config.yaml? [y/N]',
    });
    expect(classifyScreen('Continue (y/n)?')?.status).toBe('waiting');
    expect(classifyScreen('Press Enter to continue')?.signal).toBe('screen:press-enter');
    // An answered question is history, even while it is still on screen.
    expect(classifyScreen('Overwrite config.yaml? [y/N] y\nanswer: y\n')).toBeNull();
    expect(classifyScreen('Overwrite config.yaml? [y/N] y')).toBeNull();
    // A question that scrolled up is history.
    expect(classifyScreen('Overwrite? [y/N] y\nwriting\ndone\n$ ')).toBeNull();
  });

  it('sees a busy agent by its interrupt hint or spinner line', () => {
    expect(classifyScreen('✻ Thinking… (12s · ↑ 1.2k tokens · esc to interrupt)\n')).toMatchObject({
      status: 'working',
      agent: 'claude',
    });
    expect(classifyScreen('· Precipitating…\n')).toMatchObject({ status: 'working' });
    expect(classifyScreen('Working (ctrl+c to interrupt)\n')).toMatchObject({ status: 'working' });
  });

  it('a busy agent beats an old y/n line above it', () => {
    expect(classifyScreen('Continue? [y/N] y\n✻ Thinking… (esc to interrupt)\n')?.status).toBe(
      'working',
    );
  });

  it('reads a Python REPL prompt and a Claude Code input box as idle', () => {
    expect(classifyScreen('>>> print(1)\n1\n>>> ')).toMatchObject({
      status: 'idle',
      agent: 'python',
    });
    expect(classifyScreen('╭────────╮\n│ >      │\n╰────────╯\n  ? for shortcuts\n')).toMatchObject(
      {
        status: 'idle',
        agent: 'claude',
      },
    );
  });

  it('says nothing about a plain shell', () => {
    expect(classifyScreen('$ ls\nREADME.md\n$ ')).toBeNull();
    expect(classifyScreen('')).toBeNull();
  });

  it('never throws and keeps reasons short, whatever the screen holds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 4000 }), (text) => {
        const match = classifyScreen(text);
        if (match) expect(match.detail.length).toBeLessThanOrEqual(160);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            'Do you want to x?',
            '❯ 1. Yes',
            '│',
            '(y/n)',
            '>>>',
            '…',
            '› ',
            'esc to cancel',
            '╭',
            'Bash command',
            '',
          ),
          {
            maxLength: 40,
          },
        ),
        (lines) => {
          classifyScreen(lines.join('\n'));
        },
      ),
      { numRuns: 300 },
    );
  });
});

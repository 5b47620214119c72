import { describe, expect, it } from 'vitest';
import { extractPrompt, samePrompt } from '../../../../../main/core/status/promptOptions';

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

describe('extractPrompt', () => {
  it('reads a Claude Code permission box: the call, the question and three keyed options', () => {
    expect(extractPrompt(CLAUDE_PERMISSION)).toEqual({
      question: 'Bash command\nrm -rf build\nRemove the build directory\nDo you want to proceed?',
      options: [
        { key: '1', label: 'Yes', needsConfirm: false },
        {
          key: '2',
          label: "Yes, and don't ask again for rm commands in /project",
          needsConfirm: true,
        },
        { key: '3', label: 'No, and tell Claude what to do differently', needsConfirm: true },
      ],
      submit: 'key',
    });
  });

  it('reads a Claude question menu with its hint line below', () => {
    const text =
      'Which database should I use?\n❯ 1. Postgres\n  2. SQLite\nEnter to select · ↑/↓ to navigate · Esc to cancel\n';
    const prompt = extractPrompt(text);
    expect(prompt?.question).toBe('Which database should I use?');
    expect(prompt?.options.map((o) => `${o.key} ${o.label}`)).toEqual(['1 Postgres', '2 SQLite']);
  });

  it("uses Codex's own letter shortcuts and asks again for 'don't ask again'", () => {
    const text = [
      'Would you like to run the following command?',
      '',
      '$ git push --force',
      '',
      '› 1. Yes, proceed (y)',
      "  2. Yes, and don't ask again for this command (a)",
      '  3. No, and tell Codex what to do differently (esc)',
      '',
      '  Press enter to confirm or esc to cancel',
    ].join('\n');
    const prompt = extractPrompt(text)!;
    expect(prompt.question).toBe(
      'Would you like to run the following command?\n$ git push --force',
    );
    expect(prompt.options).toEqual([
      { key: 'y', label: 'Yes, proceed', needsConfirm: false },
      { key: 'a', label: "Yes, and don't ask again for this command", needsConfirm: true },
      { key: '3', label: 'No, and tell Codex what to do differently', needsConfirm: true },
    ]);
  });

  it('reads Gemini options, "for this session" needing a second confirmation', () => {
    const prompt = extractPrompt(
      'Allow execution of: rm?\n● 1. Allow once\n  2. Allow for this session\n  3. No, suggest changes (esc)\n',
    )!;
    expect(prompt.options.map((o) => [o.key, o.needsConfirm])).toEqual([
      ['1', false],
      ['2', true],
      ['3', true],
    ]);
  });

  it("reads aider's line question: every letter, All and Don't ask again confirmed twice", () => {
    const prompt = extractPrompt(
      "Run shell command? (Y)es/(N)o/(A)ll/(S)kip all/(D)on't ask again [Yes]: ",
    )!;
    expect(prompt.submit).toBe('line');
    expect(prompt.question).toBe('Run shell command?');
    expect(prompt.options).toEqual([
      { key: 'y', label: 'Yes', needsConfirm: false },
      { key: 'n', label: 'No', needsConfirm: false },
      { key: 'a', label: 'All', needsConfirm: true },
      { key: 's', label: 'Skip all', needsConfirm: true },
      { key: 'd', label: "Don't ask again", needsConfirm: true },
    ]);
  });

  it('reads y/n and yes/no questions as line answers, and Press Enter as one key', () => {
    expect(extractPrompt('Overwrite config.yaml? [y/N] ')).toMatchObject({
      question: 'Overwrite config.yaml? [y/N]',
      options: [{ key: 'y' }, { key: 'n' }],
      submit: 'line',
    });
    expect(extractPrompt('Continue (yes/no)? ')?.options.map((o) => o.key)).toEqual(['yes', 'no']);
    expect(extractPrompt('Press Enter to continue')).toMatchObject({
      options: [{ key: 'Enter', label: 'Continue' }],
      submit: 'key',
    });
  });

  it('finds nothing in a numbered list that output moved on from, nor in plain output', () => {
    const list = ['Steps:', '1. build', '2. test', 'running build...', 'ok', 'done', '$ '].join(
      '\n',
    );
    expect(extractPrompt(list)).toBeNull();
    expect(extractPrompt('hello\nworld\n')).toBeNull();
    expect(extractPrompt('')).toBeNull();
    // An answered y/n is history.
    expect(extractPrompt('Overwrite? [y/N] y\nwritten\n')).toBeNull();
  });

  it('compares two reads by question and options', () => {
    const a = extractPrompt(CLAUDE_PERMISSION)!;
    const b = extractPrompt(CLAUDE_PERMISSION.replace('rm -rf build', 'rm -rf dist'))!;
    expect(samePrompt(a, extractPrompt(CLAUDE_PERMISSION)!)).toBe(true);
    expect(samePrompt(a, b)).toBe(false);
  });
});

describe('extractPrompt on narrow panes and answered menus', () => {
  it('joins a label wrapped onto an indented line, but not output after the menu', () => {
    const wrapped = [
      'Do you want to proceed?',
      '❯ 1. Yes',
      "  2. Yes, and don't ask again for rm",
      '     commands in /project',
      '  3. No',
    ].join('\n');
    expect(extractPrompt(wrapped)?.options[1]?.label).toBe(
      "Yes, and don't ask again for rm commands in /project",
    );
    expect(extractPrompt(`${wrapped}\ngot [1]`)).toBeNull();
  });
});

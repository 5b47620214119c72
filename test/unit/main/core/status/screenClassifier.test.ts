/**
 * The built-in manifests on hand-written screens: each agent's own prompts,
 * the principles of the issue (a question beats a busy footer; prose is not
 * a question; background work is working; a known agent with nothing
 * matched is idle; an unknown program gets the generic rules only).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyScreen } from '../../../../../main/core/status/screenClassifier';
import { RuleSet } from '../../../../../main/core/status/rules/ruleSet';

const rules = new RuleSet();
const read = (text: string, agent: string | null = null, title = '') =>
  classifyScreen(rules, text, { agent, title });

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

describe('classifyScreen with the built-in manifests', () => {
  it('reads a Claude Code permission prompt and names the tool call', () => {
    expect(read(CLAUDE_PERMISSION, 'claude')).toMatchObject({
      status: 'waiting',
      signal: 'screen:claude-permission',
      detail: 'Permission prompt: Bash(rm -rf build)',
      agent: 'claude',
      rule: 'claude-permission',
      manifest: { id: 'claude', version: '1.0.0' },
    });
  });

  it('a question beats the busy footer still drawn under it', () => {
    const text = `${CLAUDE_PERMISSION.trim()}\n✻ Thinking… (12s · esc to interrupt)\n`;
    expect(read(text, 'claude')?.status).toBe('waiting');
  });

  it('reads a Claude Code edit prompt from its question when no tool header is shown', () => {
    const text =
      'Do you want to make this edit to src/app.ts?\n❯ 1. Yes\n  2. No, and tell Claude what to do differently (esc)\n';
    expect(read(text, 'claude')?.detail).toBe('Permission prompt: Edit(src/app.ts)');
  });

  it('reads a Claude Code question form', () => {
    const text =
      'Which database should I use?\n❯ 1. Postgres\n  2. SQLite\nEnter to select · ↑/↓ to navigate · Esc to cancel\n';
    expect(read(text, 'claude')).toMatchObject({
      status: 'waiting',
      signal: 'screen:claude-question',
      detail: 'Question: Which database should I use?',
    });
  });

  it('reads Claude Code MCP and browser-tool prompts (Allow / Deny)', () => {
    const text = 'Use tool navigate_page from chrome-devtools?\n  Allow / Deny (esc)\n';
    expect(read(text, 'claude')).toMatchObject({
      status: 'waiting',
      signal: 'screen:claude-tool-allow',
      detail: 'Permission prompt (tool): Use tool navigate_page from chrome-devtools?',
    });
  });

  it('background work is working, though the prompt is free', () => {
    expect(read('> \n  ? for shortcuts · 2 shells\n', 'claude')).toMatchObject({
      status: 'working',
      signal: 'screen:claude-background',
    });
    expect(read('Waiting for 3 background agents\n> \n', 'claude')?.status).toBe('working');
  });

  it('prose is not a question: "Would you like to…" in the agent\'s own answer', () => {
    const text = '• Done. Would you like to run the following command? `make test`\n\n› \n';
    expect(read(text, 'codex')).toMatchObject({ status: 'idle', signal: 'screen:codex-prompt' });
    expect(read('⏺ Do you want to proceed? I can do that next.\n> \n', 'claude')?.status).toBe(
      'idle',
    );
  });

  it('reads Codex approval requests and its idle prompt', () => {
    const approval =
      'Would you like to run the following command?\n\n$ git push --force\n\n› 1. Yes, proceed (y)\n  2. No, and tell Codex what to do differently (esc)\n\nPress enter to confirm or esc to cancel\n';
    expect(read(approval, 'codex')).toMatchObject({
      status: 'waiting',
      detail: 'Codex approval: git push --force',
      agent: 'codex',
    });
    expect(read('some answer\n\n› \n', 'codex')).toMatchObject({ status: 'idle', agent: 'codex' });
  });

  it("Codex: its question form's hint says 'esc to interrupt' and is still a question", () => {
    const form = [
      'Question 1/1',
      'Database',
      'Which database should we use?',
      '› (x) Postgres   Robust',
      '  ( ) SQLite     Simple',
      'Option 1 of 2 | ↑/↓ scroll | Enter: submit answer | esc to interrupt',
    ].join('\n');
    expect(read(form, 'codex')).toMatchObject({
      status: 'waiting',
      signal: 'screen:codex-question',
      detail: 'Codex asks: Which database should we use?',
    });
  });

  it('Codex: a status bar truncated with "…" is not a spinner', () => {
    const idle =
      '› Ask Codex to do anything\n\n  gpt-5 high · 100% context left · ~/projects/loopwatch/some/very/long/pa…\n';
    expect(read(idle, 'codex')?.status).toBe('idle');
  });

  it('Codex: the title says Action Required', () => {
    expect(read('› \n', 'codex', 'Action Required: codex')?.status).toBe('waiting');
  });

  it('reads Gemini CLI prompts, spinner and titles', () => {
    const permission = [
      '╭──────────────────────────────────────╮',
      '│ ?  Shell rm -rf build                │',
      '│ Allow execution of [Shell]?          │',
      '│ ● 1. Allow once                      │',
      '│   2. Allow for this session          │',
      '│   3. No, suggest changes (esc)       │',
      '╰──────────────────────────────────────╯',
    ].join('\n');
    expect(read(permission, 'gemini')).toMatchObject({
      status: 'waiting',
      agent: 'gemini',
      detail: 'Gemini permission prompt: Allow execution of [Shell]?',
    });
    const edit =
      'Apply this change?\n● 1. Allow once\n  2. Allow for this session\n  3. No, suggest changes (esc)\n';
    expect(read(edit, 'gemini')?.detail).toBe('Gemini permission prompt: Apply this change?');
    expect(read('⠏ Thinking… (esc to cancel, 3s)\n> Type your message\n', 'gemini')?.status).toBe(
      'working',
    );
    expect(read('> Type your message\n', 'gemini', '✋  Action Required (repo)')?.status).toBe(
      'waiting',
    );
    expect(read('> Type your message\n', 'gemini', '◇  Ready (repo)')?.status).toBe('idle');
  });

  it('reads the prompts of OpenCode, Cursor, Copilot, Cline, Kimi, Qwen and aider', () => {
    const cases: [string, string][] = [
      [
        'opencode',
        '┃ △ Permission required\n┃ # Run tests\n┃ $ npm test\n  Allow once   Allow always   Reject   ⇆ select  enter confirm\n',
      ],
      ['cursor-agent', 'Run command? (y)\n  npm test\n  Skip (esc or n)\n'],
      [
        'copilot',
        'Do you want to run this command?\n❯ 1. Yes\n  2. No, and tell Copilot what to do differently (Esc)\n',
      ],
      ['cline', 'Let Cline use this tool?\n  [y] yes  [n] no\n'],
      ['kimi', 'Shell: rm -rf build\nAllow? [y/n/a]\n'],
      [
        'qwen',
        'Allow execution of [Shell]?\n● 1. Yes, allow once\n  2. No, suggest changes (esc)\n',
      ],
      ['aider', "Add src/x.py to the chat? (Y)es/(N)o/(D)on't ask again [Yes]: "],
    ];
    for (const [agent, text] of cases) {
      expect(read(text, agent), agent).toMatchObject({ status: 'waiting', agent });
    }
    expect(
      read("Add src/x.py to the chat? (Y)es/(N)o/(D)on't ask again [Yes]: ", 'aider')?.detail,
    ).toBe('aider asks: Add src/x.py to the chat?');
  });

  it("one agent is never read with another agent's rules", () => {
    // A Gemini pane showing text that looks like Claude Code's prompt box.
    const text = '╭────────╮\n│ >      │\n╰────────╯\n  ? for shortcuts\n';
    expect(read(text, 'gemini')?.signal).not.toBe('screen:claude-prompt');
    // An unknown program with a Codex dialog on screen: generic rules only, nothing matched.
    expect(
      read('Would you like to run the following command?\n› 1. Yes, proceed (y)\n', null),
    ).toBeNull();
  });

  it('a known agent with no rule matched is idle, and the reason says so', () => {
    expect(read('just some output\n', 'opencode')).toMatchObject({
      status: 'idle',
      signal: 'screen:opencode-no-match',
      rule: null,
      detail: 'OpenCode: no rule matched (no question and nothing busy on screen), so idle',
    });
  });

  it('reads generic y/n and press-enter questions on the last line only', () => {
    expect(read('Overwrite config.yaml? [y/N] ')).toMatchObject({
      status: 'waiting',
      detail: 'Question: Overwrite config.yaml? [y/N]',
    });
    expect(read('Continue (y/n)?')?.status).toBe('waiting');
    expect(read('Press Enter to continue')?.signal).toBe('screen:press-enter');
    // An answered question is history, even while it is still on screen.
    expect(read('Overwrite config.yaml? [y/N] y\nanswer: y\n')).toBeNull();
    expect(read('Overwrite config.yaml? [y/N] y')).toBeNull();
    expect(read('Overwrite? [y/N] y\nwriting\ndone\n$ ')).toBeNull();
  });

  it('sees a busy agent by its interrupt hint or spinner line', () => {
    expect(read('✻ Thinking… (12s · ↑ 1.2k tokens · esc to interrupt)\n', 'claude')).toMatchObject({
      status: 'working',
      agent: 'claude',
    });
    expect(read('· Precipitating…\n', 'claude')).toMatchObject({ status: 'working' });
    expect(read('Working (ctrl+c to interrupt)\n')).toMatchObject({ status: 'working' });
    expect(read('Continue? [y/N] y\n✻ Thinking… (esc to interrupt)\n', 'claude')?.status).toBe(
      'working',
    );
  });

  it("Claude Code's title spinner says working; '✳' does not", () => {
    expect(read('> \n', 'claude', '⠂ Refactoring')?.status).toBe('working');
    expect(read('> \n', 'claude', '◐ Refactoring')?.status).toBe('working');
    expect(read('> \n', 'claude', '✳ Refactoring')?.status).toBe('idle');
  });

  it('reads a Python REPL prompt and a Claude Code input box as idle', () => {
    expect(read('>>> print(1)\n1\n>>> ')).toMatchObject({ status: 'idle', agent: null });
    expect(read('╭────────╮\n│ >      │\n╰────────╯\n  ? for shortcuts\n', 'claude')).toMatchObject(
      {
        status: 'idle',
        signal: 'screen:claude-prompt',
      },
    );
  });

  it('says nothing about a plain shell', () => {
    expect(read('$ ls\nREADME.md\n$ ')).toBeNull();
    expect(read('')).toBeNull();
  });

  it('never throws and keeps reasons short, whatever the screen holds', () => {
    const agents = [null, ...rules.agents().map((m) => m.id)];
    fc.assert(
      fc.property(fc.string({ maxLength: 4000 }), fc.constantFrom(...agents), (text, agent) => {
        const match = read(text, agent);
        if (match) expect(match.detail.length).toBeLessThanOrEqual(200);
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
            '╰',
            '────────────',
            'Bash command',
            'Question 1/2',
            'Allow once',
            '',
          ),
          { maxLength: 40 },
        ),
        fc.constantFrom(...agents),
        (lines, agent) => {
          read(lines.join('\n'), agent);
        },
      ),
      { numRuns: 300 },
    );
  });
});

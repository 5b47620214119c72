/**
 * The rule engine on manifests written for the test: priorities, regions,
 * matchers, reasons, explain, user overrides.
 */
import { describe, expect, it } from 'vitest';
import type { ManifestInput } from '../../../../../../main/core/status/rules/manifestSchema';
import { checkManifest } from '../../../../../../main/core/status/rules/compile';
import { RuleSet, type UserManifest } from '../../../../../../main/core/status/rules/ruleSet';
import { regionLines, toScreen } from '../../../../../../main/core/status/rules/regions';
import { MAX_LINES, MAX_LINE_CHARS } from '../../../../../../main/core/status/rules/regions';

function user(raw: ManifestInput, path = '/cfg/agents/x.json'): UserManifest {
  const checked = checkManifest(raw, path);
  if (!checked.manifest) throw new Error(JSON.stringify(checked.problems));
  return { manifest: checked.manifest, path };
}

const TOY: ManifestInput = {
  id: 'toy',
  name: 'Toy Agent',
  version: '2.0.0',
  agentVersions: ['1.2.3'],
  rules: [
    {
      id: 'toy-ask',
      state: 'waiting',
      priority: 900,
      region: { kind: 'dialog' },
      match: { all: [{ contains: 'Proceed?' }, { not: { contains: 'disabled' } }] },
      reason: 'Toy asks: {match}',
    },
    {
      id: 'toy-busy',
      state: 'working',
      priority: 400,
      region: { kind: 'lastLines', lines: 2 },
      match: { lineRegex: 'busy', flags: 'i' },
      reason: 'Busy',
    },
    {
      id: 'toy-title',
      state: 'working',
      priority: 300,
      region: { kind: 'title' },
      match: { regex: '^\\*' },
      reason: 'Title star',
    },
    {
      id: 'toy-footer',
      state: 'idle',
      priority: 100,
      region: { kind: 'afterLastRule' },
      match: { any: [{ contains: 'ready' }, { contains: 'done' }] },
      reason: 'Footer says {match}',
    },
  ],
};

describe('the rule engine', () => {
  const rules = new RuleSet([user(TOY)]);

  it('the built-in manifests load without a problem', () => {
    expect(new RuleSet().problems).toEqual([]);
  });

  it('tries rules by priority; the first match decides, with rule, manifest and matched text', () => {
    const screen = '╭──────╮\n│ Proceed? │\n╰──────╯\nBUSY now\n';
    expect(rules.decide(screen, { agent: 'toy' })).toMatchObject({
      status: 'waiting',
      rule: 'toy-ask',
      manifest: { id: 'toy', version: '2.0.0', name: 'Toy Agent' },
      matched: 'Proceed?',
      reason: 'Toy asks: Proceed?',
    });
  });

  it('regions: a dialog is only text inside a box; the title; after the last rule', () => {
    expect(rules.decide('Proceed?\n', { agent: 'toy' }).rule).toBeNull();
    expect(rules.decide('hello\n', { agent: 'toy', title: '* working' }).rule).toBe('toy-title');
    expect(rules.decide('ready\n──────────\nnothing\n', { agent: 'toy' }).rule).toBeNull();
    expect(rules.decide('x\n──────────\nready\n', { agent: 'toy' }).rule).toBe('toy-footer');
    expect(rules.decide('x\n──────────\nready\n', { agent: 'toy' }).reason).toBe(
      'Footer says ready',
    );
  });

  it('not: a disabled dialog is not a question', () => {
    const screen = '╭──────╮\n│ Proceed? (disabled) │\n╰──────╯\n';
    expect(rules.decide(screen, { agent: 'toy' }).status).toBe('idle');
  });

  it('a known agent with nothing matched is idle and says so; unknown gets generic only', () => {
    expect(rules.decide('hello\n', { agent: 'toy' })).toMatchObject({
      status: 'idle',
      rule: null,
      reason: 'Toy Agent: no rule matched (no question and nothing busy on screen), so idle',
    });
    expect(rules.decide('BUSY\n', { agent: null })).toMatchObject({ status: null, rule: null });
    expect(rules.decide('Continue? [y/N]', { agent: 'toy' }).rule).toBe('yes-no');
  });

  it('explain lists every rule with its verdict; a plain decision stops at the first match', () => {
    const text = '╭──────╮\n│ Proceed? │\n╰──────╯\nbusy\n';
    const full = rules.decide(text, { agent: 'toy' }, true);
    expect(full.evaluated.map((v) => [v.rule, v.matched])).toEqual([
      ['toy-ask', true],
      ['toy-busy', true],
      ['toy-title', false],
      // Same priority: the agent's own rule before the generic one.
      ['toy-footer', false],
      ['yes-no', false],
      ['press-enter', false],
      ['busy', false],
      ['python-prompt', false],
    ]);
    expect(full.evaluated[1]).toMatchObject({
      manifest: 'toy',
      state: 'working',
      priority: 400,
      region: 'the last 2 non-empty lines',
      text: 'busy',
    });
    expect(rules.decide(text, { agent: 'toy' }).evaluated).toHaveLength(1);
  });

  it('a user file overrides a built-in rule by id, disables one, adds one', () => {
    const set = new RuleSet([
      user({
        id: 'codex',
        name: 'Codex CLI (mine)',
        version: '1.0.0-local',
        disable: ['codex-prompt'],
        rules: [
          {
            id: 'codex-busy',
            state: 'working',
            priority: 400,
            region: { kind: 'lastLines', lines: 3 },
            match: { contains: 'Crunching' },
            reason: 'Crunching',
          },
          {
            id: 'codex-mine',
            state: 'waiting',
            priority: 950,
            region: { kind: 'lastLines', lines: 3 },
            match: { contains: 'Your turn' },
            reason: 'My prompt',
          },
        ],
      }),
    ]);
    expect(set.decide('Your turn\n', { agent: 'codex' })).toMatchObject({
      rule: 'codex-mine',
      manifest: { id: 'codex', version: '1.0.0-local' },
    });
    expect(set.decide('Crunching\n', { agent: 'codex' }).rule).toBe('codex-busy');
    expect(set.decide('Working (esc to interrupt)\n', { agent: 'codex' }).rule).not.toBe(
      'codex-busy',
    );
    expect(set.decide('› \n', { agent: 'codex' }).rule).toBeNull();
    expect(set.get('codex')?.origin).toBe('/cfg/agents/x.json');
    expect(set.problems).toEqual([]);
  });

  it('a bad pattern drops its rule only, reported with the file and the rule', () => {
    const set = new RuleSet([
      user({
        id: 'toy',
        name: 'Toy',
        version: '1',
        rules: [
          {
            id: 'evil',
            state: 'waiting',
            priority: 1,
            region: { kind: 'screen' },
            match: { regex: '(a+)+$' },
            reason: 'x',
          },
          {
            id: 'fine',
            state: 'waiting',
            priority: 2,
            region: { kind: 'screen' },
            match: { contains: 'ok?' },
            reason: 'fine',
          },
        ],
      }),
    ]);
    expect(set.problems).toEqual([
      {
        path: '/cfg/agents/x.json',
        rule: 'evil',
        message: expect.stringMatching(/catastrophic/),
      },
    ]);
    expect(set.decide('ok?', { agent: 'toy' }).rule).toBe('fine');
    // The evil pattern never runs: a screen that would make it backtrack is decided at once.
    expect(set.decide(`${'a'.repeat(400)}!`, { agent: 'toy' }).status).toBe('idle');
  });

  it('schema problems name the rule', () => {
    const checked = checkManifest(
      {
        id: 'toy',
        name: 'Toy',
        version: '1',
        rules: [
          {
            id: 'r1',
            state: 'sleeping',
            priority: 1,
            region: { kind: 'screen' },
            match: { contains: 'x' },
            reason: 'x',
          },
        ],
      },
      '/p.json',
    );
    expect(checked.manifest).toBeNull();
    expect(checked.problems[0]).toMatchObject({ path: '/p.json', rule: 'r1' });
    expect(checked.problems[0]?.message).toMatch(/^rules\.0\.state: /);
  });

  it('bounds the input: lines, line length, title', () => {
    const screen = toScreen(`${'x'.repeat(10_000)}\n`.repeat(1_000), 't'.repeat(10_000));
    expect(screen.lines).toHaveLength(MAX_LINES);
    expect(screen.lines.every((l) => l.length <= MAX_LINE_CHARS)).toBe(true);
    expect(regionLines(screen, { kind: 'title' })[0]!.length).toBeLessThanOrEqual(256);
  });

  it('splits screens of blank lines, leading newlines and no newline at all', () => {
    expect(toScreen('\n\n\n').lines).toEqual([]);
    expect(toScreen('').lines).toEqual([]);
    expect(toScreen('\nabc\n\n').lines).toEqual(['', 'abc']);
    expect(toScreen('a\n\nb').lines).toEqual(['a', '', 'b']);
    expect(rules.decide('\n\n', { agent: 'toy', title: '* x' }).rule).toBe('toy-title');
  });

  it("the title's own verdict: by title rules only, null when none matches", () => {
    const rules = new RuleSet();
    expect(rules.titleState('⠦ say hello | proj', 'codex')).toBe('working');
    expect(rules.titleState('[ ! ] Action Required | proj', 'codex')).toBe('waiting');
    // No title rule matches: not "idle" (a known agent's screen with no match is idle, its title is not).
    expect(rules.titleState('say hello | proj', 'codex')).toBeNull();
    expect(rules.titleState('◇  Ready (proj)', 'gemini')).toBe('idle');
    expect(rules.titleState('anything', null)).toBeNull();
  });

  it('resolves agent aliases', () => {
    expect(rules.resolve('claude-code')).toBe('claude');
    expect(rules.resolve('Gemini-CLI')).toBe('gemini');
    expect(rules.resolve('toy')).toBe('toy');
    expect(rules.resolve('nope')).toBeNull();
  });
});

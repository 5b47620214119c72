/**
 * The user's rule files on a real directory: broken files are reported with
 * their path (and rule) and left out; changes apply live.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RuleProblem } from '../../../../../../main/core/status/rules/compile';
import { RuleSet } from '../../../../../../main/core/status/rules/ruleSet';
import {
  formatProblem,
  loadUserManifests,
  MAX_RULE_FILE_BYTES,
  UserRulesWatcher,
} from '../../../../../../main/core/status/rules/userRules';
import { eventually } from '../../../../../helpers/sandbox';

const manifest = (id: string, contains: string, extra: object = {}) =>
  JSON.stringify({
    id,
    name: `Agent ${id}`,
    version: '1.0.0',
    rules: [
      {
        id: `${id}-ask`,
        state: 'waiting',
        priority: 900,
        region: { kind: 'lastLines', lines: 3 },
        match: { contains },
        reason: `${id} asks`,
      },
    ],
    ...extra,
  });

describe('user rule files', () => {
  let root: string;
  let dir: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'lw-rules-'));
    dir = join(root, 'config', 'agents');
    await mkdir(dir, { recursive: true });
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('loads good files and reports each bad one with its path and rule', async () => {
    await writeFile(join(dir, 'good.json'), manifest('good', 'Go?'));
    await writeFile(join(dir, 'syntax.json'), '{ "id": ');
    await writeFile(join(dir, 'empty.json'), '');
    await writeFile(
      join(dir, 'schema.json'),
      JSON.stringify({ id: 'Bad Id', name: 'x', version: '1', rules: [] }),
    );
    await writeFile(
      join(dir, 'regex.json'),
      manifest('evil', 'x', {}).replace('"contains":"x"', '"regex":"(x+)+y"'),
    );
    await writeFile(join(dir, 'big.json'), ' '.repeat(MAX_RULE_FILE_BYTES + 1));
    await writeFile(join(dir, 'zz-dupe.json'), manifest('good', 'Other?'));
    await writeFile(join(dir, 'notes.txt'), 'not a rule file');
    const { manifests, problems } = await loadUserManifests(dir);
    expect(manifests.map((m) => m.manifest.id).sort()).toEqual(['evil', 'good']);
    const byFile = (name: string): RuleProblem[] =>
      problems.filter((p) => p.path === join(dir, name));
    expect(byFile('syntax.json')[0]?.message).toMatch(/not valid JSON/);
    expect(byFile('empty.json')[0]?.message).toMatch(/empty/);
    expect(byFile('schema.json')[0]?.message).toMatch(/^id: /);
    expect(byFile('big.json')[0]?.message).toMatch(/limit/);
    expect(byFile('zz-dupe.json')[0]?.message).toMatch(/also defined by .*good\.json/);
    expect(byFile('notes.txt')).toEqual([]);
    // The bad regex is found when the rules are compiled: the rule is named, the rest works.
    const rules = new RuleSet();
    rules.setUser(manifests, problems);
    expect(rules.problems.find((p) => p.rule === 'evil-ask')).toMatchObject({
      path: join(dir, 'regex.json'),
      message: expect.stringMatching(/catastrophic/),
    });
    expect(formatProblem(rules.problems.find((p) => p.rule === 'evil-ask')!)).toMatch(
      /regex\.json \(rule evil-ask\): /,
    );
    expect(rules.decide('Go?\n', { agent: 'good' }).rule).toBe('good-ask');
  });

  it('a missing directory is no rules and no problem', async () => {
    expect(await loadUserManifests(join(root, 'nope'))).toEqual({ manifests: [], problems: [] });
  });

  it('applies changes live: added, edited, broken, fixed, removed', async () => {
    const rules = new RuleSet();
    const reports: (readonly RuleProblem[])[] = [];
    const watcher = new UserRulesWatcher(dir, rules, (p) => reports.push(p));
    try {
      await watcher.start();
      expect(rules.get('mine')).toBeNull();
      await writeFile(join(dir, 'mine.json'), manifest('mine', 'First?'));
      await eventually(
        () => rules.decide('First?', { agent: 'mine' }).rule === 'mine-ask',
        'mine.json added',
      );
      await writeFile(join(dir, 'mine.json'), manifest('mine', 'Second?'));
      await eventually(
        () => rules.decide('Second?', { agent: 'mine' }).rule === 'mine-ask',
        'mine.json edited',
      );
      await writeFile(join(dir, 'mine.json'), '{ broken');
      await eventually(
        () => rules.problems[0]?.path === join(dir, 'mine.json'),
        'the break reported',
      );
      // Broken: the file is left out; the supervisor's rules still work.
      expect(rules.get('mine')).toBeNull();
      expect(rules.decide('Continue? [y/N]').rule).toBe('yes-no');
      await writeFile(join(dir, 'mine.json'), manifest('mine', 'Third?'));
      await eventually(() => rules.problems.length === 0 && rules.get('mine') !== null, 'the fix');
      await rm(join(dir, 'mine.json'));
      await eventually(() => rules.get('mine') === null, 'mine.json removed');
      expect(reports.length).toBeGreaterThanOrEqual(5);
    } finally {
      watcher.close();
    }
  });

  it('follows a directory that does not exist yet', async () => {
    const later = join(root, 'fresh', 'agents');
    const rules = new RuleSet();
    const watcher = new UserRulesWatcher(later, rules, () => undefined);
    try {
      await watcher.start();
      await mkdir(later, { recursive: true });
      await writeFile(join(later, 'late.json'), manifest('late', 'Late?'));
      await eventually(() => rules.get('late') !== null, 'late.json in a new directory');
    } finally {
      watcher.close();
    }
  });
});

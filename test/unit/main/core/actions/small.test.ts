import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../../../main/core/actions/duration';
import { removeIfUnchanged, writeFileAtomic } from '../../../../../main/core/actions/files';
import { historyFileName } from '../../../../../main/core/actions/history';
import { assessHolder, PID_REUSE_TOLERANCE_MS } from '../../../../../main/core/actions/holder';
import { detectJsonFormat, formatJson } from '../../../../../main/core/actions/jsonFormat';
import { nameProblem, runSessionNames } from '../../../../../main/core/actions/names';
import { runShArgsFromArgv } from '../../../../../main/core/actions/runRecords';
import { runShArgs } from '../../../../../main/core/actions/runSh';
import { argvLiteral } from '../../../../../main/core/tmux/quote';

describe('durations', () => {
  it('parses the tmux skill cleanup units', () => {
    expect(parseDuration('45s')).toEqual({ ok: true, ms: 45_000 });
    expect(parseDuration('30m')).toEqual({ ok: true, ms: 1_800_000 });
    expect(parseDuration('2h')).toEqual({ ok: true, ms: 7_200_000 });
    expect(parseDuration('2d')).toEqual({ ok: true, ms: 172_800_000 });
  });

  it('refuses anything else with an example', () => {
    for (const bad of ['', '2', 'h', '1.5h', '-1h', '2w', '2 h h']) {
      const parsed = parseDuration(bad);
      expect(parsed.ok, bad).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(/e\.g\. 30m, 2h, 2d/);
    }
  });

  it('formats with the largest unit that fits', () => {
    expect([59_000, 61_000, 7_200_000, 90_000_000].map(formatDuration)).toEqual([
      '59s',
      '1m',
      '2h',
      '1d',
    ]);
  });
});

describe('names', () => {
  it('takes the seeds rule: lowercase letters, digits, hyphens', () => {
    expect(nameProblem('billing-refactor')).toBeNull();
    expect(nameProblem('auth2')).toBeNull();
    for (const bad of ['Auth', '-x', 'a_b', 'a b', '$(x)', 'x;y', 'ü', 'a'.repeat(65)]) {
      expect(nameProblem(bad), bad).not.toBeNull();
    }
    expect(nameProblem('')).toBe('a name is needed');
  });

  it('knows every session name a run may have', () => {
    expect(runSessionNames('auth')).toEqual(['pipeline-auth', 'loop-auth', 'ap-auth']);
  });
});

describe('run.sh command lines', () => {
  const flags = { provider: null, model: null, context: null, inputs: [] as string[] };
  it('builds each positional form, then the flags', () => {
    expect(runShArgs({ form: 'stage', type: 'ralph', name: 'a', max: 25, ...flags })).toEqual([
      'ralph',
      'a',
      '25',
    ]);
    expect(
      runShArgs({ form: 'stage', loop: true, type: 'work', name: 'a', max: 3, ...flags }),
    ).toEqual(['loop', 'work', 'a', '3']);
    expect(
      runShArgs({ form: 'pipeline', file: 'f.yaml', name: 'p', runs: null, ...flags }),
    ).toEqual(['pipeline', 'f.yaml', 'p']);
    expect(
      runShArgs({
        form: 'pipeline',
        file: 'f.yaml',
        name: 'p',
        runs: 2,
        provider: 'codex',
        model: 'o3',
        context: 'a "b" $c',
        inputs: ['docs/plan.md', 'docs/req.md'],
      }),
    ).toEqual([
      'pipeline',
      'f.yaml',
      'p',
      '2',
      '--provider=codex',
      '--model=o3',
      '--context=a "b" $c',
      '--input',
      'docs/plan.md',
      '--input',
      'docs/req.md',
    ]);
  });

  it("reads run.sh's arguments back from a process's argv, without mode flags", () => {
    expect(
      runShArgsFromArgv([
        'bash',
        '/p/scripts/run.sh',
        'ralph',
        'a',
        '5',
        '--foreground',
        '--resume',
      ]),
    ).toEqual(['ralph', 'a', '5']);
    expect(runShArgsFromArgv(['node', 'server.js'])).toBeNull();
  });
});

describe('tmux argv literals', () => {
  it('escapes only a final semicolon, which tmux would read as a separator', () => {
    expect(['a;', ';', 'a\\;', ';x', 'x;y', ''].map(argvLiteral)).toEqual([
      'a\\;',
      '\\;',
      'a\\\\;',
      ';x',
      'x;y',
      '',
    ]);
  });
});

describe('history file names', () => {
  it('keeps safe names and makes any other one safe and distinct', () => {
    const at = Date.UTC(2026, 10, 21, 5, 33, 0, 123);
    expect(historyFileName('pipeline-auth', at)).toBe('pipeline-auth-20261121T053300123Z.txt');
    const a = historyFileName('a/b', at);
    const b = historyFileName('a_b', at);
    expect(a).toMatch(/^a_b-[0-9a-f]{8}-20261121T053300123Z\.txt$/);
    expect(a).not.toBe(b);
    expect(historyFileName('../../etc', at)).not.toContain('/');
    expect(historyFileName('-x', at).startsWith('-')).toBe(false);
  });
});

describe('JSON layout', () => {
  it('keeps indentation and the final newline', () => {
    for (const text of [
      '{\n  "a": [\n    1\n  ]\n}\n',
      '{\n\t"a": 1\n}',
      '{"a":1}',
      '[\n    1\n]\n',
    ]) {
      expect(formatJson(JSON.parse(text), detectJsonFormat(text))).toBe(text);
    }
  });
});

describe('files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lw-files-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('removes a file only while it holds what was judged', async () => {
    const path = join(dir, 'x.lock');
    await writeFile(path, 'old');
    expect(await removeIfUnchanged(path, 'other')).toMatchObject({
      removed: false,
      why: 'changed',
      now: 'old',
      keptAt: null,
    });
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await removeIfUnchanged(path, 'old')).toEqual({ removed: true });
    expect(await removeIfUnchanged(path, 'old')).toEqual({ removed: false, why: 'gone' });
  });

  it('writes atomically, keeping the mode', async () => {
    const path = join(dir, 'y.json');
    await writeFile(path, 'a', { mode: 0o600 });
    await writeFileAtomic(path, 'b');
    expect(await readFile(path, 'utf8')).toBe('b');
    const { stat } = await import('node:fs/promises');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});

describe('lock holders', () => {
  it('a dead pid is gone; a live pid that started after the lock is a reused pid', async () => {
    const dead = spawnSync('true').pid;
    expect(
      await assessHolder({ session: 'a', pid: dead, startedAt: new Date().toISOString() }, null),
    ).toMatchObject({
      alive: false,
      why: 'dead',
    });
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const now = Date.now();
      expect(
        await assessHolder(
          { session: 'a', pid: child.pid!, startedAt: new Date(now).toISOString() },
          null,
        ),
      ).toMatchObject({
        alive: true,
        pid: child.pid,
      });
      const before = new Date(now - PID_REUSE_TOLERANCE_MS - 60_000).toISOString();
      expect(
        await assessHolder({ session: 'a', pid: child.pid!, startedAt: before }, null),
      ).toMatchObject({
        alive: false,
        why: 'reused',
      });
      // No started_at: the file's mtime stands in.
      expect(
        await assessHolder({ session: 'a', pid: child.pid!, startedAt: null }, now - 3_600_000),
      ).toMatchObject({
        alive: false,
        why: 'reused',
      });
    } finally {
      child.kill();
    }
  });
});

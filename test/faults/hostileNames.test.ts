/**
 * The fault corpus's hostile-names family (`npm run test:faults`): sessions
 * with hostile names (quotes, `$()`, `#()`, `#{`, newlines, unicode, a
 * leading dash, 200+ characters, `;`, `:`, `.`, a leading `=` or `$`) made
 * in a real tmux on a private socket. Each must be listed once under the
 * name tmux gives it, with its status read, and every action that takes a
 * name (nick, log on/off, kill after its plan) must hit exactly that
 * session, or refuse with a clear message where tmux cannot aim at it.
 * Seeded: a failure names its case and reproduces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_STATUSES, type Session } from '../../preload/contract';
import { SessionMarksStore } from '../../main/api/dashboard/sessionMarks';
import { loopwatchConfigDir } from '../../main/core/paths';
import { SessionLogs } from '../../main/core/logs/sessionLogs';
import { argvLiteral, formatLiteral, targetableByName } from '../../main/core/tmux/quote';
import { cli, type CliRun } from '../helpers/fakeProject';
import { createSandbox, type Sandbox } from '../helpers/sandbox';
import { prng } from './corpus';

const SEED = Number(process.env.LOOPWATCH_FAULT_SEED ?? 19);
/** Seeded names on top of the fixed ones: each costs a few CLI scans of every session. */
const SEEDED_NAMES = 16;
/** An action on one name that takes longer than this hangs. */
const CASE_DEADLINE_MS = 30_000;

/** Every kind the issue names, once. */
const FIXED = [
  `it's "quoted"`,
  '$(touch pwned)',
  '`touch pwned`',
  '#(touch pwned)',
  '#{session_id}',
  '#{',
  'line\nbreak',
  'tab\there',
  'unit\x1fsep',
  'ünïcødé 中文 🦀',
  '-leading-dash',
  '--',
  'x'.repeat(230),
  'semi;colon',
  'ends;',
  'co:lon',
  'do.t',
  '=equals',
  '$0',
  '$dollar',
  'back\\slash',
  '~tilde',
  '%percent',
  ' spaced ',
];

const PIECES = [
  '"',
  "'",
  '$(',
  ')',
  '#(',
  '#{',
  '}',
  '\n',
  ';',
  ':',
  '.',
  '=',
  '-',
  '\\',
  'é',
  '🦀',
  ' ',
  '%',
  '~',
  '`',
];

function seededNames(seed: number, count: number): string[] {
  const random = prng(seed);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts = 1 + Math.floor(random() * 6);
    let name = '';
    for (let p = 0; p < parts; p++) {
      name +=
        random() < 0.6
          ? (PIECES[Math.floor(random() * PIECES.length)] ?? '')
          : String.fromCharCode(0x21 + Math.floor(random() * 0x5e));
    }
    names.push(name);
  }
  return names;
}

interface Made {
  input: string;
  id: string;
  pane: string;
  /** The name as tmux keeps it (it escapes control characters and turns `:`/`.` into `_`). */
  name: string;
}

function withDeadline<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} hung`)), CASE_DEADLINE_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

describe(`hostile session names (seed ${SEED})`, () => {
  let sandbox: Sandbox;
  const made: Made[] = [];
  const inputs = [...FIXED, ...seededNames(SEED, SEEDED_NAMES)];

  const run = (args: string[]): Promise<CliRun> =>
    withDeadline(cli(sandbox, args), `loopwatch ${args.map((a) => JSON.stringify(a)).join(' ')}`);

  async function listed(): Promise<Session[]> {
    const out = await run(['list', '--json']);
    expect(out.code, out.err).toBe(0);
    return (JSON.parse(out.out) as { sessions: Session[] }).sessions.filter((s) => s.live);
  }

  /** Panes piped (pipe-pane on), by pane id. */
  async function pipedPanes(): Promise<string[]> {
    const out = await sandbox.tmux(['list-panes', '-a', '-F', '#{pane_id} #{pane_pipe}']);
    return out
      .split('\n')
      .filter((l) => l.endsWith(' 1'))
      .map((l) => l.split(' ')[0]!);
  }

  beforeAll(async () => {
    sandbox = await createSandbox();
    const seen = new Set<string>();
    for (const [i, input] of inputs.entries()) {
      // -s is expanded as a format (`#` written `##`); a final `;` would end the command.
      const out = await sandbox
        .tmux([
          'new-session',
          '-d',
          '-P',
          '-F',
          '#{session_id} #{pane_id}',
          '-s',
          argvLiteral(formatLiteral(input)),
          '--',
          'sleep',
          '3600',
        ])
        .catch((error: unknown) => `refused ${String(error)}`);
      if (out.startsWith('refused')) {
        // tmux refuses a name that sanitises to one it already has: not a Loopwatch case.
        continue;
      }
      const [id = '', pane = ''] = out.trim().split(' ');
      const name = (
        await sandbox.tmux(['display-message', '-p', '-t', pane, '#{session_name}'])
      ).replace(/\n$/, '');
      if (seen.has(name)) throw new Error(`case ${i}: tmux gave two sessions the name ${name}`);
      seen.add(name);
      made.push({ input, id, pane, name });
    }
  });

  afterAll(async () => {
    await sandbox.cleanup();
  });

  it('lists every session once, under the name tmux gives it, with its status read', async () => {
    expect(made.length).toBeGreaterThanOrEqual(FIXED.length);
    const sessions = await listed();
    expect(sessions.map((s) => s.name).sort()).toEqual(made.map((m) => m.name).sort());
    for (const m of made) {
      const s = sessions.find((x) => x.name === m.name)!;
      expect(s.panes.map((p) => p.id)).toEqual([m.pane]);
      expect(SESSION_STATUSES).toContain(s.status);
      expect(s.status).not.toBe('unknown');
      expect(s.reason).not.toBe('');
    }
  });

  it('log on for a name that is gone pipes no pane (tmux 3.3 answers a lost target with empty values)', async () => {
    const logs = await new SessionLogs(sandbox.env).load();
    await expect(logs.on(sandbox.socket(), 'no-such-session', 'user')).rejects.toThrow(
      /no tmux session named "no-such-session"/,
    );
    expect(await pipedPanes()).toEqual([]);
  });

  it('nick, log on/off and kill (after its plan) hit exactly the named session, or refuse clearly', async () => {
    const counts = { inputs: 0, refusedClearly: 0, crashes: 0, hangs: 0 };
    const wrong: string[] = [];
    const fail = (m: Made, what: string): void => {
      wrong.push(`${JSON.stringify(m.input)} (tmux: ${JSON.stringify(m.name)}): ${what}`);
    };
    // A name beginning with `-` reaches the CLI after `--`, as a person would type it.
    const nameArg = (name: string): string[] => (name.startsWith('-') ? ['--', name] : [name]);

    // Each session's Loopwatch id, from one listing (ids do not change while it lives).
    const ids = new Map((await listed()).map((s) => [s.name, s.id]));
    for (const [index, m] of made.entries()) {
      counts.inputs += 1;
      try {
        const nickname = `nick ${index}`;
        const nick = await run(['nick', ...nameArg(m.name), nickname]);
        if (nick.code !== 0) fail(m, `nick failed: ${nick.err}`);
        // The nickname is kept in the marks file, keyed by the session's id.
        const marks = new SessionMarksStore(loopwatchConfigDir(sandbox.env));
        const kept = (await marks.get()).marks.filter((k) => k.nickname === nickname);
        await marks.dispose();
        if (kept.length !== 1 || kept[0]!.sessionId !== ids.get(m.name))
          fail(m, `nick landed on ${JSON.stringify(kept.map((k) => k.sessionId))}`);

        const on = await run(['log', 'on', ...nameArg(m.name)]);
        if (targetableByName(m.name)) {
          if (on.code !== 0) fail(m, `log on failed: ${on.err}`);
          const piped = await pipedPanes();
          if (piped.join() !== m.pane)
            fail(m, `log on piped ${JSON.stringify(piped)}, not ${m.pane}`);
          const off = await run(['log', 'off', ...nameArg(m.name)]);
          if (off.code !== 0) fail(m, `log off failed: ${off.err}`);
          if ((await pipedPanes()).length > 0) fail(m, 'log off left a pipe');
        } else {
          // tmux reads `=$…` as a session id: Loopwatch must refuse, touching nothing.
          if (on.code === 0 || !/read as a session id/.test(on.err))
            fail(m, `log on did not refuse: ${on.err}`);
          else counts.refusedClearly += 1;
          if ((await pipedPanes()).length > 0) fail(m, 'a refused log on piped a pane');
        }

        const kill = await run(['kill', '--yes', '--no-history', ...nameArg(m.name)]);
        if (kill.code !== 0) fail(m, `kill failed: ${kill.err}`);
        if (!kill.out.includes('Kill:')) fail(m, `kill showed no plan: ${kill.out}`);
        const left = new Set((await listed()).map((s) => s.name));
        const expected = made.slice(index + 1).map((x) => x.name);
        if (left.has(m.name)) fail(m, 'kill left it alive');
        const lost = expected.filter((n) => !left.has(n));
        if (lost.length > 0) fail(m, `kill also ended ${JSON.stringify(lost)}`);
        if (left.size !== expected.length) fail(m, `after kill: ${JSON.stringify([...left])}`);
      } catch (error) {
        const message = (error as Error).message;
        if (message.endsWith('hung')) counts.hangs += 1;
        else counts.crashes += 1;
        fail(m, message);
      }
    }
    console.log(
      `hostile names: ${counts.inputs} inputs, ${counts.refusedClearly} refused with a clear message ` +
        `(names tmux reads as ids), ${counts.crashes} crashes, ${counts.hangs} hangs`,
    );
    expect(wrong).toEqual([]);
  });
});

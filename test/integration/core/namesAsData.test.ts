/**
 * Names and paths as data (issue 19, item 3): no byte in a session name,
 * window name, directory, program name or pane title (newline, U+001F,
 * tab, invalid UTF-8, `#{`, `#()`, a leading dash, "%end" lines, long
 * names) shifts a field or hides a session. Property-based (fast-check)
 * over arbitrary bytes, against a real tmux on a private socket: every
 * session made is seen, once, with each value equal to tmux's own answer
 * for that one field (one query per field: nothing to mis-split).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../preload/contract';
import { execTmux } from '../../../main/core/tmux/execTmux';
import { framedFormat } from '../../../main/core/tmux/framedFormat';
import { querySessions } from '../../../main/core/tmux/queryServer';
import {
  exactSessionPane,
  targetableByName,
  UntargetableSessionError,
} from '../../../main/core/tmux/quote';
import { createByteSession, tmuxField, type ByteSessionSpec } from '../../helpers/byteSessions';
import { cli } from '../../helpers/fakeProject';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { supervise, WAIT_MS } from '../../helpers/supervise';

/** Property runs, each making 1 to MAX_PER_RUN sessions: bounded for 2 shared cores. */
const RUNS = 12;
const MAX_PER_RUN = 3;
/** Sessions `status` is run on (each run scans every session). */
const STATUS_CHECKS = 4;
/** A name past tmux's and our usual widths (the "200+ chars"). */
const LONG = 240;

const bytes = (text: string): number[] => [...Buffer.from(text)];

/** What an attacker or an odd tool would put in a name, as bytes. */
const piece: fc.Arbitrary<number[]> = fc.oneof(
  fc.constantFrom(
    ...[
      '\n',
      '\x1f',
      '\t',
      '\r',
      '\x1b[31m',
      '#{session_name}',
      '#{',
      '#(touch pwned)',
      '#()',
      '}',
      '-',
      '--x',
      '%end 1 2 1',
      '\n%end 1 2 1\n',
      '%begin 1 2 1',
      '$(id)',
      '`id`',
      "'",
      '"',
      ';',
      ':',
      '.',
      '=',
      '\\',
      ' ',
      '~',
      'é',
      '🦀',
      '中文',
    ].map(bytes),
    [0xff],
    [0xfe, 0xfe],
    [0xc3],
    [0xed, 0xa0, 0x80],
    [0xf0, 0x9f],
  ),
  fc.array(fc.integer({ min: 1, max: 255 }), { minLength: 1, maxLength: 6 }),
);

function text(maxParts: number): fc.Arbitrary<number[]> {
  return fc.oneof(
    { weight: 9, arbitrary: fc.array(piece, { maxLength: maxParts }).map((p) => p.flat()) },
    // A long one: a piece repeated past LONG bytes.
    {
      weight: 1,
      arbitrary: piece.map((p) =>
        Array.from({ length: Math.ceil(LONG / p.length) }, () => p).flat(),
      ),
    },
  );
}

/** A directory component: no `/`, no NUL, at most 200 bytes (NAME_MAX is 255), never `.`/`..`. */
const dirName = text(8).map((b) => {
  const safe = b.filter((x) => x !== 0x2f).slice(0, 200);
  return Uint8Array.from([0x64, ...safe]);
});

interface Made {
  id: string;
  pane: string;
}

describe('names and paths as data, against a real tmux', () => {
  let sandbox: Sandbox;
  let socket: string;
  let parent: string;
  const made: Made[] = [];
  let counter = 0;

  const spec = fc.record({
    name: text(6),
    window: text(6).map((b) => Uint8Array.from(b)),
    dir: dirName,
    argv0: text(4).map((b) => Uint8Array.from(b.length > 0 ? b : [0x78])),
    title: text(6).map((b) => Uint8Array.from(b)),
  });

  /** tmux's answers, one query per field, for one pane. */
  async function truth(pane: string): Promise<Record<string, string>> {
    const env = sandbox.env;
    const fields = [
      'session_id',
      'session_name',
      'session_path',
      'window_name',
      'pane_current_path',
      'pane_current_command',
      'pane_start_command',
      'pane_title',
    ];
    const values = await Promise.all(fields.map((f) => tmuxField(env, socket, pane, f)));
    return Object.fromEntries(fields.map((f, i) => [f, values[i]!]));
  }

  beforeAll(async () => {
    sandbox = await createSandbox();
    socket = sandbox.socket();
    parent = join(sandbox.root, 'dirs');
    // `-S PATH` does not make the directory (`-L` does): tmux would fail, and exit 0.
    await mkdir(sandbox.socketDir, { recursive: true, mode: 0o700 });
  });

  afterAll(async () => {
    await sandbox.cleanup();
  });

  it('every session is read, with every field as tmux itself gives it (one-shot queries)', async () => {
    const runner = {
      run: (args: readonly string[]) => execTmux(socket, args, { env: sandbox.env }),
    };
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: MAX_PER_RUN }), async (specs) => {
        for (const s of specs) {
          counter += 1;
          // A unique suffix: tmux refuses a second session of the same (sanitised) name.
          const name = Uint8Array.from([...s.name, ...bytes(`_${counter}`)]);
          const one: ByteSessionSpec = { ...s, name };
          made.push(await createByteSession(sandbox.env, socket, parent, one));
        }
        const sessions = await querySessions(runner, true);
        // Exactly the sessions made: none hidden, none split in two, none invented.
        expect(sessions.map((s) => s.sessionId).sort()).toEqual(made.map((m) => m.id).sort());
        for (const m of made.slice(-specs.length)) {
          const want = await truth(m.pane);
          const got = sessions.find((s) => s.sessionId === m.id)!;
          expect(got.name).toBe(want.session_name);
          expect(got.path).toBe(want.session_path);
          expect(got.panes).toHaveLength(1);
          expect(got.panes[0]).toMatchObject({
            id: m.pane,
            currentPath: want.pane_current_path,
            currentCommand: want.pane_current_command,
            title: want.pane_title,
            dead: false,
            windowIndex: 0,
          });
          // The name read is one tmux takes back as this session's exact name, or one
          // Loopwatch refuses to aim at (tmux reads `=$…` as a session id, maybe another session's).
          if (targetableByName(got.name)) {
            const id = await execTmux(
              socket,
              ['display-message', '-p', '-t', exactSessionPane(got.name), '#{session_id}'],
              { env: sandbox.env },
            );
            expect(id.trim()).toBe(m.id);
          } else {
            expect(() => exactSessionPane(got.name)).toThrow(UntargetableSessionError);
          }
          // The restore recorder's query: window name and start command, framed the same way.
          const restore = framedFormat(
            ['pane_id'],
            ['window_name', 'pane_current_path', 'pane_start_command'],
          );
          const rows = restore.parse(
            await execTmux(socket, ['list-panes', '-t', m.pane, '-F', restore.format], {
              env: sandbox.env,
            }),
          );
          expect(rows).toEqual([
            {
              fixed: [m.pane],
              free: [want.window_name, want.pane_current_path, want.pane_start_command],
            },
          ]);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('list --json and the live supervisor (control client, fast polls) see the same', async () => {
    expect(made.length).toBeGreaterThan(0);
    const want = new Map<string, Record<string, string>>();
    for (const m of made) want.set(m.pane, await truth(m.pane));
    const check = (sessions: readonly Session[]): void => {
      const ours = sessions.filter((s) => s.live && s.socket === socket);
      expect(ours.map((s) => s.name).sort()).toEqual(
        [...want.values()].map((w) => w.session_name).sort(),
      );
      for (const s of ours) {
        const pane = s.panes[0]!;
        const w = want.get(pane.id)!;
        expect(s.name).toBe(w.session_name);
        expect(pane).toMatchObject({
          currentPath: w.pane_current_path,
          currentCommand: w.pane_current_command,
          title: w.pane_title,
        });
      }
    };

    const listed = await cli(sandbox, ['list', '--json']);
    expect(listed.code, listed.err).toBe(0);
    check((JSON.parse(listed.out) as { sessions: Session[] }).sessions);

    const live = await supervise(sandbox);
    try {
      await eventually(
        () =>
          live.supervisor.sessions().filter((s) => s.live && s.socket === socket).length ===
            made.length || null,
        `all ${made.length} sessions in the supervisor`,
        WAIT_MS,
      );
      check(live.supervisor.sessions());
    } finally {
      live.supervisor.dispose();
    }
  });

  it('status and kill find a session by name whatever its directory holds (a newline once hid it)', async () => {
    const truths = await Promise.all(made.map((m) => truth(m.pane)));
    const names = truths
      .map((w) => w.session_name ?? '')
      .filter(targetableByName)
      .slice(0, STATUS_CHECKS);
    expect(names.length).toBeGreaterThan(0);
    const nameArg = (name: string): string[] => (name.startsWith('-') ? ['--', name] : [name]);
    for (const name of names) {
      const status = await cli(sandbox, ['status', ...nameArg(name)]);
      expect(status.code, `${JSON.stringify(name)}: ${status.err}`).toBe(0);
    }
    const victim = names.at(-1)!;
    const kill = await cli(sandbox, ['kill', '--yes', '--no-history', ...nameArg(victim)]);
    expect(kill.code, kill.err).toBe(0);
    const after = JSON.parse((await cli(sandbox, ['list', '--json'])).out) as {
      sessions: Session[];
    };
    const left = after.sessions.filter((x) => x.live).map((x) => x.name);
    expect(left).not.toContain(victim);
    expect(left).toHaveLength(made.length - 1);
  });
});

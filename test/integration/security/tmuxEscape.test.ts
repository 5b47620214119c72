/**
 * No injection through tmux: hostile strings (`#(…)`, `#{…}`, `~`, `;`,
 * quotes, `$`, backslashes, newlines, unicode) given to arguments tmux
 * expands come back from a real tmux exactly as they went in, and no
 * `#(…)` job ever runs. Property-based (fast-check), on a private socket.
 */
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlClient } from '../../../main/core/tmux/controlClient';
import { execTmux } from '../../../main/core/tmux/execTmux';
import { argvLiteral, formatLiteral, quoteTmuxArg } from '../../../main/core/tmux/quote';
import { cli } from '../../helpers/fakeProject';
import { createSandbox, type Sandbox } from '../../helpers/sandbox';

/** Each case starts tmux processes: enough cases to meet every piece, few enough for 2 cores. */
const RUNS = 25;

describe('tmux escaping against a real tmux', () => {
  let sandbox: Sandbox;
  let marker: string;
  let client: ControlClient;

  /** Pieces an attacker would use; fast-check strings them together with arbitrary text. */
  function hostile(): fc.Arbitrary<string> {
    const piece = fc.oneof(
      fc.constantFrom(
        `#(touch ${marker})`,
        '#(',
        '#{pid}',
        '#{',
        '}',
        '#',
        '##',
        '~',
        '~/',
        ';',
        '\\;',
        '"',
        "'",
        '$HOME',
        '$',
        '\\',
        '\n',
        ' ',
        '%',
        'é',
        '🦀',
        '中文',
      ),
      fc.string({ maxLength: 4 }),
    );
    return fc.array(piece, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));
  }

  async function markerExists(): Promise<boolean> {
    return (await stat(marker).catch(() => null)) !== null;
  }

  beforeAll(async () => {
    sandbox = await createSandbox();
    marker = join(sandbox.root, 'pwned');
    await sandbox.tmux(['new-session', '-d', '-s', 'home', '--', 'sleep', '600']);
    client = new ControlClient(sandbox.socket());
    await client.ready;
  });

  afterAll(async () => {
    client.dispose();
    await sandbox.cleanup();
  });

  it('control mode: quoted and format-escaped text is printed back verbatim by display -p', async () => {
    await fc.assert(
      fc.asyncProperty(hostile(), async (text) => {
        // ControlClient quotes with quoteTmuxArg; display -p expands strftime, then formats.
        const message = formatLiteral(text, { strftime: true });
        const out = await client.run(['display-message', '-p', '--', message]);
        expect(out).toBe(`${text}\n`);
      }),
      { numRuns: RUNS },
    );
    expect(await markerExists()).toBe(false);
  });

  it('control mode: a leading ~ stays a ~ (tmux expands it even inside double quotes)', async () => {
    expect(quoteTmuxArg('~/x')).toBe('"\\~/x"');
    await client.run(['set-option', '-g', '@lw-tilde', '~/x']);
    expect(await client.run(['show-options', '-gv', '@lw-tilde'])).toBe('~/x\n');
  });

  it('argv: new-session -s, -n and -c keep hostile names and directories literal', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(hostile(), async (text) => {
        n += 1;
        // A directory name cannot hold `/` or NUL. tmux sanitises names itself (session
        // names: `:`/`.` become `_`, `\\` and `$` are shown escaped; control characters
        // in any name are shown escaped): those are left out of the names, not the dirs.
        const component = text.replace(/[/\0]/g, '_');
        const dir = join(sandbox.root, 'dirs', `d${n}-${component}`);
        await mkdir(dir, { recursive: true });
        // eslint-disable-next-line no-control-regex -- tmux shows control characters escaped
        const window = `w${n}-${text.replace(/[\u0000-\u001f\u007f]/g, '_')}`;
        const label = `s${n}-${window.replace(/[:.\\$]/g, '_')}`;
        await sandbox.tmux([
          'new-session',
          '-d',
          '-s',
          argvLiteral(formatLiteral(label)),
          '-n',
          argvLiteral(formatLiteral(window)),
          '-c',
          argvLiteral(formatLiteral(dir)),
          '--',
          'sleep',
          '600',
        ]);
        try {
          const facts = await sandbox.tmux([
            'display-message',
            '-p',
            '-t',
            argvLiteral(`=${label}:`),
            '#{session_name}\u001f#{window_name}\u001f#{session_path}',
          ]);
          expect(facts).toBe(`${label}\u001f${window}\u001f${dir}\n`);
        } finally {
          await sandbox.tmux(['kill-session', '-t', argvLiteral(`=${label}`)]);
        }
      }),
      { numRuns: RUNS },
    );
    expect(await markerExists()).toBe(false);
  });

  it('`loopwatch start --dir` with a directory named `x#(touch pwned)` runs nothing', async () => {
    const dir = join(sandbox.root, `x#(touch ${marker})`);
    await mkdir(dir, { recursive: true });
    const result = await cli(sandbox, [
      'start',
      '--name',
      'inj',
      '--dir',
      dir,
      '--',
      'sleep',
      '600',
    ]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const path = await sandbox.tmux(['display-message', '-p', '-t', '=inj:', '#{session_path}']);
    expect(path).toBe(`${dir}\n`);
    expect(await markerExists()).toBe(false);
    // The same directory given unescaped (on a server of its own) is expanded by tmux: the
    // #() part is taken as a job (started in the background) and cut from the path, so the
    // assertions above can fail.
    const raw = join(sandbox.root, 'raw.sock');
    await sandbox.tmuxAt(raw, ['new-session', '-d', '-s', 'raw', '-c', dir, 'sleep', '600']);
    const rawPath = await sandbox.tmuxAt(raw, [
      'display-message',
      '-p',
      '-t',
      '=raw:',
      '#{session_path}',
    ]);
    expect(rawPath).not.toBe(`${dir}\n`);
  });

  it('execTmux passes an argument ending in `;` as it is (never as a command separator)', async () => {
    await sandbox.tmux(['new-session', '-d', '-s', 'evil', '--', 'sleep', '600']);
    await sandbox.tmux(['new-session', '-d', '-s', argvLiteral('evil;'), '--', 'sleep', '600']);
    await execTmux(sandbox.socket(), ['kill-session', '-t', '=evil;'], { env: sandbox.env });
    const names = await sandbox.tmux(['list-sessions', '-F', '#{session_name}']);
    expect(names.split('\n')).toContain('evil');
    expect(names.split('\n')).not.toContain('evil;');
  });
});

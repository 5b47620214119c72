/**
 * Output logs through pipe-pane and Loopwatch's rotating writer, on real
 * tmux: a started session is logged from its first line, rotates at a small
 * configured size without losing a line, escapes stripped, mode 0600;
 * `log on|off` for any other session; `logs NAME --lines N`.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopwatchConfigDir, loopwatchDataDir } from '../../../main/core/paths';
import { cli } from '../../helpers/fakeProject';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { WAIT_MS } from '../../helpers/supervise';

/** Small, so a few hundred KB of output rotates several times. */
const ROTATE_BYTES = 64 * 1024;
const KEEP_BYTES = 16 * 1024;
const LAST_NUMBER = 60_000;

/**
 * The log writers (pipe-pane's programs) still running for files under `root`: /proc is read
 * directly, so the check sees every process, whoever started it.
 */
async function writersUnder(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const raw = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const args = raw.split('\0');
    // The writer itself (node … logWriter …), not the `sh -c` that started it.
    if (args.some((a) => /logWriter\.(ts|js)$/.test(a)) && args.some((a) => a.startsWith(root)))
      found.push(`${entry} ${args.join(' ')}`);
  }
  return found;
}

describe('session logs (real tmux, pipe-pane)', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await createSandbox();
    const config = loopwatchConfigDir(sandbox.env);
    await mkdir(config, { recursive: true });
    await writeFile(
      join(config, 'settings.json'),
      JSON.stringify({ logRotateBytes: ROTATE_BYTES, logKeepBytes: KEEP_BYTES }),
    );
  });

  afterAll(async () => {
    const root = sandbox.root;
    await sandbox.cleanup();
    // Each writer ends when its pipe closes (tmux's server is gone): none may outlive the test.
    await eventually(
      async () => (await writersUnder(root)).length === 0,
      `no log writer left for ${root} (left: ${(await writersUnder(root)).join('; ')})`,
      WAIT_MS,
    );
  });

  it('logs a started session from its first byte and rotates without losing a line', async () => {
    // Numbered lines with colour escapes around each number, as fast as the pane takes them.
    const script = `i=1; while [ $i -le ${LAST_NUMBER} ]; do printf '\\033[1;32mline %d\\033[0m\\r\\n' $i; i=$((i+1)); done; printf 'ALL-DONE\\n'`;
    const started = await cli(sandbox, [
      'start',
      '--name',
      'counter',
      '--dir',
      sandbox.root,
      '--',
      'sh',
      '-c',
      script,
    ]);
    expect(started.err).toBe('');
    expect(started.code).toBe(0);
    const file = /logged to (.+\.log)/.exec(started.out)?.[1];
    expect(file).toBeDefined();
    const text = await eventually(
      async () => {
        const t = await readFile(file!, 'utf8').catch(() => '');
        return t.includes('ALL-DONE') ? t : null;
      },
      'the last line in the log',
      WAIT_MS * 3,
    );
    const info = await stat(file!);
    expect(info.mode & 0o777).toBe(0o600);
    expect(info.size).toBeLessThan(ROTATE_BYTES);
    const lines = text.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('ALL-DONE');
    // Escapes stripped, carriage returns gone: each line is plain "line N".
    const numbers = lines.slice(0, -1).map((line) => {
      expect(line).toMatch(/^line \d+$/);
      return Number(line.slice(5));
    });
    // It rotated (the first lines are gone), and from the first line kept to the last,
    // every number is there, in order: nothing was lost while it rotated.
    expect(numbers[0]).toBeGreaterThan(1);
    expect(numbers.at(-1)).toBe(LAST_NUMBER);
    numbers.forEach((n, i) => expect(n).toBe(numbers[0]! + i));
    // What is kept after the last rotation is at least the configured tail.
    expect(text.length).toBeGreaterThanOrEqual(KEEP_BYTES - 64);

    const tail = await cli(sandbox, ['logs', 'counter', '--lines', '3']);
    expect(tail.code).toBe(0);
    expect(tail.out).toBe(`line ${LAST_NUMBER - 1}\nline ${LAST_NUMBER}\nALL-DONE\n`);
  });

  it('has the very first byte a started session printed', async () => {
    const started = await cli(sandbox, [
      'start',
      '--name',
      'quick',
      '--dir',
      sandbox.root,
      '--',
      'printf',
      'FIRST-BYTE\\nsecond\\n',
    ]);
    expect(started.code).toBe(0);
    const file = /logged to (.+\.log)/.exec(started.out)![1]!;
    const text = await eventually(
      async () => {
        const t = await readFile(file, 'utf8').catch(() => '');
        return t.includes('second') ? t : null;
      },
      'the output in the log',
      WAIT_MS,
    );
    expect(text.startsWith('FIRST-BYTE\n')).toBe(true);
  });

  it('logs another session only when asked, and stops when told', async () => {
    await sandbox.tmux(['new-session', '-d', '-s', 'mine # $(odd)', 'sh']);
    const none = await cli(sandbox, ['logs', 'mine # $(odd)']);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/no log for/);
    const on = await cli(sandbox, ['log', 'on', 'mine # $(odd)']);
    expect(on.err).toBe('');
    expect(on.code).toBe(0);
    const piped = await sandbox.tmux([
      'display-message',
      '-p',
      '-t',
      '=mine # $(odd):',
      '#{pane_pipe}',
    ]);
    expect(piped.trim()).toBe('1');
    await sandbox.tmux(['send-keys', '-t', '=mine # $(odd):', 'echo "HELLO-$((6*7))"', 'Enter']);
    await eventually(
      async () => {
        const r = await cli(sandbox, ['logs', 'mine # $(odd)']);
        return r.out.includes('HELLO-42');
      },
      'the echo in the log',
      WAIT_MS,
    );
    // Twice on is still on (pipe-pane -o would toggle it off: Loopwatch checks first).
    expect((await cli(sandbox, ['log', 'on', 'mine # $(odd)'])).code).toBe(0);
    expect(
      (
        await sandbox.tmux(['display-message', '-p', '-t', '=mine # $(odd):', '#{pane_pipe}'])
      ).trim(),
    ).toBe('1');
    const logDir = join(loopwatchDataDir(sandbox.env), 'logs');
    expect((await writersUnder(logDir)).some((w) => w.includes('mine_odd_'))).toBe(true);
    const off = await cli(sandbox, ['log', 'off', 'mine # $(odd)']);
    expect(off.code).toBe(0);
    // Switching logging off closes the pipe, and the writer ends with it (no writer outlives it).
    await eventually(
      async () => !(await writersUnder(logDir)).some((w) => w.includes('mine_odd_')),
      'the writer of the session switched off to end',
      WAIT_MS,
    );
    expect(
      (
        await sandbox.tmux(['display-message', '-p', '-t', '=mine # $(odd):', '#{pane_pipe}'])
      ).trim(),
    ).toBe('0');
  });

  it('never replaces a pipe someone else set', async () => {
    await sandbox.tmux(['new-session', '-d', '-s', 'theirs', 'sh']);
    await sandbox.tmux(['pipe-pane', '-t', '=theirs:', 'cat > /dev/null']);
    const on = await cli(sandbox, ['log', 'on', 'theirs']);
    expect(on.code).toBe(1);
    expect(on.err).toMatch(/already piped by another program/);
  });
});

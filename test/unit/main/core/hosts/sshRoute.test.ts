import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { overSsh, type SshRoute } from '../../../../../main/core/hosts/sshRoute';

const run = promisify(execFile);

const route: SshRoute = {
  host: 'gpu',
  ssh: 'ssh',
  options: ['-F', '/cfg', '-T', '-o', 'BatchMode=yes'],
  destination: 'me@gpu',
};

/** Names the remote shell must hand over untouched: quotes, substitutions, a tmux job, a newline, a leading dash. */
const HOSTILE = [
  `it's`,
  '"$(touch pwned)"',
  '#(touch pwned2)',
  '`id`',
  'a\nb',
  '-dash',
  '$HOME',
  '',
  '~',
  ';',
];

describe('overSsh', () => {
  it('puts the options, the destination and one quoted line after --', () => {
    const { file, args } = overSsh(route, ['tmux', '-S', '/s', 'has-session']);
    expect(file).toBe('ssh');
    expect(args).toEqual([
      '-F',
      '/cfg',
      '-T',
      '-o',
      'BatchMode=yes',
      'me@gpu',
      '--',
      "'tmux' '-S' '/s' 'has-session'",
    ]);
  });

  it('forces a terminal after the options (so it overrides their -T)', () => {
    const { args } = overSsh(route, ['tmux'], { tty: true });
    expect(args.indexOf('-tt')).toBeGreaterThan(args.indexOf('-T'));
    expect(args.indexOf('-tt')).toBeLessThan(args.indexOf('me@gpu'));
  });

  it('the line a POSIX shell parses on the host gives back the exact argv', async () => {
    const { args } = overSsh(route, ['printf', '%s\\0', ...HOSTILE]);
    const line = args[args.length - 1]!;
    // sh -c LINE is what sshd does with the command ssh sends.
    const { stdout } = await run('sh', ['-c', line], { encoding: 'utf8' });
    expect(stdout.split('\0').slice(0, -1)).toEqual(HOSTILE);
  });
});

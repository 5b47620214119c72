import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  destinationProblem,
  hostNameProblem,
  mergeHosts,
  parseHostFlag,
} from '../../../../../main/core/hosts/hostSpec';
import { remoteCommandLine } from '../../../../../main/core/hosts/remoteCommand';
import { parseDiscovery } from '../../../../../main/core/hosts/remoteDiscovery';
import { classifySshFailure } from '../../../../../main/core/hosts/sshErrors';
import { controlPath, sshOptions } from '../../../../../main/core/hosts/sshOptions';

const run = promisify(execFile);

describe('host specs', () => {
  it('parses NAME=DEST and keeps everything after the first "="', () => {
    expect(parseHostFlag('gpu=me@gpu.example', '/cfg')).toEqual({
      name: 'gpu',
      destination: 'me@gpu.example',
      sshConfig: '/cfg',
      sockets: [],
      projectRoots: [],
    });
    expect(() => parseHostFlag('gpu')).toThrow(/NAME=DEST/);
    expect(() => parseHostFlag('=x')).toThrow(/NAME=DEST/);
  });

  it('refuses "local", odd names and destinations ssh would read as options', () => {
    expect(hostNameProblem('local')).toMatch(/this machine/);
    expect(hostNameProblem('a b')).toMatch(/letters/);
    expect(hostNameProblem('gpu-1.lab')).toBeNull();
    expect(destinationProblem('-oProxyCommand=x')).toMatch(/starts with "-"/);
    expect(destinationProblem('a b')).toMatch(/whitespace/);
    expect(destinationProblem('a\nb')).toMatch(/whitespace/);
    expect(destinationProblem('')).toMatch(/empty/);
    expect(destinationProblem('me@[::1]')).toBeNull();
  });

  it('lets a flag replace a saved host of the same name', () => {
    const saved = parseHostFlag('gpu=old');
    const flag = parseHostFlag('gpu=new');
    expect(mergeHosts([saved, parseHostFlag('b=b')], [flag]).map((h) => h.destination)).toEqual([
      'b',
      'new',
    ]);
  });
});

describe('remote command line', () => {
  it('reaches a POSIX shell as the exact argv', async () => {
    const argv = ['printf', '%s\\n', `it's`, '$(touch pwned)', '-x', 'a\nb', '`id`', '"q"', ''];
    const line = remoteCommandLine(argv);
    // What the host's shell makes of it (sh -c is what sshd runs the command through).
    const { stdout } = await run('sh', ['-c', line]);
    expect(stdout).toBe(
      argv
        .slice(2)
        .map((a) => `${a}\n`)
        .join(''),
    );
  });

  it('refuses NUL (no argv can carry it)', () => {
    expect(() => remoteCommandLine(['a\0b'])).toThrow(/NUL/);
  });
});

describe('remote discovery output', () => {
  it('reads NUL-separated records, any file name intact', () => {
    const out =
      'default\t/tmp/tmux-0/default\0socketDir\t/tmp/tmux-0/we\tird\nname\0tmuxSkill\t/tmp/claude-tmux-sockets/s\0bogus\t/x\0version\ttmux 3.3a\0';
    expect(parseDiscovery(out)).toEqual({
      sockets: [
        { socket: '/tmp/tmux-0/default', origin: 'default' },
        { socket: '/tmp/tmux-0/we\tird\nname', origin: 'socketDir' },
        { socket: '/tmp/claude-tmux-sockets/s', origin: 'tmuxSkill' },
      ],
      tmuxVersion: 'tmux 3.3a',
    });
    expect(parseDiscovery('version\tmissing\0').tmuxVersion).toBeNull();
  });
});

describe('ssh failures', () => {
  it('tells auth, host keys and the network apart', () => {
    expect(
      classifySshFailure('h', 'root@10.0.0.2: Permission denied (publickey).\n'),
    ).toMatchObject({
      problem: 'auth-failed',
      message: expect.stringMatching(/needs a key or agent/),
    });
    expect(classifySshFailure('h', 'me@h: Permission denied (password).').message).toMatch(
      /wants a password; needs a key or agent/,
    );
    expect(
      classifySshFailure(
        'h',
        'No ED25519 host key is known for 10.0.0.2 and you have requested strict checking.\nHost key verification failed.\n',
      ),
    ).toMatchObject({ problem: 'host-key', message: expect.stringMatching(/not known/) });
    expect(
      classifySshFailure(
        'h',
        '@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n@@@@@@@\nHost key verification failed.',
      ),
    ).toMatchObject({ problem: 'host-key', message: expect.stringMatching(/changed/) });
    expect(
      classifySshFailure('h', 'ssh: connect to host 10.0.0.2 port 22: Connection timed out\n'),
    ).toMatchObject({
      problem: 'unreachable',
      message: 'connect to host 10.0.0.2 port 22: Connection timed out',
    });
  });
});

describe('ssh options', () => {
  const host = { name: 'h', destination: 'me@h', sshConfig: '/cfg', sockets: [], projectRoots: [] };

  it('never prompts, checks host keys strictly, shares one connection', () => {
    const env = { LOOPWATCH_RUNTIME_DIR: '/tmp/lw-unit-run' };
    const args = sshOptions(host, { persist: 'yes' }, env);
    expect(args.slice(0, 2)).toEqual(['-F', '/cfg']);
    for (const option of [
      'BatchMode=yes',
      'StrictHostKeyChecking=yes',
      'ControlMaster=auto',
      'ControlPersist=yes',
      `ControlPath=${controlPath(host, env)}`,
    ])
      expect(args).toContain(option);
    expect(args.some((a) => a.startsWith('ServerAliveInterval='))).toBe(true);
  });

  it('keeps the control socket path within the unix socket limit', () => {
    const long = { LOOPWATCH_RUNTIME_DIR: `/tmp/${'x'.repeat(120)}` };
    expect(controlPath(host, long).length).toBeLessThanOrEqual(90);
    expect(controlPath(host, long)).not.toBe(controlPath({ ...host, destination: 'other' }, long));
  });
});

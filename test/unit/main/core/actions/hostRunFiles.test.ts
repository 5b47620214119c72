/**
 * The fixed scripts start, resume and cleanup run on a host
 * (actions/hostRunFiles.ts), run here by a real `sh` exactly as sshd runs
 * them: the argv joined by remoteCommandLine() into one command line that
 * a shell parses. Paths hold quotes, `$()`, newlines and a leading dash;
 * the files are real. (The same scripts over a real ssh link:
 * test/integration/hosts/hostPipelineActions.test.ts.)
 */
import { execFile } from 'node:child_process';
import {
  chmod,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backupFileOn,
  entriesOn,
  existsOn,
  parseRunShAnswer,
  removeIfUnchangedOn,
  runRunShOn,
  runShProblemOn,
  writeFileAtomicOn,
  type RemoteShell,
} from '../../../../../main/core/actions/hostRunFiles';
import { RemoteCommandError } from '../../../../../main/core/hosts/hostConnection';
import { remoteCommandLine } from '../../../../../main/core/hosts/remoteCommand';
import type { HostSpec } from '../../../../../main/core/hosts/hostSpec';
import { LOCAL_MACHINE } from '../../../../../main/core/machine/machine';

const HOSTILE = `-d it's "$(touch pwned)" \`id\`\nx`;

/** A "host" that is this machine's sh, fed the command line sshd would hand the login shell. */
function localShell(cwd: string): RemoteShell {
  const host: HostSpec = {
    name: 'here',
    destination: 'here',
    sshConfig: null,
    sockets: [],
    projectRoots: [],
  };
  return {
    host,
    runRemote: (argv, _answerMs, options) =>
      new Promise((resolve, reject) => {
        const child = execFile(
          'sh',
          ['-c', remoteCommandLine(argv)],
          { cwd },
          (error, stdout, stderr) => {
            if (!error) return resolve(stdout);
            const code = (error as { code?: unknown }).code;
            reject(new RemoteCommandError(typeof code === 'number' ? code : null, stderr.trim()));
          },
        );
        if (options?.input !== undefined) child.stdin?.end(options.input);
      }),
  };
}

describe('parseRunShAnswer', () => {
  it('splits run.sh output from its status line', () => {
    expect(parseRunShAnswer('Started loop a\n\nstatus 0\n')).toEqual({
      code: 0,
      timedOut: false,
      output: 'Started loop a\n',
    });
    expect(parseRunShAnswer('no newline\nstatus 0\n')).toMatchObject({ output: 'no newline' });
    expect(parseRunShAnswer('\nstatus 2\n')).toEqual({ code: 2, timedOut: false, output: '' });
    // A run.sh that printed "status 0" itself, then failed: the last line counts.
    expect(parseRunShAnswer('\nstatus 0\nbad\n\nstatus 1\n')).toMatchObject({ code: 1 });
  });

  it('without a status line there is no exit status', () => {
    expect(parseRunShAnswer('cut off')).toEqual({ code: null, timedOut: false, output: 'cut off' });
  });
});

describe('the host scripts, run by a real sh', () => {
  let root = '';
  let dir = '';
  let shell: RemoteShell;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lw-hostfiles-'));
    dir = join(root, HOSTILE);
    await mkdir(dir);
    shell = localShell(root);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lists and tests hostile names exactly', async () => {
    const names = ['a.lock', `-b'$(x)".lock`, '.hidden', 'n\nl'];
    for (const name of names) await writeFile(join(dir, name), '');
    expect(await entriesOn(shell, dir)).toEqual([...names].sort());
    expect(await entriesOn(shell, join(dir, 'none'))).toEqual([]);
    expect(await existsOn(shell, join(dir, 'n\nl'))).toBe(true);
    expect(await existsOn(shell, join(dir, 'n'))).toBe(false);
  });

  it('says why run.sh cannot run, and runs it from the project dir with the exact argv', async () => {
    const project = join(dir, 'proj');
    expect(await runShProblemOn(shell, project)).toMatch(/does not exist on host here/);
    await mkdir(join(project, 'scripts'), { recursive: true });
    expect(await runShProblemOn(shell, project)).toMatch(/has no scripts\/run.sh on host here/);
    const script = join(project, 'scripts', 'run.sh');
    await writeFile(script, '#!/bin/sh\npwd\nprintf "[%s]\\n" "$@"\necho oops >&2\nexit 3\n');
    expect(await runShProblemOn(shell, project)).toMatch(/is not executable on host here/);
    await chmod(script, 0o755);
    expect(await runShProblemOn(shell, project)).toBeNull();
    const outcome = await runRunShOn(shell, project, ['ralph', `x'$(touch pwned)`, '-5']);
    expect(outcome).toEqual({
      code: 3,
      timedOut: false,
      output: `${project}\n[ralph]\n[x'$(touch pwned)]\n[-5]\noops\n`,
    });
  });

  it('removes a file only while it holds what was judged, and puts a changed one back', async () => {
    const path = join(dir, 'x.lock');
    await writeFile(path, 'judged\n');
    expect(await removeIfUnchangedOn(shell, LOCAL_MACHINE.files, path, 'judged\n')).toEqual({
      removed: true,
    });
    expect(await existsOn(shell, path)).toBe(false);
    expect(await removeIfUnchangedOn(shell, LOCAL_MACHINE.files, path, 'judged\n')).toEqual({
      removed: false,
      why: 'gone',
    });
    await writeFile(path, 'rewritten\n');
    expect(await removeIfUnchangedOn(shell, LOCAL_MACHINE.files, path, 'judged\n')).toEqual({
      removed: false,
      why: 'changed',
      now: 'rewritten\n',
      keptAt: null,
    });
    expect(await readFile(path, 'utf8')).toBe('rewritten\n');
    expect((await readdir(dir)).filter((n) => n.includes('loopwatch'))).toEqual([]);
  });

  it('backs up beside the file, never over an earlier backup, keeping the mode', async () => {
    const path = join(dir, 'state.json');
    await writeFile(path, '{"status": "running"}\n', { mode: 0o640 });
    await chmod(path, 0o640);
    const now = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
    const first = await backupFileOn(shell, path, now);
    const second = await backupFileOn(shell, path, now);
    expect(first).toBe(`${path}.bak-20260102T030405006Z`);
    expect(second).toBe(`${first}-1`);
    expect(await readFile(second, 'utf8')).toBe('{"status": "running"}\n');
    expect((await stat(first)).mode & 0o777).toBe(0o640);
    expect((await readdir(dir)).filter((n) => n.includes('loopwatch'))).toEqual([]);
  });

  it('replaces a file (through its symlink) with the exact text of any size, keeping its mode', async () => {
    const target = join(dir, 'real.json');
    const link = join(dir, 'link.json');
    await writeFile(target, 'old', { mode: 0o600 });
    await chmod(target, 0o600);
    await symlink(target, link);
    const text = `{"m": "it's \\"$(touch pwned)\\" \`id\`\\n"}\n-line\n`;
    await writeFileAtomicOn(shell, link, text);
    expect(await readFile(target, 'utf8')).toBe(text);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).filter((n) => n.includes('loopwatch'))).toEqual([]);
    // Larger than one command line may be (Linux: 128 KiB an argument): it goes on stdin.
    const big = `${'{"history": ['.padEnd(300_000, ' ')}]}\n`;
    await writeFileAtomicOn(shell, target, big);
    expect(await readFile(target, 'utf8')).toBe(big);
  });

  it('ran nothing of a hostile name', async () => {
    for (const where of [root, dir, join(dir, 'proj')])
      await expect(stat(join(where, 'pwned'))).rejects.toThrow();
  });
});

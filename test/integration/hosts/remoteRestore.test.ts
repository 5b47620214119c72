/**
 * Restore per remote host (real sshd in a network namespace, real tmux
 * there): the supervisor records a host's agent session with its host;
 * after the host's tmux server is killed, `loopwatch restore` plans it on
 * that host and recreates it there over ssh (window, directory, command),
 * never on this machine.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../../main/core/actions/auditLog';
import { restoreRecordDir } from '../../../main/core/restore/restoreRecords';
import { Supervisor } from '../../../main/core/supervisor';
import { runCli } from '../../../main/cli';
import type { RestorePlan } from '../../../preload/contract';
import { createHostLab, labSupport, type HostLab } from '../../helpers/netns';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';

const noLab = await labSupport();
if (noLab !== null) console.warn(`remote-restore tests skipped: ${noLab}`);

/** A stand-in agent: appends its arguments to $0.argv, then waits as `claude` (argv[0], what tmux shows). */
const STAND_IN = `#!/bin/bash
printf '[%s]' "$@" >> "$0.argv"
echo >> "$0.argv"
exec -a claude sleep 600
`;
const SESSION = `agent 'remote' $(x)`;

describe.skipIf(noLab !== null)('restore per remote host (over ssh)', () => {
  let sandbox: Sandbox;
  let lab: HostLab;
  let agent = '';
  let project = '';

  async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      env: sandbox.env,
      untilInterrupted: () => new Promise(() => undefined),
    });
    return { code, out: out.join(''), err: err.join('') };
  }

  beforeAll(async () => {
    sandbox = await createSandbox();
    lab = await createHostLab([{ name: 'alpha' }]);
    const root = lab.host('alpha').root;
    agent = join(root, 'bin', 'claude');
    project = join(root, 'projects', 'api');
    await mkdir(join(root, 'bin'), { recursive: true });
    await mkdir(project, { recursive: true });
    await writeFile(agent, STAND_IN);
    await chmod(agent, 0o755);
  });

  afterAll(async () => {
    const made = { lab, sandbox } as Partial<{ lab: HostLab; sandbox: Sandbox }>;
    await made.lab?.cleanup();
    await made.sandbox?.cleanup();
  });

  it('records a host agent session with its host, and restores it on that host after its server is killed', async () => {
    const supervisor = new Supervisor({
      env: sandbox.env,
      hooks: false,
      hosts: [
        {
          name: 'alpha',
          destination: 'alpha',
          sshConfig: lab.sshConfig,
          sockets: [],
          projectRoots: [],
        },
      ],
    });
    try {
      await supervisor.start();
      await lab.tmux('alpha', [
        'new-session',
        '-d',
        '-s',
        SESSION,
        '-n',
        'work',
        '-c',
        project,
        agent,
      ]);
      const record = await eventually(
        async () =>
          [...(await restoreRecordDir(sandbox.env).load()).records.values()].find(
            (r) => r.session === SESSION,
          ),
        'the restore record of the remote session',
        20_000,
      );
      expect(record).toMatchObject({ host: 'alpha', agent: 'claude' });
      expect(record.socket.startsWith(lab.host('alpha').socketDir)).toBe(true);
      expect(record.windows).toEqual([
        expect.objectContaining({ name: 'work', cwd: project, command: agent, agent: true }),
      ]);
    } finally {
      await supervisor.closeHosts();
      supervisor.dispose();
    }

    await lab.killTmux('alpha');
    const hostFlags = ['--host', 'alpha=alpha', '--ssh-config', lab.sshConfig];
    const dry = await cli(['restore', '--dry-run', '--json', ...hostFlags]);
    expect(dry.code).toBe(0);
    const plan = JSON.parse(dry.out) as RestorePlan;
    expect(plan.items).toEqual([
      expect.objectContaining({ host: 'alpha', session: SESSION, ok: true, how: 'original' }),
    ]);

    // Without the host known, its records are said to be left alone, never restored here.
    const unknown = await cli(['restore', '--dry-run']);
    expect(unknown.out).toMatch(
      /session\(s\) recorded on host alpha not looked at: host "alpha" is not one/,
    );

    const applied = await cli(['restore', '--yes', ...hostFlags]);
    expect(applied.err).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.out).toContain('on host alpha');
    expect(await lab.tmux('alpha', ['has-session', '-t', `=${SESSION}`])).toBe('');
    const path = await lab.tmux('alpha', [
      'display-message',
      '-p',
      '-t',
      `=${SESSION}:`,
      '#{window_name} #{pane_current_path}',
    ]);
    expect(path.trim()).toBe(`work ${project}`);
    // The agent ran twice: first by hand, then by restore.
    await eventually(
      async () =>
        (await readFile(`${agent}.argv`, 'utf8')).split('\n').filter((l) => l === '[]').length >= 2,
      'the restored agent running',
    );
    await expect(sandbox.tmux(['has-session', '-t', `=${SESSION}`])).rejects.toThrow();
    const audit = (await readAudit(sandbox.env)).filter((e) => e.action === 'restore');
    expect(audit.at(-1)).toMatchObject({ outcome: 'done' });
    expect(audit.at(-1)?.target).toContain('on host alpha');
  });
});

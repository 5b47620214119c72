/**
 * Actions on a remote host's sessions, against a real sshd in a network
 * namespace and real tmux there: kill (`loopwatch kill HOST:NAME`, history
 * saved on this machine first), answering a prompt from the needs-you
 * queue (the pane re-read on the host), and a host that cannot be reached
 * refusing with the reason. A local session of the same name and socket
 * layout is never touched; every entry in the audit log names the host.
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiBackend, type ApiBackend } from '../../../main/api/backend';
import { readAudit } from '../../../main/core/actions/auditLog';
import { ActionRefusedError } from '../../../main/core/actions/context';
import { answerPrompt } from '../../../main/core/actions/answer';
import { applyCleanup } from '../../../main/core/actions/cleanup/apply';
import { planCleanup } from '../../../main/core/actions/cleanup/plan';
import { planKill } from '../../../main/core/actions/kill';
import { HostConnection } from '../../../main/core/hosts/hostConnection';
import { Supervisor } from '../../../main/core/supervisor';
import { formatLiteral } from '../../../main/core/tmux/quote';
import { runCli } from '../../../main/cli';
import type { KillPlan, KillResult, Session } from '../../../preload/contract';
import { createHostLab, labSupport, type HostLab } from '../../helpers/netns';
import { sampleSession } from '../../helpers/samples';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';

const noLab = await labSupport();
if (noLab !== null) console.warn(`remote-action tests skipped: ${noLab}`);

/** Quotes, substitutions, a tmux job, a leading dash: created on the host and here under the same name. */
const HOSTILE = `-k it's "$(touch pwned)" #(touch pwned2) \`id\``;
const YES_NO_SCRIPT = `
IFS= read -r -p 'Overwrite config.yaml? [y/N] ' a
echo "answer [$a]"
sleep 600
`;

describe.skipIf(noLab !== null)('actions on a remote host (over ssh)', () => {
  let sandbox: Sandbox;
  let lab: HostLab;
  /** The hostile name as tmux reports it (it shows `$` escaped). */
  let hostileName = '';

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
    const hostile = ['-d', '-s', formatLiteral(HOSTILE)];
    await lab.tmux('alpha', ['new-session', ...hostile, 'echo remote-history-line; sleep 600']);
    // The same name on this machine: a kill on the host must never reach it.
    await sandbox.tmux(['new-session', ...hostile, 'sleep 600']);
    hostileName = (await lab.tmux('alpha', ['list-sessions', '-F', '#{session_name}']))
      .split('\n')
      .find((n) => n.startsWith('-k'))!;
    const script = join(lab.host('alpha').root, 'yesno.sh');
    await import('node:fs/promises').then((fs) => fs.writeFile(script, YES_NO_SCRIPT));
    await lab.tmux('alpha', ['new-session', '-d', '-s', 'yesno', 'bash', script]);
  });

  afterAll(async () => {
    const made = { lab, sandbox } as Partial<{ lab: HostLab; sandbox: Sandbox }>;
    await made.lab?.cleanup();
    await made.sandbox?.cleanup();
  });

  it('`loopwatch kill alpha:NAME` saves the remote history here, kills on the host only, and audits the host', async () => {
    await eventually(
      async () =>
        (await lab.tmux('alpha', ['capture-pane', '-p', '-t', `=${hostileName}:`])).includes(
          'remote-history-line',
        ),
      'the remote output',
    );
    const { code, out, err } = await cli([
      'kill',
      `alpha:${hostileName}`,
      '--host',
      'alpha=alpha',
      '--ssh-config',
      lab.sshConfig,
      '--yes',
      '--json',
    ]);
    expect(err).toContain('on host alpha');
    expect(code).toBe(0);
    const { plan, result } = JSON.parse(out) as { plan: KillPlan; result: KillResult };
    expect(plan).toMatchObject({ name: hostileName, host: 'alpha' });
    expect(plan.socket.startsWith(lab.host('alpha').socketDir)).toBe(true);
    const history = await readFile(result.historyFile!, 'utf8');
    expect(history).toContain('remote-history-line');
    expect(history).toContain(`on ${plan.socket} on host alpha`);
    // Gone on the host; the local session of the same name lives on.
    await expect(lab.tmux('alpha', ['has-session', '-t', `=${hostileName}`])).rejects.toThrow();
    expect(await sandbox.tmux(['has-session', '-t', `=${hostileName}`])).toBe('');
    const audit = await readAudit(sandbox.env);
    expect(audit.at(-1)).toMatchObject({ action: 'kill', outcome: 'done' });
    expect(audit.at(-1)?.target).toContain('on host alpha');
  });

  it('`loopwatch start --name alpha:NAME -- CMD` starts it on the host with the exact argv (remain-on-exit on)', async () => {
    const out = join(lab.host('alpha').root, 'argv.txt');
    const args = [`it's`, '$(touch pwned)', '#(touch pwned2)', 'a\nb', '-dash'];
    const name = 'started-remote';
    const { code, err } = await cli([
      'start',
      '--name',
      `alpha:${name}`,
      '--host',
      'alpha=alpha',
      '--ssh-config',
      lab.sshConfig,
      '--json',
      '--',
      'sh',
      '-c',
      'printf "%s\\0" "$@" > "$0"; sleep 600',
      out,
      ...args,
    ]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(await lab.tmux('alpha', ['has-session', '-t', `=${name}`])).toBe('');
    await eventually(async () => {
      const text = await readFile(out, 'utf8').catch(() => '');
      return text.split('\0').slice(0, -1).join('|') === args.join('|');
    }, 'the command with its exact argv on the host');
    expect(
      (
        await lab.tmux('alpha', ['show-options', '-w', '-v', '-t', `=${name}:`, 'remain-on-exit'])
      ).trim(),
    ).toBe('on');
    // Not here.
    await expect(sandbox.tmux(['has-session', '-t', `=${name}`])).rejects.toThrow();
    // A second start of the same name is refused on the host's facts, with the way to watch it.
    const again = await cli([
      'start',
      '--name',
      `alpha:${name}`,
      '--host',
      'alpha=alpha',
      '--ssh-config',
      lab.sshConfig,
      '--',
      'true',
    ]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(
      /already exists on .* on host alpha: watch it with `ssh -F .* -t alpha -- /,
    );
  });

  it('cleanup finds a dead pane on a host, re-checks it there before acting, and kills only it (history here)', async () => {
    const name = 'deadpane';
    await lab.tmux('alpha', ['new-session', '-d', '-s', name, 'sleep 600']);
    await lab.tmux('alpha', ['set-option', '-w', '-t', `=${name}:`, 'remain-on-exit', 'on']);
    await lab.tmux('alpha', ['split-window', '-t', `=${name}:`, 'echo bye-dead-remote; exit 4']);
    const deadPane = async (): Promise<string | undefined> =>
      (await lab.tmux('alpha', ['list-panes', '-t', `=${name}:`, '-F', '#{pane_id} #{pane_dead}']))
        .split('\n')
        .find((l) => l.endsWith(' 1'))
        ?.split(' ')[0];
    const paneId = await eventually(deadPane, 'the dead pane on the host');
    const spec = {
      name: 'alpha',
      destination: 'alpha',
      sshConfig: lab.sshConfig,
      sockets: [],
      projectRoots: [],
    };
    const connection = new HostConnection(spec, { persist: '10s' }, sandbox.env);
    const ctx = {
      env: sandbox.env,
      sockets: [],
      actor: 'cli' as const,
      hosts: (h: string) => (h === 'alpha' ? connection : null),
    };
    const planned = await planCleanup(ctx, {
      olderThanMs: null,
      projectRoots: [],
      hosts: ['alpha'],
    });
    const item = planned.plan.items.find(
      (i) => i.kind === 'deadPane' && i.session?.host === 'alpha',
    );
    expect(item?.title).toMatch(new RegExp(`^Dead pane ${name}:0\\.1 on .* on host alpha$`));
    // Respawned since the plan: re-checked on the host, left alone.
    await lab.tmux('alpha', ['respawn-pane', '-t', paneId, 'sleep 600']);
    const first = await applyCleanup(ctx, planned, [item!.id]);
    expect(first.results).toEqual([
      expect.objectContaining({ outcome: 'skipped', detail: expect.stringMatching(/alive again/) }),
    ]);
    // Dead again: a fresh plan applies it, through the CLI.
    await lab.tmux('alpha', ['respawn-pane', '-k', '-t', paneId, 'echo bye-dead-remote; exit 4']);
    await eventually(async () => (await deadPane()) === paneId, 'the pane dead again');
    const { code, out } = await cli([
      'cleanup',
      '--host',
      'alpha=alpha',
      '--ssh-config',
      lab.sshConfig,
      '--yes',
      '--json',
      '--only',
      item!.id,
    ]);
    expect(code).toBe(0);
    expect(out).toContain('"outcome": "done"');
    expect(
      await lab.tmux('alpha', ['list-panes', '-t', `=${name}:`, '-F', '#{pane_id}']),
    ).not.toContain(paneId);
    const audit = (await readAudit(sandbox.env)).filter((e) => e.action === 'cleanup');
    expect(audit.at(-1)).toMatchObject({ outcome: 'done' });
    expect(audit.at(-1)?.target).toContain('on host alpha');
    const historyFile = (audit.at(-1)?.data as { historyFile?: string } | undefined)?.historyFile;
    expect(await readFile(historyFile!, 'utf8')).toContain('bye-dead-remote');
    await connection.close();
  });

  it('an unknown host prefix is a usage error that names the known hosts; nothing is done', async () => {
    const { code, err } = await cli(['kill', `nohost:${hostileName}`, '--yes']);
    expect(code).toBe(2);
    expect(err).toMatch(/no host named "nohost"/);
    expect(await sandbox.tmux(['has-session', '-t', `=${hostileName}`])).toBe('');
  });

  it('answers a remote prompt from the queue: re-read on the host, sent there, audited with the host', async () => {
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
    let backend: ApiBackend | null = null;
    try {
      await supervisor.start();
      backend = createApiBackend(supervisor, {}, { env: sandbox.env });
      const waiting = await eventually(
        () =>
          supervisor
            .sessions()
            .find((s): s is Session & { prompt: NonNullable<Session['prompt']> } =>
              Boolean(s.host === 'alpha' && s.name === 'yesno' && s.prompt),
            ),
        'the remote prompt',
        20_000,
      );
      const stale = { ...waiting.prompt, question: 'Overwrite everything? [y/N]' };
      await expect(
        backend.dispatch('answerPrompt', { sessionId: waiting.id, prompt: stale, key: 'y' }),
      ).rejects.toThrow(/different question|no longer on the screen/);
      const yes = waiting.prompt.options.find((o) => o.key === 'y');
      expect(yes).toBeDefined();
      await backend.dispatch('answerPrompt', {
        sessionId: waiting.id,
        prompt: waiting.prompt,
        key: 'y',
      });
      await eventually(
        async () =>
          (await lab.tmux('alpha', ['capture-pane', '-p', '-t', '=yesno:'])).includes('answer [y]'),
        'the answer on the host',
      );
      const answers = (await readAudit(sandbox.env)).filter((e) => e.action === 'answer');
      expect(answers.map((e) => e.outcome)).toEqual(['refused', 'done']);
      for (const entry of answers) expect(entry.target).toContain('on host alpha');
    } finally {
      backend?.dispose();
      await supervisor.closeHosts();
      supervisor.dispose();
    }
  });

  it('a host that cannot be reached refuses the kill and an answer with the reason; nothing is done', async () => {
    await lab.linkDown('alpha');
    try {
      const { code, err } = await cli([
        'kill',
        'alpha:yesno',
        '--host',
        'alpha=alpha',
        '--ssh-config',
        lab.sshConfig,
        '--yes',
      ]);
      expect(code).not.toBe(0);
      expect(err).toMatch(/host alpha unreachable: .*\(nothing was done\)/);
      // An answer to a pane there is refused with the host's reason, nothing sent.
      const session = sampleSession({
        id: 'tmux@alpha:/s:yesno',
        name: 'yesno',
        socket: lab.host('alpha').socketDir + '/default',
        host: 'alpha',
      });
      const prompt = {
        paneId: session.panes[0]!.id,
        question: 'Overwrite config.yaml? [y/N]',
        options: [{ key: 'y', label: 'y', needsConfirm: false }],
      };
      const connection = new HostConnection(
        {
          name: 'alpha',
          destination: 'alpha',
          sshConfig: lab.sshConfig,
          sockets: [],
          projectRoots: [],
        },
        { persist: '10s' },
        sandbox.env,
      );
      await expect(
        answerPrompt(
          { env: sandbox.env, sockets: [], actor: 'app' },
          connection.tmuxRunner(session.socket!),
          { session: { ...session, prompt }, prompt, key: 'y', confirmed: false },
        ),
      ).rejects.toThrow(/^not sent: host alpha unreachable: /);
      // The same through the core, as the dashboard calls it: a refusal, not a crash.
      await expect(
        planKill(
          { env: sandbox.env, sockets: [], actor: 'app', hosts: () => null },
          { name: 'yesno', socket: null, host: 'alpha' },
        ),
      ).rejects.toThrow(ActionRefusedError);
    } finally {
      await lab.linkUp('alpha');
    }
    expect(await lab.tmux('alpha', ['has-session', '-t', '=yesno'])).toBe('');
  });

  it('nothing in a hostile name or argument ran, on the host or here', async () => {
    const host = lab.host('alpha');
    const dirs = [host.root, host.env.HOME ?? host.root, sandbox.root, process.cwd()];
    for (const dir of dirs)
      for (const file of ['pwned', 'pwned2'])
        await expect(access(join(dir, file))).rejects.toThrow();
  });
});

import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../../main/core/actions/auditLog';
import { historyDir } from '../../../main/core/actions/history';
import { killSession, planKill } from '../../../main/core/actions/kill';
import { cli, createFakeProject, runLock } from '../../helpers/fakeProject';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';

const ctx = (sandbox: Sandbox) => ({ env: sandbox.env, sockets: [], actor: 'cli' as const });

async function sessionNames(sandbox: Sandbox, socketName = 'default'): Promise<string[]> {
  const out = await sandbox
    .tmux(['list-sessions', '-F', '#{session_name}'], socketName)
    .catch(() => '');
  return out.split('\n').filter(Boolean);
}

/** A session whose screen and scrollback hold known lines. */
async function chattySession(
  sandbox: Sandbox,
  name: string,
  socketName = 'default',
): Promise<void> {
  await sandbox.tmux(
    [
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      '80',
      '-y',
      '10',
      'seq 1 300; echo LAST-SCREEN-LINE; exec sleep 600',
    ],
    socketName,
  );
  await eventually(
    async () =>
      (await sandbox.tmux(['capture-pane', '-p', '-t', `=${name}:`], socketName)).includes(
        'LAST-SCREEN-LINE',
      ),
    `${name} prints its lines`,
  );
}

describe('loopwatch kill (real tmux)', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await createSandbox();
  });

  afterAll(async () => {
    await sandbox.cleanup();
  });

  it('saves the screen and scrollback first, then kills exactly that session', async () => {
    await chattySession(sandbox, 'work');
    await sandbox.tmux(['new-session', '-d', '-s', 'work-2']);
    await sandbox.tmux(['new-session', '-d', '-s', 'wor']);
    const result = await cli(sandbox, ['kill', 'work', '--yes']);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /^Kill: will end tmux session =work on .*default: 1 pane running sleep \(pid \d+\)/,
    );
    expect(result.out).toContain(
      `Its screen and scrollback are saved to ${historyDir(sandbox.env)} first.`,
    );
    const names = await sessionNames(sandbox);
    expect(names).not.toContain('work');
    expect(names).toEqual(expect.arrayContaining(['work-2', 'wor']));
    const [file] = await readdir(historyDir(sandbox.env));
    const history = await readFile(join(historyDir(sandbox.env), file!), 'utf8');
    // The whole scrollback (line 1 scrolled off a 10-line screen long ago) and the last screen.
    expect(history).toMatch(/^# Loopwatch history of tmux session "work" on /);
    expect(history.split('\n')).toContain('1');
    expect(history.split('\n')).toContain('300');
    expect(history).toContain('LAST-SCREEN-LINE');
    const audit = (await readAudit(sandbox.env)).at(-1);
    expect(audit).toMatchObject({
      action: 'kill',
      outcome: 'done',
      data: { historyFile: join(historyDir(sandbox.env), file!) },
    });
  });

  it('never falls back to a prefix match: a missing name kills nothing', async () => {
    const result = await cli(sandbox, ['kill', 'wo', '--yes']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/no tmux session named "wo" on any tmux server Loopwatch knows/);
    expect(await sessionNames(sandbox)).toEqual(expect.arrayContaining(['work-2', 'wor']));
  });

  it('refuses without a terminal and without --yes (exit 2), and asks in a terminal', async () => {
    const refused = await cli(sandbox, ['kill', 'wor']);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(
      /refusing to kill wor without confirmation: no terminal to ask on; pass --yes/,
    );
    const declined = await cli(sandbox, ['kill', 'wor'], { answers: ['n'] });
    expect(declined.code).toBe(1);
    expect(declined.err).toContain('Kill tmux session wor? [y/N]');
    expect(await sessionNames(sandbox)).toContain('wor');
    const accepted = await cli(sandbox, ['kill', 'wor'], { answers: ['y'] });
    expect(accepted.code).toBe(0);
    expect(await sessionNames(sandbox)).not.toContain('wor');
    expect(await sessionNames(sandbox)).toContain('work-2');
  });

  it('kills names with quotes, $(), spaces, unicode and a leading dash', async () => {
    for (const name of [`it's "$(touch pwned)"`, '-dash ✓ name']) {
      await chattySession(sandbox, name);
      // `--` ends the options, so a name may start with a dash.
      const result = await cli(sandbox, ['kill', '--yes', '--', name]);
      expect(result.code, result.err).toBe(0);
      expect(await sessionNames(sandbox)).not.toContain(name);
    }
    const files = await readdir(historyDir(sandbox.env));
    expect(files.some((f) => /^it_s_+touch_pwned_+-[0-9a-f]{8}-\d{8}T\d+Z\.txt$/.test(f))).toBe(
      true,
    );
    await expect(readFile(join(sandbox.root, 'pwned'))).rejects.toThrow();
  });

  it('does not kill when the history cannot be saved, unless told --no-history', async () => {
    await chattySession(sandbox, 'no-room');
    const dir = historyDir(sandbox.env);
    // The history folder's place is taken by a file: nothing can be written there.
    const broken = { ...sandbox.env, LOOPWATCH_CONFIG_DIR: join(sandbox.root, 'cfg-file') };
    await writeFile(join(sandbox.root, 'cfg-file'), 'not a directory');
    const refused = await cli(sandbox, ['kill', 'no-room', '--yes'], { env: broken });
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /cannot write the history file .*nothing was killed .*--no-history/,
    );
    expect(await sessionNames(sandbox)).toContain('no-room');
    const forced = await cli(sandbox, ['kill', 'no-room', '--yes', '--no-history'], {
      env: broken,
    });
    expect(forced.code).toBe(0);
    expect(forced.out).toContain('will NOT be saved');
    expect(await sessionNames(sandbox)).not.toContain('no-room');
    expect(dir).toBe(historyDir(sandbox.env));
  });

  it('refuses when the session was replaced between the plan and the kill', async () => {
    await sandbox.tmux(['new-session', '-d', '-s', 'again']);
    const plan = await planKill(ctx(sandbox), { name: 'again', socket: null });
    await sandbox.tmux(['kill-session', '-t', '=again']);
    await sandbox.tmux(['new-session', '-d', '-s', 'again']);
    await expect(
      killSession(ctx(sandbox), {
        socket: plan.socket,
        name: 'again',
        tmuxId: plan.tmuxId,
        saveHistory: true,
      }),
    ).rejects.toThrow(/not the planned one .*nothing was killed/);
    expect(await sessionNames(sandbox)).toContain('again');
  });

  it('asks which server when the name is on several, and takes --socket', async () => {
    await sandbox.tmux(['new-session', '-d', '-s', 'twin']);
    await sandbox.tmux(['new-session', '-d', '-s', 'twin'], 'other');
    const ambiguous = await cli(sandbox, ['kill', 'twin', '--yes']);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.err).toMatch(/exists on several servers .*say which with --socket/);
    const exact = await cli(sandbox, [
      'kill',
      'twin',
      '--yes',
      '--socket',
      sandbox.socket('other'),
    ]);
    expect(exact.code).toBe(0);
    expect(await sessionNames(sandbox, 'other')).not.toContain('twin');
    expect(await sessionNames(sandbox)).toContain('twin');
  });

  it('says that a pipeline engine ends with its session', async () => {
    const project = await createFakeProject(sandbox, 'killing');
    expect((await cli(sandbox, ['start', '--dir', project, 'ralph', 'doomed', '2'])).code).toBe(0);
    const lock = await runLock(project, 'doomed');
    const plan = await planKill(ctx(sandbox), { name: 'pipeline-doomed', socket: null });
    expect(plan.notes.join('\n')).toContain(
      `the pipeline engine of run doomed (pid ${lock.pid}) runs in this session and ends with it`,
    );
  });
});

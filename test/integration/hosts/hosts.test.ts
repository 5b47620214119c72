/**
 * Remote hosts for real: sshd in network namespaces (test/helpers/netns.ts),
 * each with its own tmux servers, reached only through ssh. Cutting a
 * host's link takes its sessions away while the local ones stay listed.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotSchema, type Snapshot } from '../../../preload/contract';
import { runCli } from '../../../main/cli';
import { createHostLab, labSupport, type HostLab } from '../../helpers/netns';
import { createSandbox, type Sandbox } from '../../helpers/sandbox';

/** Names that break naive quoting: they must reach the host's tmux and come back exact. */
const AWKWARD = `it's "$(touch pwned)" -x`;

const noLab = await labSupport();
// Said, not hidden: a machine that cannot make hosts skips these tests for this reason.
if (noLab !== null) console.warn(`remote-host tests skipped: ${noLab}`);

interface CliResult {
  code: number;
  out: string;
  err: string;
}

describe.skipIf(noLab !== null)('remote hosts over ssh (network namespaces, real sshd)', () => {
  let sandbox: Sandbox;
  let lab: HostLab | undefined;

  async function cli(args: string[]): Promise<CliResult> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      env: sandbox.env,
      untilInterrupted: () => Promise.resolve(),
    });
    return { code, out: out.join(''), err: err.join('') };
  }

  async function listJson(extra: string[] = []): Promise<Snapshot> {
    const result = await cli(['list', '--json', '--ssh-config', lab!.sshConfig, ...extra]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    return SnapshotSchema.parse(JSON.parse(result.out));
  }

  beforeAll(async () => {
    sandbox = await createSandbox();
    lab = await createHostLab([
      { name: 'alpha' },
      { name: 'beta', knownKey: false },
      { name: 'gamma', authorized: false },
    ]);
    await sandbox.tmux(['new-session', '-d', '-s', 'local-one', 'sleep 600']);
    await lab.tmux('alpha', ['new-session', '-d', '-s', 'remote-one', 'sleep 600']);
    await lab.tmux('alpha', ['new-session', '-d', '-s', AWKWARD, 'sleep 600']);
    await lab.tmux('alpha', ['new-session', '-d', '-s', 'remote-two', 'sleep 600'], 'other');
    await lab.tmux('beta', ['new-session', '-d', '-s', 'beta-one', 'sleep 600']);
  });

  afterAll(async () => {
    await lab?.cleanup();
    await sandbox.cleanup();
  });

  it('adds a host with one command and lists its sessions, labelled, beside the local ones', async () => {
    const added = await cli(['hosts', 'add', 'alpha', 'alpha', '--ssh-config', lab!.sshConfig]);
    expect(added.err).toBe('');
    expect(added.out).toMatch(/Added host alpha\.\n {2}alpha \(alpha\): up, tmux \d/);
    expect(added.code).toBe(0);

    const listed = await cli(['hosts', 'list', '--json']);
    expect(JSON.parse(listed.out)).toEqual([
      expect.objectContaining({ name: 'alpha', destination: 'alpha', sshConfig: lab!.sshConfig }),
    ]);

    // No --ssh-config now: the saved host carries its own.
    const result = await cli(['list', '--json']);
    expect(result.code).toBe(0);
    const snapshot = SnapshotSchema.parse(JSON.parse(result.out));
    const alpha = lab!.host('alpha');
    const remote = snapshot.sessions.filter((s) => s.host === 'alpha');
    expect(remote.map((s) => s.name).sort()).toEqual([AWKWARD, 'remote-one', 'remote-two'].sort());
    expect(remote.find((s) => s.name === 'remote-one')).toMatchObject({
      socket: `${alpha.socketDir}/default`,
      live: true,
      id: `tmux@alpha:${alpha.socketDir}/default:remote-one`,
    });
    expect(remote.find((s) => s.name === 'remote-two')?.socket).toBe(`${alpha.socketDir}/other`);
    const local = snapshot.sessions.find((s) => s.name === 'local-one');
    expect(local?.host).toBeUndefined();
    expect(snapshot.hosts).toEqual([
      expect.objectContaining({ name: 'alpha', state: 'up', reason: null }),
    ]);
    expect(snapshot.servers.filter((s) => s.host === 'alpha').map((s) => s.state)).toEqual([
      'up',
      'up',
    ]);

    const table = await cli(['list']);
    expect(table.out).toMatch(/^HOST +SESSION/);
    expect(table.out).toMatch(/\nalpha +remote-one /);
    expect(table.out).toMatch(/\n +local-one /);
    expect(table.out).toMatch(/Hosts:\n {2}alpha \(alpha\): up/);
  });

  it('reaches the host only through ssh: its link cut, its sessions go and the local ones stay', async () => {
    await lab!.linkDown('alpha');
    try {
      const snapshot = await listJson();
      expect(snapshot.hosts?.[0]).toMatchObject({ name: 'alpha', state: 'unreachable' });
      expect(snapshot.hosts?.[0]?.reason).toMatch(/unreachable|timed out|No route/i);
      expect(snapshot.sessions.some((s) => s.host === 'alpha')).toBe(false);
      expect(snapshot.sessions.find((s) => s.name === 'local-one')?.live).toBe(true);
      const table = await cli(['list']);
      expect(table.out).toMatch(/alpha \(alpha\): unreachable since \d\d:\d\d UTC: /);
    } finally {
      await lab!.linkUp('alpha');
    }
    const back = await listJson();
    expect(back.hosts?.[0]?.state).toBe('up');
    expect(back.sessions.filter((s) => s.host === 'alpha')).toHaveLength(3);
  });

  it('a host that refuses our key is "auth failed", and the others are unaffected', async () => {
    const snapshot = await listJson(['--host', 'gamma=gamma']);
    const gamma = snapshot.hosts?.find((h) => h.name === 'gamma');
    expect(gamma).toMatchObject({ state: 'auth-failed' });
    expect(gamma?.reason).toMatch(/^auth failed .*needs a key or agent/);
    expect(snapshot.hosts?.find((h) => h.name === 'alpha')?.state).toBe('up');
    expect(snapshot.sessions.some((s) => s.host === 'alpha')).toBe(true);
  });

  it('never accepts an unknown host key in the background; hosts check shows it and accepts on request', async () => {
    const before = await listJson(['--host', 'beta=beta']);
    expect(before.hosts?.find((h) => h.name === 'beta')).toMatchObject({ state: 'host-key' });
    expect(before.sessions.some((s) => s.host === 'beta')).toBe(false);

    const beta = lab!.host('beta');
    await cli(['hosts', 'add', 'beta', 'beta', '--ssh-config', lab!.sshConfig]).then((r) => {
      // No terminal, no flag: shown, not accepted, and the host is saved as not usable yet.
      expect(r.err).toMatch(
        /The host key of beta \(\S+\) is not known\. Its fingerprints:\n {2}256 SHA256:/,
      );
      expect(r.err).toMatch(/pass --accept-new-host-key/);
      expect(r.code).toBe(1);
    });
    expect(await readFile(lab!.knownHosts, 'utf8')).not.toContain(beta.hostPublicKey);

    const checked = await cli(['hosts', 'check', 'beta', '--accept-new-host-key', '--json']);
    expect(checked.code).toBe(0);
    expect(JSON.parse(checked.out)).toEqual([
      expect.objectContaining({ name: 'beta', state: 'up' }),
    ]);
    expect(await readFile(lab!.knownHosts, 'utf8')).toContain(
      `${beta.address} ${beta.hostPublicKey}`,
    );

    const after = await listJson();
    expect(after.sessions.find((s) => s.host === 'beta')?.name).toBe('beta-one');
  });

  it('removes a saved host', async () => {
    const removed = await cli(['hosts', 'remove', 'beta']);
    expect(removed).toMatchObject({ code: 0, out: 'Removed host beta.\n' });
    expect((await cli(['hosts', 'list'])).out).not.toMatch(/^beta/m);
    expect((await cli(['hosts', 'remove', 'beta'])).code).toBe(1);
  });

  it('refuses a bad --host value with a clear message', async () => {
    const result = await cli(['list', '--host', 'local=somewhere']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/"local" is this machine/);
    const dash = await cli(['list', '--host', 'x=-oProxyCommand=touch']);
    expect(dash.code).toBe(2);
    expect(dash.err).toMatch(/starts with "-"/);
  });
});

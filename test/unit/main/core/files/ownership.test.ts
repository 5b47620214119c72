/**
 * Ownership before trust, on real files: every verdict comes from lstat of
 * entries made here. "Another user" is seen two ways: files chowned to a
 * foreign uid (root only, as in CI), and our own files judged from a
 * foreign uid's point of view (`uid` option), which any user can run.
 */
import { chmod, chown, lchown, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkOwnedFile,
  checkPrivateDir,
  checkSharedDir,
  checkSocket,
} from '../../../../../main/core/files/ownership';

const ME = process.getuid?.() ?? 0;
/** A uid that is not ours (nobody needs to exist with it: lstat shows the number). */
const OTHER = ME === 1001 ? 1002 : 1001;
const IS_ROOT = ME === 0;

function listen(path: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(path, () => resolve(server));
  });
}

describe('ownership checks', () => {
  let root: string;
  const servers: Server[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lw-test-ownership-'));
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    await rm(root, { recursive: true, force: true });
  });

  async function dir(name: string, mode: number): Promise<string> {
    const path = join(root, name);
    await mkdir(path);
    await chmod(path, mode);
    return path;
  }

  async function socketIn(parent: string, name = 'srv'): Promise<string> {
    const path = join(parent, name);
    servers.push(await listen(path));
    return path;
  }

  it('trusts our own directory, socket and file', async () => {
    const d = await dir('mine', 0o755);
    const sock = await socketIn(d);
    await writeFile(join(d, 'reg.json'), '{}');
    expect(await checkSharedDir(d)).toEqual({ ok: true, missing: false });
    expect(await checkSocket(sock)).toEqual({ ok: true, missing: false });
    expect(await checkOwnedFile(join(d, 'reg.json'))).toEqual({ ok: true, missing: false });
  });

  it('a missing socket in a trusted dir is missing, not refused', async () => {
    expect(await checkSocket(join(root, 'nothing-here'))).toEqual({ ok: true, missing: true });
  });

  it("refuses another user's socket (ours, seen from a foreign uid)", async () => {
    const d = await dir('seen-as-foreign', 0o755);
    const sock = await socketIn(d);
    const verdict = await checkSocket(sock, { uid: OTHER });
    expect(verdict.ok).toBe(false);
    // As root the dir passes (root may own a shared dir) and the socket fails; else the dir fails.
    expect(verdict.ok ? '' : verdict.reason).toMatch(
      new RegExp(`owned by uid ${ME}: not yours, ignored$`),
    );
  });

  it('refuses a world-writable directory, and a group-writable one of a foreign group', async () => {
    const world = await dir('world', 0o777);
    expect(await checkSharedDir(world)).toMatchObject({
      ok: false,
      reason: 'mode 0777: writable by other users, ignored',
    });
    const group = await dir('group', 0o775);
    expect(await checkSharedDir(group, { gid: 4242 })).toMatchObject({ ok: false });
    // Our own primary group's write bit is tolerated (user private groups, umask 002).
    expect(await checkSharedDir(group, { gid: process.getgid?.() ?? 0 })).toMatchObject({
      ok: true,
    });
  });

  it('trusts a root-owned sticky directory like /tmp, from any uid', async () => {
    expect(await checkSharedDir('/tmp', { uid: OTHER })).toMatchObject({ ok: true });
  });

  it('a private dir must have no access for group or others', async () => {
    const open = await dir('open-runtime', 0o755);
    expect(await checkPrivateDir(open)).toMatchObject({
      ok: false,
      reason: 'mode 0755: open to other users, ignored',
    });
    const closed = await dir('closed-runtime', 0o700);
    expect(await checkPrivateDir(closed)).toMatchObject({ ok: true, missing: false });
  });

  it('refuses a regular file where a socket should be', async () => {
    await writeFile(join(root, 'not-a-socket'), '');
    expect(await checkSocket(join(root, 'not-a-socket'))).toMatchObject({
      ok: false,
      reason: 'not a socket: ignored',
    });
  });

  describe.runIf(IS_ROOT)('entries chowned to another uid (root can)', () => {
    it('refuses a foreign socket dir, a foreign socket in our dir, a foreign registry', async () => {
      const theirs = await dir('theirs', 0o755);
      const sock = await socketIn(theirs);
      await chown(theirs, OTHER, OTHER);
      expect(await checkSocket(sock)).toMatchObject({
        ok: false,
        reason: `in ${theirs}, which is owned by uid ${OTHER}: not yours, ignored`,
      });
      const mine = await dir('mine-with-foreign-socket', 0o755);
      const planted = await socketIn(mine);
      await chown(planted, OTHER, OTHER);
      expect(await checkSocket(planted)).toMatchObject({
        ok: false,
        reason: `owned by uid ${OTHER}: not yours, ignored`,
      });
      await writeFile(join(mine, '.sessions.json'), '{}');
      await chown(join(mine, '.sessions.json'), OTHER, OTHER);
      expect(await checkOwnedFile(join(mine, '.sessions.json'))).toMatchObject({ ok: false });
    });

    it('refuses a symlink owned by another user, and our link into their dir', async () => {
      const target = await dir('their-target', 0o755);
      await chown(target, OTHER, OTHER);
      const ours = join(root, 'our-link');
      await symlink(target, ours);
      expect(await checkSharedDir(ours)).toMatchObject({
        ok: false,
        reason: `a symlink to ${target}, which is owned by uid ${OTHER}: not yours, ignored`,
      });
      const theirLink = join(root, 'their-link');
      await symlink(await dir('fine-target', 0o755), theirLink);
      await lchown(theirLink, OTHER, OTHER);
      expect(await checkSharedDir(theirLink)).toMatchObject({
        ok: false,
        reason: `a symlink owned by uid ${OTHER}: not yours, ignored`,
      });
    });
  });
});

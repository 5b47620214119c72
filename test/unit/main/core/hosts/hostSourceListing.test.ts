/**
 * The pure parts of a host's tmux-skill and schmux files
 * (hosts/hostSourceListing.ts): the listing a look prints, and the ownership
 * judgement of a registry from the host's `stat` (files/ownership.ts's rule).
 */
import { describe, expect, it } from 'vitest';
import {
  parseSourceListing,
  remoteFileTrust,
  type ListedFile,
} from '../../../../../main/core/hosts/hostSourceListing';
import { schmuxSocketIn } from '../../../../../main/core/sources/schmux/stateFile';

function record(...fields: string[]): string {
  return fields.map((f) => `${f}\0`).join('');
}

describe('parseSourceListing', () => {
  it('reads the env, the files in order, the dirs to watch and inotify, any name intact', () => {
    const odd = `/h/it's "$(x)"\nnl/.sessions.json`;
    const output =
      record('env', 'uid', '1000', '-') +
      record('env', 'home', '/h', '-') +
      record('env', 'tmuxdir', '/tmp/tmux-1000', '-') +
      record('registry', odd, '1000 755', '1000 644 12 1700000000.500 regular file') +
      record('watch', `/h/it's "$(x)"\nnl`, '-', '-') +
      record('registry', '/h/.local/state/claude-tmux/.sessions.json', 'missing', 'missing') +
      record('watch', '/h', '-', '-') +
      record('schmux', '/h/.schmux/state.json', '1000 700', 'missing') +
      record('watch', '/h', '-', '-') +
      record('gone', '4242', '-', '-') +
      record('gone', 'x', '-', '-') +
      record('inotify', 'yes', '-', '-');
    expect(parseSourceListing(output)).toEqual({
      uid: 1000,
      home: '/h',
      tmuxDir: '/tmp/tmux-1000',
      files: [
        {
          kind: 'registry',
          path: odd,
          dirStat: '1000 755',
          fileStat: '1000 644 12 1700000000.500 regular file',
        },
        {
          kind: 'registry',
          path: '/h/.local/state/claude-tmux/.sessions.json',
          dirStat: 'missing',
          fileStat: 'missing',
        },
        { kind: 'schmux', path: '/h/.schmux/state.json', dirStat: '1000 700', fileStat: 'missing' },
      ],
      watch: [`/h/it's "$(x)"\nnl`, '/h'],
      gone: [4242],
      inotify: true,
    });
  });

  it('lists a registry named twice once ($CLAUDE_TMUX_SOCKET_DIR = $TMPDIR/claude-tmux-sockets)', () => {
    const path = '/t/claude-tmux-sockets/.sessions.json';
    const output =
      record('registry', path, 'missing', 'missing') +
      record('registry', path, 'missing', 'missing') +
      record('inotify', 'no', '-', '-');
    const listing = parseSourceListing(output);
    expect(listing.files).toHaveLength(1);
    expect(listing.inotify).toBe(false);
  });

  it('ignores unknown kinds, a torn last record, and a uid that is not a number', () => {
    const output =
      record('env', 'uid', 'root', '-') + record('bogus', '/x', '1', '2') + 'registry\0/cut\0';
    expect(parseSourceListing(output)).toMatchObject({ uid: null, files: [], watch: [] });
  });
});

describe('remoteFileTrust', () => {
  const file = (dirStat: string, fileStat: string): ListedFile => ({
    kind: 'registry',
    path: '/h/d/.sessions.json',
    dirStat,
    fileStat,
  });
  const OURS = '1000 644 10 1.000 regular file';

  it("uses the user's own file in the user's or root's sticky dir", () => {
    expect(remoteFileTrust(1000, file('1000 755', OURS))).toEqual({ state: 'ok' });
    expect(remoteFileTrust(1000, file('0 1777', OURS))).toEqual({ state: 'ok' });
    expect(remoteFileTrust(1000, file('1000 700', '1000 600 0 1.000 regular empty file'))).toEqual({
      state: 'ok',
    });
  });

  it('says missing when the file or its dir is not there', () => {
    expect(remoteFileTrust(1000, file('missing', 'missing'))).toEqual({ state: 'missing' });
    expect(remoteFileTrust(1000, file('1000 755', 'missing'))).toEqual({ state: 'missing' });
  });

  it('refuses what another user owns or can rewrite, with why', () => {
    expect(remoteFileTrust(1000, file('1000 755', '1001 644 10 1.000 regular file'))).toEqual({
      state: 'refused',
      reason: 'owned by uid 1001: not yours, ignored',
    });
    expect(remoteFileTrust(1000, file('1000 755', '1000 666 10 1.000 regular file'))).toEqual({
      state: 'refused',
      reason: 'mode 0666: writable by other users, ignored',
    });
    expect(remoteFileTrust(1000, file('1000 755', '1000 664 10 1.000 regular file'))).toMatchObject(
      { state: 'refused' },
    );
    expect(remoteFileTrust(1000, file('1001 755', OURS))).toEqual({
      state: 'refused',
      reason: 'in /h/d, owned by uid 1001: not yours, ignored',
    });
    expect(remoteFileTrust(1000, file('1000 777', OURS))).toEqual({
      state: 'refused',
      reason: 'in /h/d, mode 0777: writable by other users, ignored',
    });
    expect(remoteFileTrust(1000, file('1000 755', '1000 644 0 1.000 fifo'))).toEqual({
      state: 'refused',
      reason: 'not a file: ignored',
    });
    expect(remoteFileTrust(null, file('1000 755', OURS))).toMatchObject({ state: 'refused' });
  });
});

describe('schmuxSocketIn', () => {
  it("puts a bare name and the default server in the host's socket dir, keeps a path", () => {
    expect(schmuxSocketIn('', '/tmp/tmux-7')).toBe('/tmp/tmux-7/default');
    expect(schmuxSocketIn('schmux', '/tmp/tmux-7')).toBe('/tmp/tmux-7/schmux');
    expect(schmuxSocketIn('/run/s.sock', '/tmp/tmux-7')).toBe('/run/s.sock');
  });
});

/**
 * Ended sessions stay: a plain session that ends without remain-on-exit is
 * kept as an "ended" row with the last screen Loopwatch read of it, across
 * a restart of Loopwatch; a damaged record file is set aside and reported
 * while the others still load. Real tmux on a private socket.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotSchema, type Session } from '../../../preload/contract';
import { runCli } from '../../../main/cli';
import { ENDED_REASON } from '../../../main/core/keep/endedSessions';
import { loopwatchConfigDir } from '../../../main/core/paths';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { supervise, WAIT_MS } from '../../helpers/supervise';

async function cli(
  sandbox: Sandbox,
  args: string[],
): Promise<{ code: number; out: string; err: string }> {
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

describe('ended sessions (real tmux)', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await createSandbox();
    // Another session keeps the server up: this is one session ending, not its server.
    await sandbox.tmux(['new-session', '-d', '-s', 'keeper', 'sleep 600']);
  });

  afterAll(async () => {
    await sandbox.cleanup();
  });

  it('keeps a plain session that ended, with its last screen, across a restart', async () => {
    const first = await supervise(sandbox);
    try {
      await sandbox.tmux([
        'new-session',
        '-d',
        '-s',
        'api',
        "printf 'LAST-WORDS-42\\nContinue? [y/N] '; read answer; echo bye",
      ]);
      // The screen was read: the prompt on it made the session "waiting".
      await first.reach('api', 'waiting');
      await sandbox.tmux(['send-keys', '-t', '=api:', 'y', 'Enter']);
      const ended = await eventually(
        () => first.find((s) => s.name === 'api' && s.ended != null),
        'an ended row for api',
        WAIT_MS,
      );
      expect(ended.status).toBe('unknown');
      expect(ended.reason).toBe(ENDED_REASON);
      expect(ended.live).toBe(false);
      expect(ended.ended?.lastStatus).toBe('waiting');
      expect(ended.ended?.screenLines).toBeGreaterThan(0);
      expect(first.find((s) => s.name === 'api' && !s.ended)).toBeUndefined();
      expect(first.transitions.some((t) => t.name === 'api' && t.reason === ENDED_REASON)).toBe(
        true,
      );
      await first.supervisor.ended.settled();
    } finally {
      first.supervisor.dispose();
    }

    // Loopwatch restarts: the ended row is still there, with its screen.
    const second = await supervise(sandbox);
    let row: Session;
    try {
      row = await eventually(
        () => second.find((s) => s.name === 'api' && s.ended != null),
        'the ended row after a restart',
      );
      expect(second.supervisor.ended.recordOf(row.id)?.screen).toContain('LAST-WORDS-42');
    } finally {
      second.supervisor.dispose();
    }

    const listed = await cli(sandbox, ['list', '--json']);
    expect(listed.code).toBe(0);
    const snapshot = SnapshotSchema.parse(JSON.parse(listed.out));
    expect(snapshot.sessions.find((s) => s.id === row.id)?.ended?.endedAt).toBe(row.ended?.endedAt);

    const status = await cli(sandbox, ['status', 'api']);
    expect(status.code).toBe(0);
    expect(status.out).toContain('ended:');
    expect(status.out).toContain('LAST-WORDS-42');

    // Reviewed from the command line while Loopwatch runs: the running one hides it too.
    const third = await supervise(sandbox);
    try {
      expect(third.find((s) => s.id === row.id)).toBeDefined();
      const listedEnded = await cli(sandbox, ['ended']);
      expect(listedEnded.out).toContain('api  ended');
      const reviewed = await cli(sandbox, ['ended', 'review', 'api']);
      expect(reviewed.out).toContain('1 ended session(s) marked reviewed');
      await eventually(() => !third.find((s) => s.id === row.id), 'the reviewed row to go');
      // Reviewed ones stay on disk (with --all) until disposed of; dispose needs a yes.
      expect((await cli(sandbox, ['ended', '--all'])).out).toContain('reviewed');
      const refused = await cli(sandbox, ['ended', 'dispose', 'api']);
      expect(refused.code).toBe(2);
      const disposed = await cli(sandbox, ['ended', 'dispose', 'api', '--yes']);
      expect(disposed.out).toContain('1 ended session(s) disposed of: 1 file(s) deleted');
    } finally {
      third.supervisor.dispose();
    }
    const dir = join(loopwatchConfigDir(sandbox.env), 'ended');
    expect((await readdir(dir)).filter((n) => n.endsWith('.json'))).toEqual([]);
  });

  it('sets a damaged record file aside, reports it, and keeps the others', async () => {
    const first = await supervise(sandbox);
    try {
      await sandbox.tmux(['new-session', '-d', '-s', 'short', "printf 'SHORT-LIVED\\n'; sleep 1"]);
      await eventually(
        () => first.find((s) => s.name === 'short' && s.ended != null),
        'short ended',
        WAIT_MS,
      );
      await first.supervisor.ended.settled();
    } finally {
      first.supervisor.dispose();
    }
    const dir = join(loopwatchConfigDir(sandbox.env), 'ended');
    await writeFile(join(dir, 'broken-0000000000000000.json'), '{"v": 1, "key": tru');
    const second = await supervise(sandbox);
    try {
      expect(second.find((s) => s.name === 'short' && s.ended != null)).toBeDefined();
      expect(second.supervisor.ended.problems).toHaveLength(1);
      expect(second.supervisor.ended.problems[0]).toMatch(
        /broken-0+\.json was damaged .* moved aside/,
      );
    } finally {
      second.supervisor.dispose();
    }
    const names = await readdir(dir);
    expect(names.some((n) => n.startsWith('broken-0000000000000000.json.bad-'))).toBe(true);
    expect(names).not.toContain('broken-0000000000000000.json');
  });
});

/**
 * Names and paths as data on a remote host (issue 19, item 3): the same
 * framed queries run over ssh, one-shot (`list`) and live (`watch`'s
 * control client over ssh). Directories holding a newline, U+001F, a tab and
 * a line "%end ..." must not shift fields or hide a session there either.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotSchema, type Session } from '../../../preload/contract';
import { runCli } from '../../../main/cli';
import { createHostLab, labSupport, type HostLab } from '../../helpers/netns';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';

const noLab = await labSupport();
if (noLab !== null) console.warn(`remote-host tests skipped: ${noLab}`);

/** Directory names that broke line- and U+001F-split parsing (the lab shares this filesystem). */
const DIRS = ['nl\nafter', 'us\x1fafter', 'tab\tafter', 'end\n%end 1 2 1\nafter', '#{pane_id}'];

describe.skipIf(noLab !== null)('hostile directories on a remote host', () => {
  let sandbox: Sandbox;
  let lab: HostLab | undefined;
  const want = new Map<string, string>();

  beforeAll(async () => {
    sandbox = await createSandbox();
    lab = await createHostLab([{ name: 'alpha' }]);
    for (const [i, name] of DIRS.entries()) {
      const dir = join(sandbox.root, 'remote-dirs', name);
      await mkdir(dir, { recursive: true });
      // `-c` is expanded as a format: `#` written `##`.
      await lab.tmux('alpha', [
        'new-session',
        '-d',
        '-s',
        `odd-${i}`,
        '-c',
        dir.replace(/#/g, '##'),
        'sleep 600',
      ]);
      want.set(`odd-${i}`, dir);
    }
  });

  afterAll(async () => {
    await lab?.cleanup();
    await sandbox.cleanup();
  });

  function check(sessions: readonly Session[]): void {
    const remote = sessions.filter((s) => s.host === 'alpha' && s.live);
    expect(remote.map((s) => s.name).sort()).toEqual([...want.keys()].sort());
    for (const s of remote) {
      expect(s.panes).toHaveLength(1);
      expect(s.panes[0]!.currentPath).toBe(want.get(s.name));
    }
  }

  it('list over ssh and watch over ssh see every session with its directory', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      out: (t: string) => out.push(t),
      err: (t: string) => err.push(t),
      env: sandbox.env,
      untilInterrupted: () => Promise.resolve(),
    };
    const code = await runCli(
      ['list', '--json', '--ssh-config', lab!.sshConfig, '--host', 'alpha=alpha'],
      io,
    );
    expect(code, err.join('')).toBe(0);
    check(SnapshotSchema.parse(JSON.parse(out.join(''))).sessions);

    // watch: its first snapshot comes from the control client over ssh.
    const lines: string[] = [];
    let interrupt: () => void = () => undefined;
    const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
    let buffered = '';
    const done = runCli(
      ['watch', '--json', '--ssh-config', lab!.sshConfig, '--host', 'alpha=alpha'],
      {
        ...io,
        out: (t) => {
          buffered += t;
          const parts = buffered.split('\n');
          buffered = parts.pop() ?? '';
          lines.push(...parts);
        },
        untilInterrupted: () => interrupted,
      },
    );
    try {
      const first = await eventually(() => lines[0], 'the first snapshot', 20_000);
      check(SnapshotSchema.parse(JSON.parse(first)).sessions);
    } finally {
      interrupt();
      expect(await done).toBe(0);
    }
  });
});

/**
 * The dashboard operations through the API backend, against real tmux:
 * peek over the control connection (and the screen kept after the session
 * is gone), details, and the marks' rules.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiBackend, type ApiBackend } from '../../../main/api/backend';
import { Supervisor } from '../../../main/core/supervisor';
import type { Peek, SessionMarks } from '../../../preload/contract';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { waitForPaneExit } from '../../helpers/paneExit';

let sandbox: Sandbox;
let supervisor: Supervisor;
let backend: ApiBackend;

const idOf = (name: string): string => `tmux:${sandbox.socket()}:${name}`;

beforeAll(async () => {
  sandbox = await createSandbox();
  const trigger = join(sandbox.root, 'crash.go');
  await sandbox.tmux([
    'new-session',
    '-d',
    '-s',
    'peeked',
    'sh',
    '-c',
    'echo "hello from the pane"; read x',
  ]);
  await sandbox.tmux([
    'new-session',
    '-d',
    '-s',
    'crasher',
    'sh',
    '-c',
    `echo "about to fail"; while [ ! -e '${trigger}' ]; do sleep 0.1; done; exit 5`,
    ';',
    'set-option',
    '-w',
    '-t',
    '=crasher:',
    'remain-on-exit',
    'on',
  ]);
  await writeFile(trigger, '');
  await waitForPaneExit(sandbox, 'crasher');
  supervisor = new Supervisor({ env: sandbox.env, pollMs: 100 });
  await supervisor.start();
  backend = createApiBackend(supervisor, {}, { env: sandbox.env });
  await eventually(
    () => supervisor.sessions().find((s) => s.name === 'crasher')?.status === 'crashed',
    'crasher to crash',
  );
});

afterAll(async () => {
  backend.dispose();
  supervisor.dispose();
  await sandbox.cleanup();
});

describe('dashboard operations', () => {
  it('peek shows the screen, and keeps it once the session is gone', async () => {
    const peek = await eventually(async () => {
      const p = (await backend.dispatch('peekSession', { sessionId: idOf('peeked') })) as Peek;
      return p.text?.includes('hello from the pane') ? p : null;
    }, 'the pane text');
    expect(peek.kept).toBe(false);
    await sandbox.tmux(['kill-session', '-t', '=peeked']);
    await eventually(
      () => !supervisor.sessions().some((s) => s.name === 'peeked' && !s.ended),
      'session gone',
    );
    const kept = (await backend.dispatch('peekSession', { sessionId: idOf('peeked') })) as Peek;
    expect(kept).toMatchObject({ kept: true, text: peek.text });
    // Its ended row shows the last screen the supervisor read of it.
    const ended = supervisor.sessions().find((s) => s.name === 'peeked' && s.ended);
    const endedPeek = (await backend.dispatch('peekSession', { sessionId: ended!.id })) as Peek;
    expect(endedPeek.kept).toBe(true);
  });

  it('peek works on a dead pane that tmux keeps', async () => {
    const peek = (await backend.dispatch('peekSession', { sessionId: idOf('crasher') })) as Peek;
    expect(peek.text).toContain('about to fail');
  });

  it('refuses bad requests with a message', async () => {
    await expect(
      backend.dispatch('peekSession', { sessionId: 'x', lines: 100_000 }),
    ).rejects.toThrow(/invalid peekSession request: lines/);
    await expect(backend.dispatch('getSessionDetails', { sessionId: 'nope' })).rejects.toThrow(
      /no session "nope"/,
    );
  });

  it('marks only finished or crashed sessions reviewed, and tells every client', async () => {
    await sandbox.tmux(['new-session', '-d', '-s', 'busy', 'sh', '-c', 'read x']);
    await eventually(() => supervisor.sessions().some((s) => s.name === 'busy'), 'busy listed');
    await expect(
      backend.dispatch('markReviewed', { sessionId: idOf('busy'), reviewed: true }),
    ).rejects.toThrow(/only finished or crashed sessions/);
    const pushed: SessionMarks[] = [];
    const unsubscribe = backend.subscribe('sessionMarks', (m) => pushed.push(m));
    const marks = (await backend.dispatch('markReviewed', {
      sessionId: idOf('crasher'),
      reviewed: true,
    })) as SessionMarks;
    unsubscribe();
    expect(marks.marks).toEqual([
      expect.objectContaining({ sessionId: idOf('crasher'), reviewedStatus: 'crashed' }),
    ]);
    expect(pushed).toHaveLength(1);
    const file = join(sandbox.env.XDG_CONFIG_HOME!, 'loopwatch', 'session-marks.json');
    await eventually(
      async () => (await readFile(file, 'utf8').catch(() => '')).includes('crasher'),
      'marks on disk',
    );
  });
});

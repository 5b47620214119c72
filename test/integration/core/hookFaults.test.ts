/**
 * Hook lines validated at the door: a message whose `at` no Date can hold
 * (it used to throw `RangeError: Invalid time value` out of the supervisor's
 * event loop and end `watch` and `serve`), malformed lines and floods of
 * them are dropped, counted on the "hooks" source and warned about at most
 * once a minute; an error thrown by one source's consumer is reported, not fatal.
 */
import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopwatchRuntimeDir } from '../../../main/core/paths';
import { hookSockets } from '../../../main/core/sources/hooks/hookSockets';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';
import { supervise, type Supervised } from '../../helpers/supervise';

let sandbox: Sandbox;
let s: Supervised;
const warnings: string[] = [];
let hookSocket = '';
let tmuxEnv = '';
let paneId = '';

/** Deliver lines to the supervisor's hook socket as `loopwatch hook` does (one connection). */
function deliver(lines: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(hookSocket, () => socket.end(`${lines.join('\n')}\n`));
    socket.on('error', reject);
    socket.on('close', () => resolve());
    socket.resume();
  });
}

function permissionRequest(at: unknown, command: string): string {
  return JSON.stringify({
    v: 1,
    kind: 'claude',
    event: {
      hook_event_name: 'PermissionRequest',
      tool_name: 'Bash',
      tool_input: { command },
    },
    tmux: tmuxEnv,
    tmuxPane: paneId,
    cwd: null,
    at,
  });
}

const hooksSource = () => s.supervisor.snapshot().sources?.find((x) => x.source === 'hooks');

beforeAll(async () => {
  sandbox = await createSandbox();
  await sandbox.tmux(['new-session', '-d', '-s', 'agent', '--', 'bash', '--norc', '--noprofile']);
  paneId = (await sandbox.tmux(['display-message', '-p', '-t', '=agent:', '#{pane_id}'])).trim();
  const serverPid = (await sandbox.tmux(['display-message', '-p', '#{pid}'])).trim();
  tmuxEnv = `${sandbox.socket()},${serverPid},0`;
  s = await supervise(sandbox, { warn: (line) => warnings.push(line) });
  hookSocket = (await hookSockets(loopwatchRuntimeDir(sandbox.env)))[0]!.path;
});

afterAll(async () => {
  s.supervisor.dispose();
  await sandbox.cleanup();
});

describe('hook lines at the door', () => {
  it('drops a message whose `at` is outside the date range, and says so', async () => {
    await deliver([permissionRequest(1e20, 'far future')]);
    const source = await eventually(hooksSource, 'the hooks source to report it');
    expect(source.count).toBe(1);
    expect(source.message).toMatch(/dropped: at:/);
    expect(warnings.filter((w) => w.includes('hooks'))).toHaveLength(1);
    expect(s.named('agent')?.status).not.toBe('waiting');
  });

  it('counts a flood of bad lines with one warning a minute', async () => {
    const bad = [
      ...Array.from({ length: 60 }, (_, i) => `not json ${i}`),
      ...Array.from({ length: 20 }, () => permissionRequest(-1, 'before 1970')),
      ...Array.from({ length: 20 }, () => permissionRequest('2026-01-01', 'a string')),
    ];
    await deliver(bad);
    await eventually(() => hooksSource()?.count === 101, 'every bad line counted');
    // The first warning was a moment ago: the flood folds into the next one.
    expect(warnings.filter((w) => w.includes('hooks'))).toHaveLength(1);
  });

  it('a consumer that throws is reported on the supervisor, and hooks still work', async () => {
    let thrown = 0;
    s.supervisor.on('delta', () => {
      thrown += 1;
      throw new Error('listener failed');
    });
    await deliver([permissionRequest(Date.now(), 'rm -rf build')]);
    const waiting = await s.reach('agent', 'waiting');
    expect(waiting.reason).toBe('Permission prompt: Bash(rm -rf build)');
    await eventually(() => thrown > 0, 'the listener to run');
    const report = s.supervisor.snapshot().sources?.find((x) => x.source === 'supervisor');
    expect(report?.message).toMatch(/listener failed/);
  });
});

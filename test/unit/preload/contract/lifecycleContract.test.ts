import { describe, expect, it } from 'vitest';
import { ALLOWED_CHANNELS, operations, parsePayload } from '../../../../preload/contract';

describe('lifecycle operations in the contract', () => {
  it('are all on the allowlist, namespaced', () => {
    for (const name of [
      'planStart',
      'startSession',
      'planKill',
      'killSession',
      'listRuns',
      'planResume',
      'resumeRun',
      'planCleanup',
      'applyCleanup',
      'hooksStatus',
      'hooksInstall',
      'hooksUninstall',
    ] as const) {
      expect(ALLOWED_CHANNELS.has(operations[name].channel), name).toBe(true);
      expect(operations[name].channel).toMatch(/^loopwatch:(actions|hooks):/);
    }
  });

  it('start requests: one of three forms, defaults filled in', () => {
    const stage = parsePayload(
      operations.startSession.request,
      { form: 'stage', projectDir: '/p', type: 'ralph', name: 'a', max: 3 },
      'start',
    );
    expect(stage).toMatchObject({ provider: null, inputs: [], force: false, loop: false });
    expect(() =>
      parsePayload(
        operations.startSession.request,
        { form: 'command', dir: '/p', name: 'x', command: [] },
        'start',
      ),
    ).toThrow(/command: a command is needed/);
    expect(() => parsePayload(operations.startSession.request, { form: 'shell' }, 'start')).toThrow(
      /invalid start/,
    );
  });

  it('a kill names its session by tmux id, and saves history unless told not to', () => {
    const kill = parsePayload(
      operations.killSession.request,
      { socket: '/s', name: 'a', tmuxId: '$3' },
      'kill',
    );
    expect(kill.saveHistory).toBe(true);
    expect(() =>
      parsePayload(
        operations.killSession.request,
        { socket: '/s', name: 'a', tmuxId: 'a' },
        'kill',
      ),
    ).toThrow(/tmuxId: a tmux session id looks like \$3/);
  });

  it('cleanup: a plan id and item ids; resume: resume or force', () => {
    expect(() => parsePayload(operations.applyCleanup.request, { itemIds: [] }, 'apply')).toThrow(
      /planId/,
    );
    expect(parsePayload(operations.resumeRun.request, { name: 'a' }, 'resume')).toEqual({
      name: 'a',
      projectDir: null,
      mode: 'resume',
    });
    expect(() =>
      parsePayload(operations.resumeRun.request, { name: 'a', mode: 'restart' }, 'resume'),
    ).toThrow(/mode/);
  });
});

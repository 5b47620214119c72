import { describe, expect, it, vi } from 'vitest';
import {
  configuredClient,
  resolveClient,
  supportsPaneStreams,
  TERMINAL_CLIENTS,
} from '../../../../main/pty/terminalClient';

describe('configuredClient', () => {
  it.each(TERMINAL_CLIENTS)('takes %s', (kind) => {
    expect(configuredClient(kind)).toBe(kind);
  });

  it.each([
    ['unset', undefined],
    ['empty', ''],
    ['upper case', 'PANES'],
    ['capitalised', 'Attach'],
    ['padded', ' panes'],
    ['with a line end', 'attach\n'],
    ['another word', 'control'],
    ['a number', '1'],
    ['a prototype name', 'toString'],
  ])('falls back to auto when %s', (_, value) => {
    expect(configuredClient(value)).toBe('auto');
  });
});

describe('supportsPaneStreams', () => {
  it.each([
    ['tmux 3.2', true],
    ['tmux 3.2a', true],
    ['tmux 3.3a', true],
    ['tmux 3.5a', true],
    ['tmux 4.0', true],
    ['tmux 10.1', true],
    ['tmux next-3.4', true],
    ['tmux master', true],
    ['tmux next', true],
    ['tmux 3.1c', false],
    ['tmux 3.0a', false],
    ['tmux 2.9', false],
    ['tmux 1.8', false],
    ['tmux next-3.1', false],
    ['', false],
    ['tmux', false],
    ['sh: tmux: not found', false],
  ])('%j -> %s', (version, expected) => {
    expect(supportsPaneStreams(version)).toBe(expected);
  });
});

describe('resolveClient', () => {
  it.each([
    ['tmux 3.3a', 'panes'],
    ['tmux 3.3', 'panes'],
    ['tmux 3.2', 'panes'],
    ['tmux 3.1', 'attach'],
    ['tmux 3.0a', 'attach'],
    ['tmux next-3.4', 'panes'],
    ['tmux master', 'panes'],
    // What tmuxVersion answers when tmux could not be run.
    ['', 'attach'],
  ] as const)('resolves auto with %j to %s', async (version, expected) => {
    const probe = vi.fn(() => Promise.resolve(version));
    expect(await resolveClient('auto', probe)).toBe(expected);
    expect(probe).toHaveBeenCalledTimes(1);
  });

  it.each(['panes', 'attach'] as const)(
    'keeps a configured %s without asking tmux',
    async (kind) => {
      const probe = vi.fn(() => Promise.resolve('tmux 1.8'));
      expect(await resolveClient(kind, probe)).toBe(kind);
      expect(probe).not.toHaveBeenCalled();
    },
  );

  it('takes panes when configured even for a tmux too old for it', async () => {
    expect(await resolveClient(configuredClient('panes'), () => Promise.resolve('tmux 2.9'))).toBe(
      'panes',
    );
  });
});

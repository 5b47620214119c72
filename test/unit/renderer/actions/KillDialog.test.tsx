// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KillPlan } from '../../../../preload/contract';
import { KillDialog } from '../../../../renderer/src/actions/KillDialog';

afterEach(cleanup);

const PLAN: KillPlan = {
  socket: '/tmp/tmux-1000/default',
  name: 'pipeline-auth',
  tmuxId: '$4',
  panes: [{ id: '%7', index: '0.0', pid: 4242, command: 'claude', dead: false, exitStatus: null }],
  attachedClients: 0,
  summary:
    'will end tmux session =pipeline-auth on /tmp/tmux-1000/default: 1 pane running claude (pid 4242)',
  notes: ['the pipeline engine of run auth (pid 4240) runs in this session and ends with it'],
  historyDir: '/home/u/.config/loopwatch/history',
};

describe('KillDialog', () => {
  it('shows what will end and that history is saved first, then kills that exact session', async () => {
    const api = {
      planKill: vi.fn().mockResolvedValue(PLAN),
      killSession: vi.fn().mockResolvedValue({
        historyFile: '/h/pipeline-auth.txt',
        message: 'killed; history in /h/pipeline-auth.txt',
      }),
    };
    render(
      <KillDialog
        api={api}
        target={{ name: 'pipeline-auth', socket: PLAN.socket }}
        onClose={() => {}}
      />,
    );
    const dialog = await screen.findByRole('dialog', { name: 'Kill pipeline-auth?' });
    await screen.findByText(PLAN.summary);
    expect(dialog.textContent).toContain('pid 4240) runs in this session and ends with it');
    expect(dialog.textContent).toContain(
      'Its screen and scrollback are saved to /home/u/.config/loopwatch/history first',
    );
    expect(screen.getByRole('table', { name: 'Panes that will end' }).textContent).toContain(
      'claude',
    );
    expect(api.killSession).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Kill session' }));
    await waitFor(() =>
      expect(api.killSession).toHaveBeenCalledWith({
        socket: PLAN.socket,
        name: 'pipeline-auth',
        tmuxId: '$4',
        saveHistory: true,
      }),
    );
    expect((await screen.findByRole('status')).textContent).toContain(
      'history in /h/pipeline-auth.txt',
    );
  });

  it('cancel closes without killing; a vanished session is said in words', async () => {
    const onClose = vi.fn();
    const api = {
      planKill: vi.fn().mockRejectedValue(new Error('no tmux session named "gone"')),
      killSession: vi.fn(),
    };
    render(<KillDialog api={api} target={{ name: 'gone', socket: null }} onClose={onClose} />);
    expect((await screen.findByRole('alert')).textContent).toBe('no tmux session named "gone"');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Kill session' }).disabled).toBe(
      true,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalled();
    expect(api.killSession).not.toHaveBeenCalled();
  });
});

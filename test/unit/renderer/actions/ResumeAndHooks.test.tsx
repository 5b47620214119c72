// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HooksStatus, RunSummary } from '../../../../preload/contract';
import { HooksDialog } from '../../../../renderer/src/actions/HooksDialog';
import { ResumeDialog } from '../../../../renderer/src/actions/ResumeDialog';

afterEach(cleanup);

const RUN: RunSummary = {
  name: 'auth',
  projectDir: '/p',
  condition: 'crashed',
  reason: 'its lock is stale: pid 41 is not running',
  state: 'running',
  args: ['ralph', 'auth', '25'],
  canResume: true,
  canForce: true,
};

describe('ResumeDialog', () => {
  it('resumes a crashed run after showing the command', async () => {
    const api = {
      listRuns: vi
        .fn()
        .mockResolvedValue([
          RUN,
          { ...RUN, name: 'done', condition: 'complete', canResume: false, canForce: false },
        ]),
      planResume: vi.fn().mockResolvedValue({
        run: RUN,
        mode: 'resume',
        ok: true,
        problems: [],
        cwd: '/p',
        argv: ['./scripts/run.sh', 'ralph', 'auth', '25', '--resume'],
        display: './scripts/run.sh ralph auth 25 --resume',
      }),
      resumeRun: vi.fn().mockResolvedValue({
        sessionName: 'pipeline-auth',
        socket: '/s',
        sessionFound: true,
        output: '',
        attach: 'tmux -S /s attach -t =pipeline-auth',
        message: 'resumed run auth',
      }),
    };
    render(<ResumeDialog api={api} onClose={() => {}} />);
    const row = await screen.findByRole('listitem', { name: 'auth' });
    expect(within(screen.getByRole('listitem', { name: 'done' })).queryByRole('button')).toBeNull();
    fireEvent.click(within(row).getByRole('button', { name: 'Resume' }));
    expect(await within(row).findByText('./scripts/run.sh ralph auth 25 --resume')).toBeTruthy();
    expect(api.planResume).toHaveBeenCalledWith({ name: 'auth', projectDir: '/p', mode: 'resume' });
    fireEvent.click(within(row).getByRole('button', { name: 'Resume' }));
    await waitFor(() =>
      expect(api.resumeRun).toHaveBeenCalledWith({
        name: 'auth',
        projectDir: '/p',
        mode: 'resume',
      }),
    );
    expect((await within(row).findByRole('status')).textContent).toContain('resumed run auth');
  });

  it('labels a host’s run with its host and resumes it there', async () => {
    const hostRun: RunSummary = { ...RUN, host: 'gpu' };
    const api = {
      listRuns: vi.fn().mockResolvedValue([RUN, hostRun]),
      planResume: vi.fn().mockResolvedValue({
        run: hostRun,
        mode: 'resume',
        ok: true,
        problems: [],
        cwd: '/p',
        argv: ['./scripts/run.sh', 'ralph', 'auth', '25', '--resume'],
        display: './scripts/run.sh ralph auth 25 --resume',
      }),
      resumeRun: vi.fn().mockResolvedValue({
        sessionName: 'pipeline-auth',
        socket: '/s',
        sessionFound: true,
        output: '',
        attach: "ssh -t gpu -- 'tmux -S /s attach -t =pipeline-auth'",
        message: 'resumed run auth: tmux session pipeline-auth on /s on host gpu',
      }),
    };
    render(<ResumeDialog api={api} onClose={() => {}} />);
    const row = await screen.findByRole('listitem', { name: 'gpu:auth' });
    expect(within(row).getByText('gpu')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: 'Resume' }));
    expect(await within(row).findByText('./scripts/run.sh ralph auth 25 --resume')).toBeTruthy();
    expect(within(row).getByText(/on host/).textContent).toContain('gpu');
    expect(api.planResume).toHaveBeenCalledWith({
      name: 'auth',
      projectDir: '/p',
      mode: 'resume',
      host: 'gpu',
    });
    fireEvent.click(within(row).getByRole('button', { name: 'Resume' }));
    await waitFor(() =>
      expect(api.resumeRun).toHaveBeenCalledWith({
        name: 'auth',
        projectDir: '/p',
        mode: 'resume',
        host: 'gpu',
      }),
    );
  });
});

describe('HooksDialog', () => {
  const status = (installed: boolean): HooksStatus => ({
    agent: 'claude',
    file: '/home/u/.claude/settings.json',
    fileState: 'ok',
    error: null,
    command: "LOOPWATCH_HOOK=claude '/usr/bin/node' '/opt/lw/bin/loopwatch.js' hook",
    events: [
      { event: 'Notification', matcher: 'permission_prompt', installed, current: installed },
      { event: 'Stop', matcher: null, installed, current: installed },
    ],
    installed: installed ? 'all' : 'none',
  });

  it('shows each event and installs', async () => {
    const api = {
      hooksStatus: vi.fn().mockResolvedValue(status(false)),
      hooksInstall: vi.fn().mockResolvedValue({
        status: status(true),
        changed: true,
        backup: '/b',
        message: 'installed (backup: /b)',
      }),
      hooksUninstall: vi.fn(),
    };
    render(<HooksDialog api={api} onClose={() => {}} />);
    const table = await screen.findByRole('table', { name: 'Hook events' });
    expect(within(table).getAllByRole('row')[1]!.textContent).toBe(
      'Notificationpermission_promptno',
    );
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Uninstall' }).disabled).toBe(
      true,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Install' }));
    expect((await screen.findByRole('status')).textContent).toBe('installed (backup: /b)');
    expect(within(table).getAllByRole('row')[2]!.textContent).toBe('Stop-yes');
  });

  it('shows why a settings file is refused, and offers nothing to break it', async () => {
    const api = {
      hooksStatus: vi.fn().mockResolvedValue({
        ...status(false),
        fileState: 'invalid',
        error: 'settings.json has comments',
      }),
      hooksInstall: vi.fn(),
      hooksUninstall: vi.fn(),
    };
    render(<HooksDialog api={api} onClose={() => {}} />);
    expect(await screen.findByText('settings.json has comments')).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Install' }).disabled).toBe(true);
  });
});

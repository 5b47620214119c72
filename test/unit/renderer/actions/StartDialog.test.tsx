// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StartPlan } from '../../../../preload/contract';
import { StartDialog, startRequest } from '../../../../renderer/src/actions/StartDialog';

afterEach(cleanup);

const okPlan: StartPlan = {
  ok: true,
  problems: [],
  cwd: '/p',
  argv: ['./scripts/run.sh', 'ralph', 'auth', '25'],
  display: './scripts/run.sh ralph auth 25',
  sessionName: 'pipeline-auth',
  socket: '/s',
};

describe('StartDialog', () => {
  it('shows the command that will run, then starts it', async () => {
    const api = {
      planStart: vi.fn().mockResolvedValue(okPlan),
      startSession: vi.fn().mockResolvedValue({
        sessionName: 'pipeline-auth',
        socket: '/s',
        sessionFound: true,
        output: 'Started loop auth\n',
        attach: 'tmux -S /s attach -t =pipeline-auth',
        message: 'started run auth',
      }),
    };
    render(<StartDialog api={api} onClose={() => {}} initialDir="/p" />);
    fireEvent.change(screen.getByRole('textbox', { name: /^Name/ }), { target: { value: 'auth' } });
    await waitFor(() =>
      expect(api.planStart).toHaveBeenLastCalledWith(
        expect.objectContaining({
          form: 'stage',
          projectDir: '/p',
          name: 'auth',
          type: 'ralph',
          max: 25,
        }),
      ),
    );
    expect((await screen.findByText('./scripts/run.sh ralph auth 25')).tagName).toBe('PRE');
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    await waitFor(() => expect(api.startSession).toHaveBeenCalledTimes(1));
    expect((await screen.findByRole('status')).textContent).toContain(
      'tmux -S /s attach -t =pipeline-auth',
    );
  });

  it('lists the problems and keeps Start off', async () => {
    const api = {
      planStart: vi.fn().mockResolvedValue({
        ...okPlan,
        ok: false,
        problems: ['"Bad Name" is not a valid run name: use lowercase letters, digits and hyphens'],
      }),
      startSession: vi.fn(),
    };
    render(<StartDialog api={api} onClose={() => {}} initialDir="/p" />);
    fireEvent.change(screen.getByRole('textbox', { name: /^Name/ }), {
      target: { value: 'Bad Name' },
    });
    expect((await screen.findByRole('list', { name: 'Problems' })).textContent).toContain(
      'is not a valid run name',
    );
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Start' }).disabled).toBe(true);
  });

  it('offers the watched hosts and plans and starts on the one chosen', async () => {
    const api = {
      planStart: vi.fn().mockResolvedValue({ ...okPlan, cwd: '/srv/p', host: 'gpu' }),
      startSession: vi.fn().mockResolvedValue({
        sessionName: 'pipeline-auth',
        socket: '/s',
        sessionFound: true,
        output: '',
        attach: "ssh -t gpu -- 'tmux' '-S' '/s' 'attach' '-t' '=pipeline-auth'",
        message: 'started run auth: tmux session pipeline-auth on /s on host gpu',
      }),
    };
    render(<StartDialog api={api} onClose={() => {}} initialDir="/srv/p" hosts={['gpu']} />);
    fireEvent.change(screen.getByRole('combobox', { name: /^Machine/ }), {
      target: { value: 'gpu' },
    });
    fireEvent.change(screen.getByRole('textbox', { name: /^Name/ }), { target: { value: 'auth' } });
    await waitFor(() =>
      expect(api.planStart).toHaveBeenLastCalledWith(
        expect.objectContaining({ form: 'stage', projectDir: '/srv/p', name: 'auth', host: 'gpu' }),
      ),
    );
    const where = await screen.findByText(/on host/);
    expect(where.textContent).toContain('gpu');
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    await waitFor(() =>
      expect(api.startSession).toHaveBeenCalledWith(expect.objectContaining({ host: 'gpu' })),
    );
  });

  it('has no machine choice without hosts, and asks for this machine', async () => {
    const api = { planStart: vi.fn().mockResolvedValue(okPlan), startSession: vi.fn() };
    render(<StartDialog api={api} onClose={() => {}} initialDir="/p" />);
    expect(screen.queryByRole('combobox', { name: /^Machine/ })).toBeNull();
    fireEvent.change(screen.getByRole('textbox', { name: /^Name/ }), { target: { value: 'auth' } });
    await waitFor(() => expect(api.planStart).toHaveBeenCalled());
    expect(api.planStart.mock.lastCall?.[0]).not.toHaveProperty('host');
  });

  it('builds the command form from one argument per line', () => {
    const base = {
      form: 'command' as const,
      dir: '/p',
      name: 'job',
      type: '',
      max: '',
      file: '',
      runs: '',
      provider: '',
      model: '',
      context: '',
      inputs: '',
      force: false,
      socket: '',
      command: 'python3\n-c\nprint("a b")\n',
      host: '',
    };
    expect(startRequest(base)).toEqual({
      form: 'command',
      socket: null,
      dir: '/p',
      name: 'job',
      command: ['python3', '-c', 'print("a b")'],
    });
    expect(startRequest({ ...base, host: 'gpu' })).toMatchObject({ form: 'command', host: 'gpu' });
    expect(startRequest({ ...base, command: '' })).toMatch(/one argument per line/);
    expect(startRequest({ ...base, dir: '' })).toMatch(/Choose the folder/);
  });
});

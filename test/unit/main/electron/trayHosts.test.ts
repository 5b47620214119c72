/**
 * The tray menu grouped by host (issue 17), through the tray controller on
 * the mocked electron: this machine's sessions first, one submenu per
 * remote host with its count, its attention count or why it is down, and
 * a click on a remote session opening that session.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../../../helpers/electronMock'));

const electron = await import('../../../helpers/electronMock');
const { createTrayController } = await import('../../../../main/electron/trayController');
const { buildTrayModel } = await import('../../../../main/shell/trayModel');
const { DEFAULT_SETTINGS } = await import('../../../../preload/contract');
const { sampleSession } = await import('../../../helpers/samples');

import type { HostHealth, Session } from '../../../../preload/contract';
import type { TrayAction } from '../../../../main/shell/trayModel';
import type { MenuTemplateItem } from '../../../helpers/electronMock';

const NOW = new Date(2026, 10, 21, 14, 5).getTime();

function session(name: string, status: Session['status'], host?: string): Session {
  return sampleSession({
    id: `id:${host ?? 'local'}:${name}`,
    name,
    displayName: name,
    status,
    reason: `${name} reason`,
    ...(host ? { host } : {}),
  });
}

const up = (name: string): HostHealth => ({
  name,
  destination: name,
  state: 'up',
  reason: null,
  since: '2026-11-21T13:00:00.000Z',
  checkedAt: '2026-11-21T14:00:00.000Z',
  tmuxVersion: 'tmux 3.3a',
});

function menuOf(sessions: Session[], hosts: HostHealth[]) {
  const actions: TrayAction[] = [];
  const controller = createTrayController({
    trayDir: '/app/assets/tray',
    platform: 'linux',
    model: () => buildTrayModel(sessions, DEFAULT_SETTINGS, NOW, hosts),
    onAction: (action) => actions.push(action),
  });
  const tray = electron.Tray.instances.at(-1)!;
  const menu = tray.setContextMenu.mock.lastCall![0] as { template: MenuTemplateItem[] };
  return { template: menu.template, actions, controller };
}

beforeEach(() => electron.reset());

describe('tray menu grouped by host', () => {
  it('lists this machine first, then one submenu per host with its counts or why it is down', () => {
    const { template, actions, controller } = menuOf(
      [
        session('here', 'working'),
        session('asks', 'waiting', 'gpu'),
        session('runs', 'working', 'gpu'),
        session('last-seen', 'unknown', 'vm'),
      ],
      [up('gpu'), { ...up('vm'), state: 'unreachable', reason: 'connection timed out' }],
    );
    const labels = template.map((item) => item.label);
    expect(labels.indexOf('This machine (1)')).toBe(0);
    expect(labels).toContain('gpu (2, 1 needs you)');
    expect(labels).toContain('vm — unreachable');
    expect(labels.indexOf('gpu (2, 1 needs you)')).toBeLessThan(labels.indexOf('vm — unreachable'));

    const gpu = template.find((item) => item.label === 'gpu (2, 1 needs you)')!;
    const gpuLabels = gpu.submenu!.map((item) => item.label);
    expect(gpuLabels).toEqual(['Needs you (1)', 'asks — asks reason', 'Working (1)', 'runs']);
    gpu.submenu!.find((item) => item.label === 'asks — asks reason')!.click!();
    expect(actions).toEqual([{ type: 'openSession', sessionId: 'id:gpu:asks' }]);

    const vm = template.find((item) => item.label === 'vm — unreachable')!;
    expect(vm.submenu!.map((item) => item.label)).toEqual([
      'connection timed out',
      'Unknown (1)',
      'last-seen',
    ]);
    // Local sessions stay at the top level, not in a host's submenu.
    expect(labels).toContain('here');
    controller.dispose();
  });

  it('is the plain status menu without hosts', () => {
    const { template, controller } = menuOf([session('here', 'working')], []);
    expect(template.map((item) => item.label).slice(0, 2)).toEqual(['Working (1)', 'here']);
    expect(template.some((item) => item.submenu && item.label?.startsWith('This machine'))).toBe(
      false,
    );
    controller.dispose();
  });
});

import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../main/cli';
import { filterForList, renderTable } from '../../../../main/cli/listView';
import type { Session } from '../../../../preload/contract';
import { sampleSession } from '../../../helpers/samples';

const NOW = Date.parse('2026-11-21T10:00:00Z');
const s = (name: string, status: Session['status'], since: string, extra: Partial<Session> = {}) =>
  sampleSession({
    id: `tmux:/t/default:${name}`,
    name,
    displayName: name,
    status,
    since,
    socket: '/t/default',
    reason: `${name} has a rather long reason that explains in many words why it is ${status}`,
    ...extra,
  });

const SESSIONS = [
  s('idle-a', 'idle', '2026-11-21T09:00:00Z'),
  s('wait-new', 'waiting', '2026-11-21T09:59:00Z', { agent: 'claude' }),
  s('wait-old', 'waiting', '2026-11-21T09:10:00Z', { agent: 'codex' }),
  s('crash', 'crashed', '2026-11-21T09:30:00Z', { socket: '/t/other' }),
];

describe('list for people', () => {
  it('sorts like the dashboard: urgency, then the longest wait first', () => {
    const rows = filterForList(SESSIONS, { statuses: [], agents: [], hosts: [] });
    expect(rows.map((r) => r.name)).toEqual(['wait-old', 'wait-new', 'crash', 'idle-a']);
  });

  it('filters by status, agent and server (its name or path)', () => {
    const by = (f: Partial<{ statuses: string[]; agents: string[]; hosts: string[] }>) =>
      filterForList(SESSIONS, { statuses: [], agents: [], hosts: [], ...f }).map((r) => r.name);
    expect(by({ statuses: ['waiting'] })).toEqual(['wait-old', 'wait-new']);
    expect(by({ agents: ['codex'] })).toEqual(['wait-old']);
    expect(by({ hosts: ['other'] })).toEqual(['crash']);
    expect(by({ hosts: ['/t/default'], statuses: ['idle'] })).toEqual(['idle-a']);
  });

  it('filters by remote host (issue 17) and shows a HOST column only when hosts are configured', () => {
    const remote = s('gpu-run', 'working', '2026-11-21T09:40:00Z', {
      id: 'tmux@gpu:/t/default:gpu-run',
      host: 'gpu',
    });
    const all = [...SESSIONS, remote];
    const by = (hosts: string[]) =>
      filterForList(all, { statuses: [], agents: [], hosts }).map((r) => r.name);
    expect(by(['gpu'])).toEqual(['gpu-run']);
    expect(by(['local'])).toEqual(['wait-old', 'wait-new', 'crash', 'idle-a']);
    const withHosts = renderTable(all, NOW, { columns: null, colour: false }, true);
    expect(withHosts).toMatch(/^HOST\s+SESSION\s+STATUS/);
    expect(withHosts).toMatch(/\ngpu\s+gpu-run\s+working/);
    expect(renderTable(all, NOW, { columns: null, colour: false })).toMatch(/^SESSION\s+STATUS/);
  });

  it('fits the width: low-value columns go first, the reason narrows, names and statuses stay', () => {
    const wide = renderTable(SESSIONS, NOW, { columns: null, colour: false });
    expect(wide).toContain('PANES');
    for (const columns of [160, 100, 70]) {
      const text = renderTable(SESSIONS, NOW, { columns, colour: false });
      for (const line of text.trimEnd().split('\n'))
        expect(line.length).toBeLessThanOrEqual(columns);
      expect(text).toContain('wait-old');
      expect(text).toContain('waiting');
      expect(text).not.toContain('PANES');
    }
    expect(renderTable(SESSIONS, NOW, { columns: 100, colour: false })).toContain('REASON');
  });

  it('colours status words only when asked; the padding stays right', () => {
    const plain = renderTable(SESSIONS, NOW, { columns: 120, colour: false });
    const coloured = renderTable(SESSIONS, NOW, { columns: 120, colour: true });
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[33;1mwaiting\u001b[0m');
    const sgr = new RegExp(`${String.fromCharCode(27)}\\[[\\d;]*m`, 'g');
    expect(coloured.replace(sgr, '')).toBe(plain);
  });

  it('refuses an unknown status with the list of known ones', async () => {
    const err: string[] = [];
    const code = await runCli(['list', '--status', 'sleeping'], {
      out: () => undefined,
      err: (t) => err.push(t),
      env: { ...process.env, LOOPWATCH_TMUX_BIN: 'true' },
      untilInterrupted: () => Promise.resolve(),
    });
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/--status takes waiting, crashed, .*not "sleeping"/);
  });
});

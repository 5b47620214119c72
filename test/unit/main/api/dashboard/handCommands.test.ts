import { describe, expect, it } from 'vitest';
import { handCommands } from '../../../../../main/api/dashboard/handCommands';
import { sampleSession } from '../../../../helpers/samples';

describe('hand commands', () => {
  it('attach and capture with exact targets on the session socket', () => {
    const session = sampleSession({ name: `-odd name's`, socket: '/tmp/tmux 1000/default' });
    const commands = handCommands(session, null).map((c) => c.command);
    expect(commands).toContain(`tmux -S '/tmp/tmux 1000/default' attach -t '=-odd name'\\''s'`);
    expect(commands).toContain(
      `tmux -S '/tmp/tmux 1000/default' capture-pane -p -t '=-odd name'\\''s:'`,
    );
  });

  it('offers no tmux commands for a session whose tmux session is gone, only its files', () => {
    const session = sampleSession({ live: false, socket: null });
    const files = {
      lock: '/p/l.lock',
      state: '/p/state.json',
      events: '/p/e.jsonl',
      progress: '/p/p.md',
    };
    const commands = handCommands(session, files);
    expect(commands.map((c) => c.label)).toEqual(['State file', 'Lock file', 'Events', 'Progress']);
    expect(commands[0]?.command).toBe('cat /p/state.json');
  });

  it("a remote session: the same tmux commands on its host through the user's own ssh, no local files", () => {
    const session = sampleSession({
      name: `it's $(x)`,
      socket: '/tmp/tmux-0/default',
      host: 'gpu',
    });
    const files = { lock: '/p/l', state: '/p/s', events: '/p/e', progress: '/p/p' };
    const route = { destination: 'me@gpu', options: ['-F', '/cfg', '-T'] };
    const commands = handCommands(session, files, route);
    expect(commands.map((c) => c.label)).toEqual([
      'Attach',
      'Watch without resizing',
      'Print its screen',
    ]);
    expect(commands[0]?.command).toMatch(/^ssh -F \/cfg -t me@gpu -- /);
    expect(commands[2]?.command).toMatch(/^ssh -F \/cfg me@gpu -- /);
    // Not reachable from here: nothing that would run on this machine.
    expect(handCommands(session, files, null)).toEqual([]);
  });
});

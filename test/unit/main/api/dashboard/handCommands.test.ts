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
});

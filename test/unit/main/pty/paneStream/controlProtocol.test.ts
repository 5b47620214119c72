import { describe, expect, it } from 'vitest';
import { tmuxCommandLine } from '../../../../../main/core/tmux/quote';
import {
  ControlProtocol,
  sendKeysCommands,
  type CommandResult,
} from '../../../../../main/pty/paneStream/controlProtocol';

/** A protocol whose writes, output and notifications are kept for the test to read. */
function recorded(): {
  protocol: ControlProtocol;
  written: string[];
  output: [number, string][];
  notifications: [string, string[]][];
  feed: (...lines: string[]) => void;
} {
  const written: string[] = [];
  const output: [number, string][] = [];
  const notifications: [string, string[]][] = [];
  const protocol = new ControlProtocol({
    write: (line) => written.push(line),
    output: (pane, escaped) => output.push([pane, escaped.toString('latin1')]),
    notification: (name, args) => notifications.push([name, args]),
  });
  const feed = (...lines: string[]): void => {
    for (const line of lines) protocol.line(Buffer.from(line, 'latin1'));
  };
  return { protocol, written, output, notifications, feed };
}

describe('ControlProtocol', () => {
  it('sends commands on one line and hands their answers over together, in order', () => {
    const { protocol, written, feed } = recorded();
    const answers: CommandResult[][] = [];
    const display = ['display-message', '-p', 'a b'];
    const select = ['select-pane', '-t', '%3'];
    protocol.run([display, select], (results) => answers.push(results));
    expect(written).toEqual([`${tmuxCommandLine(display)} ; ${tmuxCommandLine(select)}\n`]);
    feed('%begin 1700000000 10 1', 'first line', 'second line', '%end 1700000000 10 1');
    expect(answers).toEqual([]);
    feed('%begin 1700000000 11 1', "can't find pane: %3", '%error 1700000000 11 1');
    expect(answers).toEqual([
      [
        { ok: true, lines: ['first line', 'second line'] },
        { ok: false, lines: ["can't find pane: %3"] },
      ],
    ]);
  });

  it('routes pane output and notifications between blocks', () => {
    const { output, notifications, feed } = recorded();
    feed('%output %7 hi\\015\\012', '%layout-change @1 abcd,80x24,0,0,7 abcd,80x24,0,0,7 *');
    expect(output).toEqual([[7, 'hi\\015\\012']]);
    expect(notifications).toEqual([
      ['%layout-change', ['@1', 'abcd,80x24,0,0,7', 'abcd,80x24,0,0,7', '*']],
    ]);
  });

  it('keeps what tmux said in a failing block of its own (a refused attach), answering nothing', () => {
    const { protocol, feed } = recorded();
    const answers: CommandResult[][] = [];
    protocol.run([['list-panes']], (results) => answers.push(results));
    feed('%begin 1700000000 1 0', "can't find session: =gone", '%error 1700000000 1 0');
    expect(protocol.tmuxError).toBe("can't find session: =gone");
    expect(answers).toEqual([]);
    feed('%begin 1700000000 2 1', '%0', '%end 1700000000 2 1');
    expect(answers).toEqual([[{ ok: true, lines: ['%0'] }]]);
  });

  it('does not treat %output inside a block as pane output', () => {
    const { protocol, output, feed } = recorded();
    const answers: CommandResult[][] = [];
    protocol.run([['capture-pane', '-p']], (results) => answers.push(results));
    feed('%begin 1 1 1', '%output %1 looks like output', '%end 1 1 1');
    expect(output).toEqual([]);
    expect(answers).toEqual([[{ ok: true, lines: ['%output %1 looks like output'] }]]);
  });

  it('ends a block only at the %end of its own %begin (a printed path may hold "%end ...")', () => {
    const { protocol, feed } = recorded();
    const answers: CommandResult[][] = [];
    protocol.run([['display-message', '-p']], (results) => answers.push(results));
    feed(
      '%begin 1700000000 5 1',
      '/tmp/a',
      '%end 1700000000 4 1',
      '%error 1 5 1',
      '%end 1700000000 5 1',
    );
    expect(answers).toEqual([
      [{ ok: true, lines: ['/tmp/a', '%end 1700000000 4 1', '%error 1 5 1'] }],
    ]);
  });
});

describe('sendKeysCommands', () => {
  it('types the UTF-8 bytes as hex, a bounded number per command', () => {
    expect(sendKeysCommands(4, 'é\r')).toEqual([['send-keys', '-t', '%4', '-H', 'c3', 'a9', 'd']]);
    const paste = sendKeysCommands(1, 'x'.repeat(1200));
    expect(paste.map((command) => command.length - 4)).toEqual([512, 512, 176]);
    expect(paste.flatMap((command) => command.slice(4)).every((hex) => hex === '78')).toBe(true);
  });
});

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { logWriterCommand, pipePaneCommand } from '../../../../../main/core/logs/writerCommand';

describe('pipePaneCommand', () => {
  it('quotes every part for sh and doubles # for tmux formats', () => {
    const argv = ['/opt/my node/bin/node', "it's", '#{pane_id}', '$(rm -rf x)', '-leading'];
    const command = pipePaneCommand(argv);
    expect(command).toBe(
      `'/opt/my node/bin/node' 'it'\\''s' '##{pane_id}' '$(rm -rf x)' '-leading'`,
    );
    // What sh makes of it once tmux has turned ## back into #: the same argv.
    const expanded = command.replace(/##/g, '#');
    const out = execFileSync('sh', ['-c', `printf '%s\\0' ${expanded}`], { encoding: 'utf8' });
    expect(out.split('\0').slice(0, -1)).toEqual(argv);
  });

  it('runs the log writer with the limits and the file', () => {
    const command = logWriterCommand('/data/logs/a #1.log', {
      rotateBytes: 4096,
      keepBytes: 1024,
      raw: true,
    });
    expect(command).toContain(`'--max' '4096' '--keep' '1024' '--raw' '--' '/data/logs/a ##1.log'`);
  });
});

import { describe, expect, it } from 'vitest';
import { parseStartArgs } from '../../../../main/cli/commands/start';

describe('loopwatch start arguments', () => {
  it("takes run.sh's own forms and flags", () => {
    expect(
      parseStartArgs(
        ['ralph', 'auth', '25', '--provider=codex', '--input', 'a.md', '--input', 'b.md'],
        '/p',
      ),
    ).toMatchObject({
      spec: {
        form: 'stage',
        projectDir: '/p',
        type: 'ralph',
        name: 'auth',
        max: 25,
        loop: false,
        provider: 'codex',
        inputs: ['a.md', 'b.md'],
      },
    });
    expect(parseStartArgs(['--dir', 'sub', 'loop', 'work', 'x', '3'], '/p').spec).toMatchObject({
      form: 'stage',
      projectDir: '/p/sub',
      loop: true,
      type: 'work',
    });
    expect(parseStartArgs(['pipeline', 'f.yaml', 'x'], '/p').spec).toMatchObject({
      form: 'pipeline',
      file: 'f.yaml',
      runs: null,
    });
    expect(parseStartArgs(['pipeline', 'f.yaml', 'x', '4', '--force'], '/p').spec).toMatchObject({
      runs: 4,
      force: true,
    });
  });

  it('takes any command after --, arguments untouched', () => {
    const parsed = parseStartArgs(
      ['--name', 'job', '--socket', '/s', '--', 'python3', '-c', 'print("hi")', '--force'],
      '/p',
    );
    expect(parsed.spec).toEqual({
      form: 'command',
      socket: '/s',
      dir: '/p',
      name: 'job',
      command: ['python3', '-c', 'print("hi")', '--force'],
    });
  });

  it('says what is wrong', () => {
    expect(() => parseStartArgs(['ralph', 'auth'], '/p')).toThrow(
      /usage: loopwatch start TYPE NAME MAX/,
    );
    expect(() => parseStartArgs(['ralph', 'auth', 'many'], '/p')).toThrow(
      /MAX must be a whole number/,
    );
    expect(() => parseStartArgs(['--', 'ls'], '/p')).toThrow(/needs --name NAME/);
    expect(() => parseStartArgs(['--name', 'x', '--'], '/p')).toThrow(/give the command after --/);
    expect(() => parseStartArgs(['--name', 'x', 'ralph', 'a', '1'], '/p')).toThrow(
      /belong to the command form/,
    );
    expect(() => parseStartArgs(['--name', 'x', '--model=o3', '--', 'ls'], '/p')).toThrow(
      /--model is a run.sh flag/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  parseRunArgs,
  runArgsFromArgv,
  runArgsFromCommand,
  splitShellWords,
} from '../../../../../../main/core/sources/pipeline/runArgs';

describe('run.sh arguments', () => {
  it('reads every form run.sh takes (FIELD.md)', () => {
    expect(parseRunArgs(['ralph', 'auth', '25'])).toEqual({
      type: 'ralph',
      runName: 'auth',
      maxIterations: 25,
      pipelineFile: null,
    });
    expect(parseRunArgs(['loop', 'work', 'auth', '10'])).toMatchObject({
      type: 'work',
      runName: 'auth',
      maxIterations: 10,
    });
    expect(parseRunArgs(['pipeline', 'full.yaml', 'proj', '3'])).toEqual({
      type: 'pipeline',
      runName: 'proj',
      maxIterations: null,
      pipelineFile: 'full.yaml',
    });
  });

  it('skips flags, including --input FILE which takes the next argument', () => {
    expect(
      parseRunArgs([
        'ralph',
        '--provider=codex',
        'auth',
        '--input',
        'docs/plan.md',
        '25',
        '--force',
        '--context=Focus here',
      ]),
    ).toMatchObject({ runName: 'auth', maxIterations: 25 });
  });

  it('finds run.sh in a process argv and inside sh -c', () => {
    expect(runArgsFromArgv(['bash', './scripts/run.sh', 'ralph', 'auth', '7'])?.maxIterations).toBe(
      7,
    );
    expect(
      runArgsFromArgv([
        '/bin/sh',
        '-c',
        "cd x && ./scripts/run.sh improve-plan 'my-run' 4 --resume",
      ]),
    ).toMatchObject({
      runName: 'my-run',
      maxIterations: 4,
    });
    expect(
      runArgsFromCommand('FAKE=1 bash /p/scripts/run.sh ralph auth 25; echo done')?.maxIterations,
    ).toBe(25);
    expect(runArgsFromArgv(['node', 'server.js'])).toBeNull();
  });

  it('splits words as a shell would, without running anything', () => {
    expect(splitShellWords(`a 'b c' "d \\"e\\" $f" g\\ h`)).toEqual([
      'a',
      'b c',
      'd "e" $f',
      'g h',
    ]);
    expect(splitShellWords('x;y')).toEqual(['x', ';', 'y']);
  });

  it('a MAX that is not a count is unknown', () => {
    expect(parseRunArgs(['ralph', 'auth', 'lots'])?.maxIterations).toBeNull();
    expect(parseRunArgs(['ralph'])).toBeNull();
  });
});

/**
 * Files other programs write, as they must never be trusted: a FIFO (or a
 * symlink to one) at any path Loopwatch reads used to block it forever
 * (opened before its type was checked); a dangling symlink dropped its run
 * silently; a state.json with millions of stages cost gigabytes. Each is
 * now an error (or a note) on its run, and start-up finishes.
 */
import { execFile } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schmuxStateFile, tmuxSkillRegistries } from '../../../main/core/paths';
import { locksDir, pipelinePaths } from '../../../main/core/sources/pipeline/paths';
import { MAX_STAGES } from '../../../main/core/sources/pipeline/stateFile';
import { Supervisor } from '../../../main/core/supervisor';
import type { Session, SourceHealth } from '../../../preload/contract';
import { createSandbox, type Sandbox } from '../../helpers/sandbox';

const run = promisify(execFile);
/** Start-up over these files must finish; a hang fails the test here instead of at the test timeout. */
const START_DEADLINE_MS = 15_000;

let sandbox: Sandbox;
let project: string;

function state(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    session: 'x',
    type: 'ralph',
    status: 'running',
    started_at: '2026-01-01T00:00:00Z',
    iteration: 1,
    ...extra,
  });
}

async function runDir(name: string): Promise<ReturnType<typeof pipelinePaths>> {
  const paths = pipelinePaths(project, name);
  await mkdir(paths.runDir, { recursive: true });
  return paths;
}

beforeAll(async () => {
  sandbox = await createSandbox();
  project = join(sandbox.root, 'project');
  await mkdir(locksDir(project), { recursive: true });
  const fifo = join(sandbox.root, 'a-fifo');
  await run('mkfifo', [fifo]);

  await run('mkfifo', [(await runDir('fifo-state')).state]);
  await symlink(fifo, (await runDir('link-fifo')).state);
  await symlink(join(sandbox.root, 'nowhere.json'), (await runDir('dangling')).state);

  const fifoLock = await runDir('fifo-lock');
  await writeFile(fifoLock.state, state());
  await run('mkfifo', [fifoLock.lock]);

  const fifoEvents = await runDir('fifo-events');
  await writeFile(fifoEvents.state, state());
  await run('mkfifo', [fifoEvents.events]);
  await run('mkfifo', [fifoEvents.progress]);

  const stages = Array.from({ length: 5_000 }, (_, i) => ({
    index: i,
    name: `s${i}`,
    status: 'done',
  }));
  await writeFile((await runDir('many-stages')).state, state({ stages }));
  await writeFile(
    (await runDir('huge')).state,
    state({ stages: Array.from({ length: 300_000 }, () => 0) }),
  );
  await writeFile((await runDir('deep')).state, `${'['.repeat(100)}${']'.repeat(100)}`);

  // A FIFO as the tmux skill's registry and as schmux's state file.
  const registry = tmuxSkillRegistries(sandbox.env)[0]!;
  await mkdir(dirname(registry), { recursive: true });
  await run('mkfifo', [registry]);
  await mkdir(dirname(schmuxStateFile(sandbox.env)), { recursive: true });
  await run('mkfifo', [schmuxStateFile(sandbox.env)]);
});

afterAll(async () => {
  await sandbox.cleanup();
});

async function sessionsWith(
  oneShot: boolean,
): Promise<{ sessions: Session[]; sources: SourceHealth[] }> {
  const supervisor = new Supervisor({
    env: sandbox.env,
    oneShot,
    hooks: false,
    projectRoots: [project],
    warn: () => undefined,
  });
  try {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      supervisor.start(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('start-up hung on a file')), START_DEADLINE_MS);
      }),
    ]).finally(() => clearTimeout(timer));
    return { sessions: supervisor.sessions(), sources: supervisor.snapshot().sources ?? [] };
  } finally {
    supervisor.dispose();
  }
}

describe.each([
  ['list (one-shot)', true],
  ['watch (live)', false],
])('unsafe files, %s', (_label, oneShot) => {
  let sessions: Session[] = [];
  let sources: SourceHealth[] = [];
  const runNamed = (name: string): Session => {
    const found = sessions.find((s) => s.pipeline?.runName === name);
    if (!found) throw new Error(`run ${name} is not listed`);
    return found;
  };

  beforeAll(async () => {
    ({ sessions, sources } = await sessionsWith(oneShot));
  });

  it('a FIFO, or a symlink to one, is an error on its run, never a hang', () => {
    expect(runNamed('fifo-state').pipeline?.stateError).toMatch(
      /is a FIFO \(named pipe\), not a regular file/,
    );
    expect(runNamed('link-fifo').pipeline?.stateError).toMatch(/is a FIFO/);
    expect(runNamed('fifo-lock').lock?.error).toMatch(/is a FIFO/);
    expect(runNamed('fifo-events').pipeline?.readNotes).toEqual([
      expect.stringMatching(/events\.jsonl is a FIFO/),
      expect.stringMatching(/progress-fifo-events\.md is a FIFO/),
    ]);
  });

  it("a FIFO as a registry or schmux's state is listed in the snapshot's sources", () => {
    expect(sources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          source: `tmux skill registry ${tmuxSkillRegistries(sandbox.env)[0]}`,
          // The ownership check (issue 14) refuses it before the reader does.
          message: expect.stringMatching(/is a FIFO|not a file/),
        }),
        expect.objectContaining({
          source: `schmux state ${schmuxStateFile(sandbox.env)}`,
          message: expect.stringMatching(/is a FIFO/),
        }),
      ]),
    );
  });

  it('a dangling symlink is said, not taken for a missing file', () => {
    expect(runNamed('dangling').pipeline?.stateError).toMatch(/symbolic link to a missing file/);
  });

  it('bounded parse: stages capped and said so, too many values or too deep refused', () => {
    const many = runNamed('many-stages').pipeline;
    expect(many?.stages).toHaveLength(MAX_STAGES);
    expect(many?.readNotes).toEqual([
      expect.stringMatching(/lists 5000 stages: only the first 1000 are kept/),
    ]);
    expect(runNamed('huge').pipeline?.stateError).toMatch(/more than 200000 JSON values/);
    expect(runNamed('deep').pipeline?.stateError).toMatch(/nests deeper than 64 levels/);
  });
});

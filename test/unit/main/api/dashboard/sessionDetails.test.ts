import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EVENT_LINES,
  pipelineRunOf,
  readFileTail,
  sessionDetails,
} from '../../../../../main/api/dashboard/sessionDetails';
import { createPipelineProject } from '../../../../helpers/pipelineFixture';
import { sampleSession } from '../../../../helpers/samples';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lw-details-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('pipelineRunOf', () => {
  it('finds the run from the session name and directory', () => {
    const run = pipelineRunOf(sampleSession({ name: 'loop-nightly', projectDir: '/p' }));
    expect(run?.name).toBe('nightly');
    expect(run?.paths.state).toBe('/p/.claude/pipeline-runs/nightly/state.json');
  });

  it('refuses run names that would leave the project', () => {
    expect(
      pipelineRunOf(sampleSession({ name: 'pipeline-../../etc', projectDir: '/p' })),
    ).toBeNull();
    expect(pipelineRunOf(sampleSession({ name: 'plain-session', projectDir: '/p' }))).toBeNull();
  });
});

describe('sessionDetails', () => {
  it('reads the lock, state, events and progress of a pipeline run', async () => {
    const project = join(root, 'proj');
    await createPipelineProject(project, 'auth', {
      lock: { pid: process.pid },
      state: {
        status: 'failed',
        iteration: 4,
        iteration_completed: 3,
        error: { type: 'provider_error', message: 'rate limited', timestamp: 'x' },
        failed_at: '2026-01-02T04:00:00Z',
      },
      events: Array.from({ length: EVENT_LINES + 5 }, (_, i) => ({ type: 'progress', i })),
      progress: '# Progress\n- one\n- two\n',
    });
    const details = await sessionDetails(
      sampleSession({ name: 'pipeline-auth', projectDir: project }),
    );
    expect(details.run?.name).toBe('auth');
    expect(details.lock).toMatchObject({ pid: process.pid, alive: true, missing: false });
    expect(details.state).toMatchObject({
      status: 'failed',
      iteration: 4,
      iterationCompleted: 3,
      runError: 'provider_error: rate limited',
      stage: 'ralph',
    });
    expect(details.events?.lines).toHaveLength(EVENT_LINES);
    expect(details.events?.truncated).toBe(true);
    expect(details.events?.lines.at(-1)).toBe(
      JSON.stringify({ type: 'progress', i: EVENT_LINES + 4 }),
    );
    expect(details.progress?.lines).toEqual(['# Progress', '- one', '- two']);
    expect(details.commands.map((c) => c.label)).toContain('State file');
  });

  it('reports missing and malformed files in words, never throwing', async () => {
    const project = join(root, 'broken');
    const fixture = await createPipelineProject(project, 'bad', { state: null });
    await writeFile(fixture.lock, '{"pid": "not a pid"');
    await writeFile(fixture.state, '\0\0binary');
    const details = await sessionDetails(
      sampleSession({ name: 'pipeline-bad', projectDir: project }),
    );
    expect(details.lock?.error).toMatch(/not valid JSON/);
    expect(details.state?.error).toMatch(/binary data/);
    expect(details.events).toMatchObject({ missing: true, lines: [], error: null });
  });

  it('has no run files for a plain session, only tmux commands', async () => {
    const details = await sessionDetails(sampleSession({ name: 'scratch', source: 'plain' }));
    expect(details.run).toBeNull();
    expect(details.commands.map((c) => c.label)).toEqual([
      'Attach',
      'Watch without resizing',
      'Print its screen',
    ]);
  });

  it('cuts a runaway line in a tail', async () => {
    const path = join(root, 'long.jsonl');
    await writeFile(path, `${'x'.repeat(5_000)}\nshort\n`);
    const tail = await readFileTail(path, 10);
    expect(tail.lines[0]).toHaveLength(2_001);
    expect(tail.lines[1]).toBe('short');
  });
});

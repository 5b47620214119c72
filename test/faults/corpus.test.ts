/**
 * The fault corpus (`npm run test:faults`): a seeded corpus of malformed
 * inputs across every file family, read one by one through each family's
 * reader (a deadline per case), and the pipeline families all at once
 * through one supervisor: no crash, no hang, every bad input reported, and
 * a memory bound.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionMarksStore } from '../../main/api/dashboard/sessionMarks';
import { readLock } from '../../main/core/sources/pipeline/lockFile';
import { readLastEvent } from '../../main/core/sources/pipeline/events';
import { locksDir, pipelinePaths } from '../../main/core/sources/pipeline/paths';
import { readState } from '../../main/core/sources/pipeline/stateFile';
import { readSchmuxState } from '../../main/core/sources/schmux/stateFile';
import { readRegistry } from '../../main/core/sources/tmuxSkill/registry';
import { Supervisor } from '../../main/core/supervisor';
import { loadSettingsFile } from '../../main/shell/settings/settingsFile';
import { privateEnv } from '../helpers/sandbox';
import { FAMILIES, generateCorpus, materialize, type FaultCase, type Family } from './corpus';

const SEED = Number(process.env.LOOPWATCH_FAULT_SEED ?? 19);
/** Cases per family: 7 families, at least 1,000 inputs in all. */
const PER_FAMILY = 150;
/** A reader that takes longer than this on one input hangs (a FIFO once blocked forever). */
const CASE_DEADLINE_MS = 5_000;
/** Resident memory the whole corpus may add (a 10 MB state.json once cost 2.4 GB). */
const MEMORY_BOUND_BYTES = 300 * 1024 * 1024;

const corpus = generateCorpus(SEED, PER_FAMILY);
let root: string;
let fifo: string;

/** The reader of each family, returning its error (null: it was taken as fine). */
async function readOne(c: FaultCase, dir: string): Promise<string | null> {
  const path = join(dir, 'input');
  await materialize(path, c.shape, fifo);
  switch (c.family) {
    case 'lock': {
      const read = await readLock(path);
      return read.state === 'error' ? read.error : null;
    }
    case 'state': {
      const read = await readState(path);
      return read.state === 'error' ? read.error : null;
    }
    case 'events': {
      const read = await readLastEvent(path);
      return read.ok ? null : read.error;
    }
    case 'registry': {
      const read = await readRegistry(path);
      return read.state === 'error' ? read.error : null;
    }
    case 'schmux': {
      const read = await readSchmuxState(path);
      return read.state === 'error' ? read.error : null;
    }
    case 'settings':
      return (await loadSettingsFile(path)).notice;
    case 'marks': {
      await materialize(join(dir, 'marks', 'session-marks.json'), c.shape, fifo).catch(
        () => undefined,
      );
      const store = new SessionMarksStore(join(dir, 'marks'));
      const marks = await store.get();
      await store.dispose();
      return marks.problem;
    }
  }
}

function withDeadline<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} hung`)), CASE_DEADLINE_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lw-faults-'));
  fifo = join(root, 'the-fifo');
  await promisify(execFile)('mkfifo', [fifo]);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe(`fault corpus (seed ${SEED}, ${corpus.length} inputs)`, () => {
  it('has at least 1,000 inputs across every family', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(1_000);
    expect(new Set(corpus.map((c) => c.family))).toEqual(new Set(FAMILIES));
  });

  it('one by one: every input reported by its reader, none hangs or throws', async () => {
    const counts = new Map<Family, { inputs: number; reported: number }>();
    const unreported: string[] = [];
    for (const c of corpus) {
      const dir = join(root, 'one', c.id);
      await mkdir(dir, { recursive: true });
      const error = await withDeadline(readOne(c, dir), `${c.id} (${c.shape.what})`);
      const count = counts.get(c.family) ?? { inputs: 0, reported: 0 };
      count.inputs += 1;
      if (error) count.reported += 1;
      else unreported.push(`${c.id} (${c.shape.what})`);
      counts.set(c.family, count);
    }
    console.log(
      `fault corpus one by one: ${[...counts].map(([f, n]) => `${f} ${n.reported}/${n.inputs}`).join(', ')}`,
    );
    expect(unreported).toEqual([]);
  });

  it('one world: every bad pipeline file is an error on its run, start-up ends, memory bounded', async () => {
    const world = join(root, 'world');
    const env = await privateEnv(world);
    const project = join(world, 'project');
    await mkdir(locksDir(project), { recursive: true });
    const pipelineCases = corpus.filter((c) => ['lock', 'state', 'events'].includes(c.family));
    for (const c of pipelineCases) {
      const paths = pipelinePaths(project, c.id);
      await mkdir(paths.runDir, { recursive: true });
      // Each run has the other two files well-formed, so only its case can be the error.
      if (c.family !== 'state')
        await materialize(
          paths.state,
          { kind: 'bytes', bytes: Buffer.from('{"status":"running"}'), what: 'ok' },
          fifo,
        );
      const path =
        c.family === 'lock' ? paths.lock : c.family === 'state' ? paths.state : paths.events;
      await materialize(path, c.shape, fifo);
    }
    const rssBefore = process.memoryUsage().rss;
    const supervisor = new Supervisor({
      env,
      oneShot: true,
      projectRoots: [project],
      warn: () => {},
    });
    try {
      await withDeadline(supervisor.start(), 'the supervisor over the whole corpus');
      const growth = process.memoryUsage().rss - rssBefore;
      const runs = new Map(supervisor.sessions().map((s) => [s.pipeline?.runName, s]));
      const unreported: string[] = [];
      for (const c of pipelineCases) {
        const s = runs.get(c.id);
        const said =
          c.family === 'lock'
            ? s?.lock?.error
            : c.family === 'state'
              ? s?.pipeline?.stateError
              : s?.pipeline?.readNotes?.join('; ');
        if (!said) unreported.push(`${c.id} (${c.shape.what})`);
      }
      console.log(
        `fault corpus one world: ${pipelineCases.length - unreported.length}/${pipelineCases.length} reported, RSS +${Math.round(growth / 1024 / 1024)} MB`,
      );
      expect(unreported).toEqual([]);
      expect(growth).toBeLessThan(MEMORY_BOUND_BYTES);
    } finally {
      supervisor.dispose();
    }
  });
});

/**
 * Screen fixtures recorded from the real agents:
 * `test/fixtures/screens/<agent>/<agentVersion>/<state>--<label>.txt` (the
 * visible screen, plain) and `.json` (agent, version, state, pane title,
 * label, source). The rules' unit tests and the fidelity bench read them.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Reached } from './session';

export const SCREENS_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'screens');

export const FixtureMetaSchema = z.object({
  agent: z.string().min(1),
  agentVersion: z.string().min(1),
  state: z.enum(['waiting', 'working', 'idle']),
  title: z.string(),
  label: z.string().min(1),
  // The shared format says "synthetic" for screens written by hand (issue 18a's); "hand" kept too.
  source: z.enum(['live', 'synthetic', 'hand']),
  note: z.string().optional(),
});
export type FixtureMeta = z.infer<typeof FixtureMetaSchema>;

export interface Fixture {
  meta: FixtureMeta;
  screen: string;
  /** Path of the .txt file. */
  path: string;
}

/** Write one reached screen state; done and crashed are process facts, not screens. */
export async function writeFixture(
  agent: string,
  agentVersion: string,
  reached: Reached,
  dir = SCREENS_DIR,
): Promise<string | null> {
  if (reached.state === 'done' || reached.state === 'crashed') return null;
  const folder = join(dir, agent, agentVersion);
  await mkdir(folder, { recursive: true });
  const base = join(folder, `${reached.state}--${reached.label}`);
  const meta: FixtureMeta = {
    agent,
    agentVersion,
    state: reached.state,
    title: reached.title,
    label: reached.label,
    source: 'live',
  };
  await writeFile(`${base}.txt`, reached.screen);
  await writeFile(`${base}.json`, `${JSON.stringify(meta, null, 2)}\n`);
  return `${base}.txt`;
}

/** Every fixture under `dir`, sorted by path. */
export async function readFixtures(dir = SCREENS_DIR): Promise<Fixture[]> {
  const fixtures: Fixture[] = [];
  for (const agent of await readdir(dir).catch(() => [])) {
    for (const version of await readdir(join(dir, agent)).catch(() => [])) {
      const folder = join(dir, agent, version);
      for (const file of (await readdir(folder)).filter((f) => f.endsWith('.json')).sort()) {
        const base = join(folder, file.replace(/\.json$/, ''));
        const meta = FixtureMetaSchema.parse(JSON.parse(await readFile(`${base}.json`, 'utf8')));
        fixtures.push({ meta, screen: await readFile(`${base}.txt`, 'utf8'), path: `${base}.txt` });
      }
    }
  }
  return fixtures.sort((a, b) => a.path.localeCompare(b.path));
}

/** The recorded screens keep the format the rules' tests and the fidelity bench read. */
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFixtures, SCREENS_DIR } from '../../helpers/agentLab/fixtures';

describe('screen fixtures (test/fixtures/screens)', () => {
  it('every .json has its .txt, valid metadata, and a name and folder that match it', async () => {
    const fixtures = await readFixtures();
    expect(fixtures.length).toBeGreaterThan(0);
    for (const { meta, screen, path } of fixtures) {
      expect(basename(path)).toBe(`${meta.state}--${meta.label}.txt`);
      expect(basename(dirname(path))).toBe(meta.agentVersion);
      expect(basename(dirname(dirname(path)))).toBe(meta.agent);
      expect(screen.trim(), path).not.toBe('');
    }
  });

  it('no .txt without its .json', async () => {
    for (const agent of await readdir(SCREENS_DIR))
      for (const version of await readdir(join(SCREENS_DIR, agent))) {
        const files = await readdir(join(SCREENS_DIR, agent, version));
        for (const txt of files.filter((f) => f.endsWith('.txt')))
          expect(files, `${agent}/${version}/${txt}`).toContain(txt.replace(/\.txt$/, '.json'));
      }
  });
});

/**
 * The separations DESIGN.md insists on, checked on the source tree (the lint
 * rule says the same; this test keeps it true even with lint disabled).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

const ELECTRON_IMPORT =
  /from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"]\s*\)/;

describe('architecture', () => {
  it('only main/electron and the preload import electron', async () => {
    const offenders: string[] = [];
    for (const file of [...(await sources('main')), ...(await sources('renderer'))]) {
      if (file.startsWith(join('main', 'electron'))) continue;
      if (ELECTRON_IMPORT.test(await readFile(join(ROOT, file), 'utf8'))) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });

  it('no code runs a shell string', async () => {
    const offenders: string[] = [];
    for (const file of [...(await sources('main')), ...(await sources('preload'))]) {
      const text = await readFile(join(ROOT, file), 'utf8');
      if (/(?<![.\w])exec(Sync)?\(|shell:\s*true/.test(text.replace(/execFile/g, '')))
        offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});

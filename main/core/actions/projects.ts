/**
 * Which project directories hold pipeline runs: the start directory
 * (`#{session_path}`) of every live `pipeline-*` / `loop-*` / `ap-*`
 * session on every server, the projects of runs Loopwatch recorded, and
 * the roots the user names. A root that is not itself a project (no
 * `.claude/` or `.ap/`) stands for the projects directly inside it.
 */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pipelineRunName } from '../sessions/classify';
import type { ServerScan } from '../tmux/scanServers';
import type { ActionContext } from './context';
import { isDirectory } from './files';
import { listRunRecords } from './runRecords';

const PROJECT_MARKERS = ['.claude', '.ap'];

async function isProject(dir: string): Promise<boolean> {
  for (const marker of PROJECT_MARKERS) {
    if (await isDirectory(join(dir, marker))) return true;
  }
  return false;
}

/** A root as projects: itself, or the projects one level inside it. */
export async function expandRoot(root: string): Promise<string[]> {
  const dir = resolve(root);
  if (await isProject(dir)) return [dir];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const children = await Promise.all(
    entries
      .filter((e) => e.isDirectory())
      .map(async (e) => ((await isProject(join(dir, e.name))) ? join(dir, e.name) : null)),
  );
  return children.filter((c): c is string => c !== null);
}

export async function projectDirs(
  ctx: ActionContext,
  roots: readonly string[],
  scans: readonly ServerScan[],
): Promise<string[]> {
  const found = new Set<string>();
  for (const scan of scans) {
    for (const session of scan.sessions) {
      if (pipelineRunName(session.name) !== null && session.path) found.add(resolve(session.path));
    }
  }
  for (const record of await listRunRecords(ctx.env)) found.add(resolve(record.projectDir));
  for (const root of roots) for (const dir of await expandRoot(root)) found.add(dir);
  return [...found].sort();
}

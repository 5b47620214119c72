/**
 * How each pipeline run was started, so that resume and force-restart can
 * re-use its exact command line: `CONFIG_DIR/runs/HASH.json` per run
 * (project dir + run name). Written by `start`; learned from a live
 * engine's own argv (`/proc/PID/cmdline` of the lock holder) for runs
 * started by hand. A remote host's run (issue 17) is recorded here too,
 * under its host's name, its argv learned from the host's /proc.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { parseJson, readTextFile } from '../files/readBounded';
import { loopwatchConfigDir, type Env } from '../paths';
import { LOCAL_MACHINE, type Machine } from '../machine/machine';
import { writeFileAtomic } from './files';

/** Flags that say how to (re)start, not what to run: never part of a recorded command. */
const MODE_FLAGS = new Set(['--resume', '--force', '--foreground']);

const RunRecordSchema = z.object({
  version: z.literal(1),
  projectDir: z.string().min(1),
  name: z.string().min(1),
  /** run.sh's arguments, e.g. ["ralph", "auth", "25", "--provider=codex"]. */
  args: z.array(z.string()),
  recordedAt: z.string(),
  source: z.enum(['start', 'learned']),
  /** The remote host the project is on (issue 17); absent: this machine. */
  host: z.string().optional(),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

export function runsRecordDir(env: Env): string {
  return join(loopwatchConfigDir(env), 'runs');
}

/** A host's run: its host first in the key (a local run keeps the key it always had). */
export function runRecordPath(
  env: Env,
  projectDir: string,
  name: string,
  host: string | null = null,
): string {
  const what = `${host === null ? '' : `${host}\0`}${projectDir}\0${name}`;
  const key = createHash('sha256').update(what).digest('hex').slice(0, 24);
  return join(runsRecordDir(env), `${key}.json`);
}

export async function writeRunRecord(env: Env, record: RunRecord): Promise<string> {
  await mkdir(runsRecordDir(env), { recursive: true, mode: 0o700 });
  const path = runRecordPath(env, record.projectDir, record.name, record.host ?? null);
  await writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`, 0o600);
  return path;
}

async function readRecordFile(path: string): Promise<RunRecord | null> {
  const read = await readTextFile(path);
  if (!read.ok) return null;
  const json = parseJson(read.text, path);
  if (!json.ok) return null;
  const parsed = RunRecordSchema.safeParse(json.value);
  return parsed.success ? parsed.data : null;
}

export async function readRunRecord(
  env: Env,
  projectDir: string,
  name: string,
  host: string | null = null,
): Promise<RunRecord | null> {
  const record = await readRecordFile(runRecordPath(env, projectDir, name, host));
  return record && (record.host ?? null) === host ? record : null;
}

/** Every record of one machine (`host`; null: this one), optionally only those of run `name`. */
export async function listRunRecords(
  env: Env,
  name?: string,
  host: string | null = null,
): Promise<RunRecord[]> {
  const dir = runsRecordDir(env);
  const files = await readdir(dir).catch(() => [] as string[]);
  const records = await Promise.all(
    files.filter((f) => f.endsWith('.json')).map((f) => readRecordFile(join(dir, f))),
  );
  return records.filter(
    (r): r is RunRecord =>
      r !== null && (r.host ?? null) === host && (name === undefined || r.name === name),
  );
}

/** The run.sh arguments in a process's argv (`bash ./scripts/run.sh ralph auth 25 --foreground`). */
export function runShArgsFromArgv(argv: readonly string[]): string[] | null {
  const index = argv.findIndex((arg) => basename(arg) === 'run.sh');
  if (index === -1) return null;
  return argv.slice(index + 1).filter((arg) => !MODE_FLAGS.has(arg));
}

/**
 * Record the command of a live run started outside Loopwatch, from its
 * lock holder's argv, if there is no record yet. Returns the record when
 * one was written.
 */
export async function learnRunCommand(
  env: Env,
  projectDir: string,
  name: string,
  holderPid: number,
  machine: Machine = LOCAL_MACHINE,
  host: string | null = null,
): Promise<RunRecord | null> {
  if (await readRunRecord(env, projectDir, name, host)) return null;
  const argv = await machine.processes.args(holderPid).catch(() => null);
  const args = argv ? runShArgsFromArgv(argv) : null;
  if (!args?.includes(name)) return null;
  const record: RunRecord = {
    version: 1,
    projectDir,
    name,
    args,
    recordedAt: new Date().toISOString(),
    source: 'learned',
    ...(host === null ? {} : { host }),
  };
  await writeRunRecord(env, record).catch(() => undefined);
  return record;
}

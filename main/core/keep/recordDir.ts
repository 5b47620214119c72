/**
 * A directory of small JSON records, one file per record, so that one
 * damaged file costs that record only: a file that does not parse (or does
 * not fit its schema) is moved aside as `FILE.bad-TIME` and reported, and
 * every other record still loads. Writes are atomic and private (0600).
 */
import { createHash } from 'node:crypto';
import { access, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ZodType } from 'zod';
import { writeFileAtomic } from '../files/atomicWrite';

const RECORD_SUFFIX = '.json';
/** A record file larger than this is not one of ours: set aside unread. */
const MAX_RECORD_BYTES = 4 * 1024 * 1024;

export interface LoadedRecords<T> {
  records: Map<string, T>;
  /** One line per file set aside, for the user. */
  problems: string[];
}

/** A file name for a key: readable prefix plus a hash (keys hold any characters). */
export function recordFileName(key: string): string {
  const readable = key.replace(/[^A-Za-z0-9._-]+/g, '_').slice(-40);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
  return `${readable}-${hash}${RECORD_SUFFIX}`;
}

export class RecordDir<T> {
  constructor(
    readonly dir: string,
    private readonly schema: ZodType<T>,
    private readonly keyOf: (record: T) => string,
  ) {}

  fileOf(key: string): string {
    return join(this.dir, recordFileName(key));
  }

  async load(): Promise<LoadedRecords<T>> {
    const records = new Map<string, T>();
    const problems: string[] = [];
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith(RECORD_SUFFIX)).sort()) {
      const file = join(this.dir, name);
      const text = await readFile(file, 'utf8').catch((error: unknown) => error as Error);
      if (text instanceof Error) {
        problems.push(`${file}: cannot be read (${text.message})`);
        continue;
      }
      const why = text.length > MAX_RECORD_BYTES ? 'too large' : this.parse(text, records);
      if (why === null) continue;
      const aside = `${file}.bad-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      const moved = await rename(file, aside).then(
        () => true,
        () => false,
      );
      problems.push(
        moved
          ? `${file} was damaged (${why}) and was moved aside to ${aside}; the other records are kept`
          : `${file} is damaged (${why}) and could not be moved aside; it is ignored`,
      );
    }
    return { records, problems };
  }

  /** Null when parsed into `into`, else why not. */
  private parse(text: string, into: Map<string, T>): string | null {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return `not JSON: ${(error as Error).message}`;
    }
    const parsed = this.schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return `not a record: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`;
    }
    into.set(this.keyOf(parsed.data), parsed.data);
    return null;
  }

  /**
   * One record file again (another process changed it): the record, or null
   * when the file is gone or is not one (then it is left for the next load).
   */
  async readOne(name: string): Promise<T | null> {
    if (!name.endsWith(RECORD_SUFFIX)) return null;
    const text = await readFile(join(this.dir, name), 'utf8').catch(() => null);
    if (text === null || text.length > MAX_RECORD_BYTES) return null;
    const into = new Map<string, T>();
    return this.parse(text, into) === null ? ([...into.values()][0] ?? null) : null;
  }

  write(record: T): Promise<void> {
    return writeFileAtomic(this.fileOf(this.keyOf(record)), `${JSON.stringify(record)}\n`);
  }

  exists(key: string): Promise<boolean> {
    return access(this.fileOf(key)).then(
      () => true,
      () => false,
    );
  }

  remove(key: string): Promise<void> {
    return rm(this.fileOf(key), { force: true });
  }
}

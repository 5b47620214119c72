/**
 * Reading and writing the settings file. A file that cannot be read or is
 * not JSON is moved aside to `settings.json.bak` (never overwritten), and
 * defaults are used; a file with some invalid values keeps the valid ones
 * and is copied aside before anything writes over it. Either way the
 * caller gets a notice to show the user. Fields this version does not
 * know (a newer Loopwatch wrote them) are kept and written back.
 */
import { copyFile, rename } from 'node:fs/promises';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../../../preload/contract';
import { parseJson, readTextFile } from '../../core/files/readBounded';
import { freeBackupPath, writeFileAtomic } from '../../core/files/atomicWrite';

/** Settings are a few hundred bytes; a megabyte is not a settings file. */
export const MAX_SETTINGS_BYTES = 1024 * 1024;

export interface LoadedSettings {
  settings: Settings;
  /** Keys this version does not know, kept as they were. */
  extras: Record<string, unknown>;
  /** What the user must be told, or null. */
  notice: string | null;
  /** False when a bad file could not be moved aside: saving would overwrite it. */
  writable: boolean;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function movedAside(file: string, problem: string): Promise<LoadedSettings> {
  const defaults = { settings: SettingsSchema.parse({}), extras: {} };
  try {
    const backup = await freeBackupPath(file);
    await rename(file, backup);
    return {
      ...defaults,
      writable: true,
      notice: `${problem}. It was moved to ${backup}; Loopwatch is using default settings.`,
    };
  } catch (error) {
    return {
      ...defaults,
      writable: false,
      notice: `${problem}, and it could not be moved aside (${(error as Error).message}); Loopwatch is using default settings and will not save changes over it.`,
    };
  }
}

export async function loadSettingsFile(file: string): Promise<LoadedSettings> {
  const read = await readTextFile(file, MAX_SETTINGS_BYTES);
  if (!read.ok && read.missing) {
    return { settings: { ...DEFAULT_SETTINGS }, extras: {}, notice: null, writable: true };
  }
  if (!read.ok) return movedAside(file, `The settings file could not be read: ${read.error}`);
  const parsed = parseJson(read.text, `The settings file ${file}`);
  if (!parsed.ok) return movedAside(file, parsed.error);
  if (!isPlainObject(parsed.value)) {
    return movedAside(file, `The settings file ${file} does not hold a JSON object`);
  }
  const raw = parsed.value;
  const shape = SettingsSchema.shape;
  const valid: Record<string, unknown> = {};
  const extras: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!Object.hasOwn(shape, key)) {
      extras[key] = value;
      continue;
    }
    const field = shape[key as keyof typeof shape].safeParse(value);
    if (field.success) valid[key] = field.data;
    else problems.push(`${key} (${field.error.issues[0]?.message ?? 'invalid'})`);
  }
  const settings = SettingsSchema.parse(valid);
  if (problems.length === 0) return { settings, extras, notice: null, writable: true };
  try {
    const backup = await freeBackupPath(file);
    await copyFile(file, backup);
    return {
      settings,
      extras,
      writable: true,
      notice: `Some settings in ${file} were invalid and were reset to their defaults: ${problems.join('; ')}. The file as it was is saved as ${backup}.`,
    };
  } catch (error) {
    return {
      settings,
      extras,
      writable: false,
      notice: `Some settings in ${file} were invalid (${problems.join('; ')}), and the file could not be backed up (${(error as Error).message}); Loopwatch will not save changes over it.`,
    };
  }
}

/** Write JSON so that a reader sees the old file or the new one, never half of one. */
export function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  return writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

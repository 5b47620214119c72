/**
 * The log settings as `settings.json` in the config directory holds them
 * (read only: the settings store owns the file and its repairs), defaults
 * for anything missing or invalid.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { logSettingsDefaults } from '../../../preload/contract';
import { parseJson, readTextFile } from '../files/readBounded';
import { loopwatchConfigDir, type Env } from '../paths';
import type { LogWriterOptions } from './writerCommand';

const MAX_SETTINGS_BYTES = 1024 * 1024;
const LogSettingsSchema = z.object(logSettingsDefaults);

export async function readLogSettings(env: Env): Promise<LogWriterOptions> {
  const file = join(loopwatchConfigDir(env), 'settings.json');
  const read = await readTextFile(file, MAX_SETTINGS_BYTES);
  const parsed0 = read.ok ? parseJson(read.text, file) : null;
  const json = parsed0?.ok ? parsed0.value : null;
  const fields = (key: keyof typeof logSettingsDefaults): unknown =>
    json && typeof json === 'object' && !Array.isArray(json)
      ? (json as Record<string, unknown>)[key]
      : undefined;
  const pick = (key: keyof typeof logSettingsDefaults): unknown => {
    const one = logSettingsDefaults[key].safeParse(fields(key));
    return one.success ? one.data : undefined;
  };
  const parsed = LogSettingsSchema.parse({
    logRotateBytes: pick('logRotateBytes'),
    logKeepBytes: pick('logKeepBytes'),
    logRaw: pick('logRaw'),
  });
  const keepBytes =
    parsed.logKeepBytes < parsed.logRotateBytes
      ? parsed.logKeepBytes
      : Math.floor(parsed.logRotateBytes / 2);
  return { rotateBytes: parsed.logRotateBytes, keepBytes, raw: parsed.logRaw };
}

/**
 * The `serve` token, kept in `CONFIG_DIR/serve-token` (mode 0600) so a
 * restarted `loopwatch serve` accepts the pages and scripts that already
 * hold it: an open dashboard reconnects by itself instead of asking for a
 * new URL. `--new-token` replaces it.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readTextFile } from '../core/files/readBounded';
import { PRIVATE_FILE_MODE, writeFileAtomic } from '../core/files/atomicWrite';
import { setAsideBad } from '../core/files/setAside';
import { newToken } from './auth';

export const TOKEN_FILE_NAME = 'serve-token';
/** What newToken() writes (base64url of 32 bytes); anything else in the file is not ours. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,256}$/;
/** A token file is a few dozen bytes. */
const MAX_TOKEN_FILE_BYTES = 4096;

export interface ServeToken {
  token: string;
  path: string;
  /** What happened, for one line on stderr: created, reused, renewed, repaired. */
  note: string;
}

export async function loadServeToken(configDir: string, renew = false): Promise<ServeToken> {
  const path = join(configDir, TOKEN_FILE_NAME);
  const create = async (note: string): Promise<ServeToken> => {
    const token = newToken();
    try {
      await writeFileAtomic(path, `${token}\n`, PRIVATE_FILE_MODE);
    } catch (error) {
      // Serving matters more than remembering: run with a token for this run only.
      const why = (error as Error).message;
      return {
        token,
        path,
        note: `could not save the token in ${path} (${why}); it lasts this run only`,
      };
    }
    return { token, path, note };
  };
  if (renew) return create(`wrote a new token to ${path}`);
  const read = await readTextFile(path, MAX_TOKEN_FILE_BYTES);
  if (!read.ok && read.missing) return create(`saved the token in ${path}`);
  const token = read.ok ? read.text.trim() : '';
  if (!read.ok || !TOKEN_PATTERN.test(token)) {
    // Not a token we wrote: keep it aside rather than overwrite it.
    const why = read.ok ? 'does not hold a token' : read.error;
    const aside = await setAsideBad(path);
    if (!aside.moved) {
      return {
        token: newToken(),
        path,
        note: `${path} ${why} and could not be moved aside (${aside.error}); not writing over it: the token lasts this run only`,
      };
    }
    return create(`${path} ${why}; moved it to ${aside.path} and wrote a new token`);
  }
  const mode = (await stat(path)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    // Others could read it: it may have leaked, so it is not worth keeping.
    return create(
      `${path} was open to other users (mode ${mode.toString(8)}); wrote a new token (mode 600)`,
    );
  }
  return { token, path, note: `reusing the token in ${path} (--new-token makes a new one)` };
}

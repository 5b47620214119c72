/**
 * A FIFO as settings.json once kept `serve` from ever listening (issue 19:
 * the file was opened before its type was checked, and the open blocked).
 * Now serve starts, says the file is not a regular file, and moves it aside.
 */
import { execFile } from 'node:child_process';
import { lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopwatchConfigDir } from '../../../main/core/paths';
import { createSandbox, type Sandbox } from '../../helpers/sandbox';
import { startServe, type ServeProcess } from '../../helpers/serveProcess';

let sandbox: Sandbox;
let serve: ServeProcess | null = null;

beforeAll(async () => {
  sandbox = await createSandbox();
});

afterAll(async () => {
  await serve?.stop();
  await sandbox.cleanup();
});

describe('serve with a FIFO as its settings file', () => {
  it('listens, and says what is wrong with the file', async () => {
    const dir = loopwatchConfigDir(sandbox.env);
    await mkdir(dir, { recursive: true });
    await promisify(execFile)('mkfifo', [join(dir, 'settings.json')]);
    serve = await startServe(sandbox);
    // It answers HTTP (whatever the page says without its cookie): it listens.
    const response = await fetch(serve.url);
    expect(response.status).toBeLessThan(500);
    expect(serve.output()).toMatch(/settings\.json/);
    expect(serve.output()).toMatch(/not a regular file/);
    // Moved aside to the path it names (never read or written through), nothing lost.
    const aside = /It was moved to (\S+);/.exec(serve.output())?.[1];
    expect(aside).toBeDefined();
    expect((await lstat(aside!)).isFIFO()).toBe(true);
  });
});

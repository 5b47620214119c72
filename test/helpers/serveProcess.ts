/**
 * Runs the built `loopwatch serve` (bin/loopwatch.js) as a child process in
 * a sandbox, and reads the URL it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Sandbox } from './sandbox';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(REPO_ROOT, 'bin', 'loopwatch.js');

export interface ServeProcess {
  /** The printed URL with ?token=... */
  tokenUrl: string;
  /** Base URL without the token. */
  url: string;
  token: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export async function startServe(
  sandbox: Sandbox,
  args: readonly string[] = [],
  /** `savedPort`: no `--port` (serve's own default: the port it used last time). */
  options: { savedPort?: boolean } = {},
): Promise<ServeProcess> {
  if (!existsSync(join(REPO_ROOT, 'out', 'main', 'cli.js'))) {
    throw new Error('the app is not built: run `npm run build` before the end-to-end tests');
  }
  const portArgs = options.savedPort ? [] : ['--port', '0'];
  const child = spawn(process.execPath, [BIN, 'serve', ...portArgs, ...args], {
    env: sandbox.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (text += chunk));
  const tokenUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL:\n${text}`)), 20_000);
    child.stdout.on('data', (chunk: string) => {
      text += chunk;
      const match = /(http:\/\/\S+\?token=\S+)/.exec(text);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${text}`));
    });
  });
  const parsed = new URL(tokenUrl);
  const token = parsed.searchParams.get('token') ?? '';
  parsed.search = '';
  return {
    tokenUrl,
    url: parsed.toString(),
    token,
    child,
    output: () => text,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * A host key never seen before is shown, not trusted silently. ssh has no
 * non-interactive "show me the key and ask" (`StrictHostKeyChecking=ask`
 * needs a terminal), so: `ssh -G` resolves the host as ssh would (HostName,
 * Port, HostKeyAlias, known-hosts files, from `-F` too), `ssh-keyscan`
 * fetches the keys the host offers, `ssh-keygen -l` prints their
 * fingerprints for the user to compare, and only after a yes are exactly
 * those key lines added to the user's known-hosts file. Every later
 * connection still runs with `StrictHostKeyChecking=yes`: if the host
 * served a different key to the real connection, it is refused.
 */
import { execFile, spawn } from 'node:child_process';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import type { Env } from '../paths';
import type { HostSpec } from './hostSpec';
import { sshBinary } from './sshOptions';

const run = promisify(execFile);
/** ssh-keyscan gives up on a host after this many seconds. */
const KEYSCAN_TIMEOUT_S = 5;

export interface SshTarget {
  hostname: string;
  port: number;
  /** What known_hosts lines name: HostKeyAlias, else `host` or `[host]:port`. */
  knownName: string;
  knownHostsFiles: string[];
}

/** How ssh resolves `host` (its config, `-F` file included). */
export async function resolveSshTarget(host: HostSpec, env: Env): Promise<SshTarget> {
  const args = [...(host.sshConfig ? ['-F', host.sshConfig] : []), '-G', host.destination];
  const { stdout } = await run(sshBinary(env), args, { encoding: 'utf8', timeout: 5_000 });
  const values = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0 && !values.has(line.slice(0, space)))
      values.set(line.slice(0, space), line.slice(space + 1));
  }
  const hostname = values.get('hostname') ?? host.destination;
  const port = Number(values.get('port') ?? '22');
  const alias = values.get('hostkeyalias');
  const knownName = alias ?? (port === 22 ? hostname : `[${hostname}]:${port}`);
  const files = (values.get('userknownhostsfile') ?? '').split(' ').filter(Boolean);
  return { hostname, port, knownName, knownHostsFiles: files };
}

export interface OfferedKeys {
  /** known_hosts lines, named as ssh will look them up. */
  lines: string[];
  /** `256 SHA256:... (ED25519)` per key, for people to compare. */
  fingerprints: string[];
}

function keygenFingerprints(lines: readonly string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh-keygen', ['-l', '-f', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', () => resolve(out.split('\n').filter(Boolean)));
    child.stdin.end(lines.join('\n') + '\n');
  });
}

/** The keys `target` offers right now (empty when it cannot be reached). */
export async function offeredKeys(target: SshTarget): Promise<OfferedKeys> {
  const { stdout } = await run(
    'ssh-keyscan',
    ['-T', String(KEYSCAN_TIMEOUT_S), '-p', String(target.port), '--', target.hostname],
    { encoding: 'utf8', timeout: (KEYSCAN_TIMEOUT_S + 5) * 1000 },
  ).catch(() => ({ stdout: '' }));
  const lines = stdout
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => `${target.knownName} ${l.split(' ').slice(1).join(' ')}`);
  return { lines, fingerprints: lines.length > 0 ? await keygenFingerprints(lines) : [] };
}

/** Trust exactly these key lines for `target`: appended to the user's known-hosts file. */
export async function acceptKeys(target: SshTarget, keys: OfferedKeys): Promise<string> {
  const file = target.knownHostsFiles[0];
  if (!file) throw new Error('ssh names no known-hosts file (UserKnownHostsFile)');
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await appendFile(file, keys.lines.map((l) => `${l}\n`).join(''), { mode: 0o600 });
  return file;
}

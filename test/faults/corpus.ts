/**
 * A seeded corpus of malformed inputs for every file family Loopwatch reads.
 * Same seed, same corpus: a failure names its case and reproduces.
 */
import { execFile } from 'node:child_process';
import { mkdir, symlink, truncate, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const FAMILIES = [
  'lock',
  'state',
  'events',
  'registry',
  'schmux',
  'settings',
  'marks',
] as const;
export type Family = (typeof FAMILIES)[number];

/** What is put at the path: bytes, or a file that is not a regular file. */
export type Shape =
  | { kind: 'bytes'; bytes: Buffer; what: string }
  | { kind: 'fifo' | 'symlink-fifo' | 'dangling' | 'dir' | 'sparse'; what: string };

export interface FaultCase {
  id: string;
  family: Family;
  shape: Shape;
}

/** mulberry32: small, fast, seeded. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid-looking document per family, for truncation and type-swapping. */
function sample(family: Family): unknown {
  switch (family) {
    case 'lock':
      return { session: 'x', pid: 4242, started_at: '2026-01-01T00:00:00Z' };
    case 'state':
      return { session: 'x', status: 'running', iteration: 1, stages: [{ index: 0, name: 'a' }] };
    case 'events':
      return { type: 'start', ts: '2026-01-01T00:00:00Z' };
    case 'registry':
      return { sessions: { a: { socket: '/tmp/s', target: 'a:0.0' } } };
    case 'schmux':
      return { sessions: [{ id: 'a', tmux_socket: 'schmux', tmux_session: 'a' }] };
    case 'settings':
      return { notifications: true };
    case 'marks':
      return { version: 1, sessions: {} };
  }
}

/**
 * Inputs that are wrong for every family (each reader must say so): not
 * a regular file, binary, over the size cap, cut JSON, too deep, too many
 * values, or JSON of the wrong type.
 */
function shapeFor(family: Family, random: () => number): Shape {
  const doc = JSON.stringify(sample(family));
  const pick = Math.floor(random() * 9);
  switch (pick) {
    case 0:
      return { kind: 'fifo', what: 'a FIFO' };
    case 1:
      return { kind: 'symlink-fifo', what: 'a symlink to a FIFO' };
    case 2:
      return { kind: 'dangling', what: 'a dangling symlink' };
    case 3:
      return { kind: 'dir', what: 'a directory' };
    case 4: {
      const bytes = Buffer.from(doc);
      bytes[Math.floor(random() * bytes.length)] = 0;
      return { kind: 'bytes', bytes, what: 'binary (a NUL byte)' };
    }
    case 5:
      // Sparse: its size is what is checked, and a thousand of them cost no disk.
      return { kind: 'sparse', what: 'over 10 MiB' };
    case 6: {
      const depth = 65 + Math.floor(random() * 200);
      return {
        kind: 'bytes',
        bytes: Buffer.from('['.repeat(depth) + ']'.repeat(depth)),
        what: 'too deep',
      };
    }
    case 7:
      return {
        kind: 'bytes',
        bytes: Buffer.from(`[${'0,'.repeat(200_001)}0]`),
        what: 'too many values',
      };
    default: {
      // A cut JSON document (never valid: cut before its last byte) or the wrong JSON type.
      if (random() < 0.5) {
        const cut = 1 + Math.floor(random() * (doc.length - 2));
        return { kind: 'bytes', bytes: Buffer.from(doc.slice(0, cut)), what: 'cut JSON' };
      }
      const wrong = ['[]', '"text"', '42', 'null', 'true'][Math.floor(random() * 5)]!;
      return { kind: 'bytes', bytes: Buffer.from(wrong), what: `JSON ${wrong}` };
    }
  }
}

/** Events files skip malformed lines by design (a torn line is normal): only unreadable ones are errors. */
function eventsShape(random: () => number): Shape {
  for (;;) {
    const shape = shapeFor('events', random);
    if (shape.kind !== 'bytes' || shape.what.startsWith('binary')) return shape;
  }
}

/** Settings and marks: a cut or mistyped file is already handled as bad; every shape counts. */
export function generateCorpus(seed: number, perFamily: number): FaultCase[] {
  const random = prng(seed);
  const cases: FaultCase[] = [];
  for (const family of FAMILIES) {
    for (let i = 0; i < perFamily; i++) {
      const shape = family === 'events' ? eventsShape(random) : shapeFor(family, random);
      cases.push({ id: `${family}-${i}`, family, shape });
    }
  }
  return cases;
}

/** Put a case's input at `path` (its directory is made). */
export async function materialize(path: string, shape: Shape, fifoTarget: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  switch (shape.kind) {
    case 'bytes':
      await writeFile(path, shape.bytes);
      return;
    case 'fifo':
      await run('mkfifo', [path]);
      return;
    case 'symlink-fifo':
      await symlink(fifoTarget, path);
      return;
    case 'dangling':
      await symlink(`${path}.nowhere`, path);
      return;
    case 'dir':
      await mkdir(path);
      return;
    case 'sparse':
      await writeFile(path, '');
      await truncate(path, 10 * 1024 * 1024 + 1);
      return;
  }
}

/**
 * Where a source's files and processes live: this machine, or a remote
 * host reached over ssh (main/core/hosts/remoteMachine.ts). The readers of
 * other programs' files (pipeline locks, state, events, progress) take a
 * Machine, so a host's files are read and parsed by exactly the code that
 * reads local ones: the same size caps, the same binary check, the same
 * safe JSON parse. Only the bytes' way here differs.
 */
import { readdir } from 'node:fs/promises';
import { readTail, readTextFile, type ReadResult } from '../files/readBounded';
import { pidAlive, processArgs, processStartTime } from '../proc/processes';

export interface FileReads {
  /** A whole text file of at most `maxBytes` (readBounded.ts's rules); never throws. */
  readTextFile(path: string, maxBytes?: number): Promise<ReadResult>;
  /** The last `maxBytes` of a file, cut at a line start; never throws. */
  readTail(path: string, maxBytes: number): Promise<ReadResult>;
  /** The names of `dir`'s subdirectories, sorted; [] when it cannot be listed. */
  subdirs(dir: string): Promise<string[]>;
}

export interface ProcessFacts {
  /** `kill -0`: is there a process with this pid? Throws when that cannot be known (no answer). */
  alive(pid: number): Promise<boolean>;
  /** When it started (ms since the epoch), null when unknown. */
  startTime(pid: number): Promise<number | null>;
  /** Its command line, null when unreadable. */
  args(pid: number): Promise<string[] | null>;
}

export interface Machine {
  /** For messages: "local" or the host's name. */
  readonly name: string;
  readonly files: FileReads;
  readonly processes: ProcessFacts;
}

async function localSubdirs(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** This machine: the file and /proc readers every local source uses. */
export const LOCAL_MACHINE: Machine = {
  name: 'local',
  files: { readTextFile, readTail, subdirs: localSubdirs },
  processes: {
    alive: (pid) => Promise.resolve(pidAlive(pid)),
    startTime: processStartTime,
    args: processArgs,
  },
};

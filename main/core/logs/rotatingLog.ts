/**
 * An append-only log file that rotates itself: when it reaches `maxBytes`,
 * it is replaced (atomically: a temp file renamed over it) by its own last
 * `keepBytes`, cut at a line start, and writing goes on after them. One
 * process writes it, synchronously: while it rotates, new output waits in
 * the pipe it reads from, so no byte is lost. Mode 0600.
 */
import {
  closeSync,
  fchmodSync,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

export const LOG_FILE_MODE = 0o600;
export const LOG_DIR_MODE = 0o700;

export interface RotationLimits {
  maxBytes: number;
  keepBytes: number;
}

export class RotatingLog {
  private fd: number;
  private size: number;
  /** Rotations done (for tests and the bench). */
  rotations = 0;

  constructor(
    readonly file: string,
    private readonly limits: RotationLimits,
  ) {
    if (!(limits.keepBytes >= 0 && limits.keepBytes < limits.maxBytes))
      throw new Error('the bytes kept at rotation must be fewer than the size that rotates');
    mkdirSync(dirname(file), { recursive: true, mode: LOG_DIR_MODE });
    // Read-append: rotation reads the tail back through the same descriptor.
    this.fd = openSync(file, 'a+', LOG_FILE_MODE);
    fchmodSync(this.fd, LOG_FILE_MODE);
    this.size = fstatSync(this.fd).size;
  }

  write(data: Uint8Array): void {
    let offset = 0;
    while (offset < data.length) {
      const room = Math.max(0, this.limits.maxBytes - this.size);
      const part = data.subarray(offset, offset + Math.max(room, 1));
      writeAll(this.fd, part);
      this.size += part.length;
      offset += part.length;
      if (this.size >= this.limits.maxBytes) this.rotate();
    }
  }

  private rotate(): void {
    const want = Math.min(this.limits.keepBytes, this.size);
    const tail = Buffer.alloc(want);
    let got = 0;
    while (got < want) {
      const n = readSync(this.fd, tail, got, want - got, this.size - want + got);
      if (n === 0) break;
      got += n;
    }
    // Start the kept part at a line start (unless it holds no line break at all).
    const newline = tail.subarray(0, got).indexOf(0x0a);
    const kept =
      newline >= 0 && got < this.size ? tail.subarray(newline + 1, got) : tail.subarray(0, got);
    const temp = `${this.file}.rotating`;
    const next = openSync(temp, 'w', LOG_FILE_MODE);
    writeAll(next, kept);
    closeSync(this.fd);
    closeSync(next);
    renameSync(temp, this.file);
    this.fd = openSync(this.file, 'a+', LOG_FILE_MODE);
    this.size = kept.length;
    this.rotations += 1;
  }

  close(): void {
    closeSync(this.fd);
  }
}

function writeAll(fd: number, data: Uint8Array): void {
  let offset = 0;
  while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
}

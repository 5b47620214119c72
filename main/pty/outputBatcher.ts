/**
 * Gathers pty output for a few milliseconds and hands it on in one piece:
 * a flood arrives as thousands of small reads, and one message per read
 * would cost more in messaging than in terminal parsing (VS Code batches
 * the same way). A batch never ends inside a UTF-8 character.
 */
import { completeUtf8Length } from './utf8';

/** VS Code's figure: short enough to feel instant, long enough to merge a burst of reads. */
export const BATCH_INTERVAL_MS = 5;
/** Send at once past this size, so one batch stays a modest message even at full speed. */
export const BATCH_MAX_BYTES = 64 * 1024;

export interface OutputBatcherOptions {
  emit: (bytes: Buffer) => void;
  intervalMs?: number;
  maxBytes?: number;
}

export class OutputBatcher {
  private chunks: Buffer[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | null = null;
  /** True when the buffer holds only a character's first bytes, already carried over once. */
  private carriedOver = false;
  private readonly intervalMs: number;
  private readonly maxBytes: number;

  constructor(private readonly options: OutputBatcherOptions) {
    this.intervalMs = options.intervalMs ?? BATCH_INTERVAL_MS;
    this.maxBytes = options.maxBytes ?? BATCH_MAX_BYTES;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
    this.carriedOver = false;
    if (this.size >= this.maxBytes) this.flush();
    else this.timer ??= setTimeout(() => this.onTimer(), this.intervalMs);
  }

  /** Bytes waiting to be sent. */
  get pending(): number {
    return this.size;
  }

  private onTimer(): void {
    this.timer = null;
    // A character's first bytes that no later read completed: send them as
    // they are (the view shows a replacement character) rather than hold them forever.
    this.flush(this.carriedOver);
  }

  /**
   * Send what is gathered, up to the last complete character; with `all`,
   * send everything (the stream ends, or the held bytes were never completed).
   */
  flush(all = false): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.size === 0) return;
    const joined =
      this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    const cut = all ? joined.length : completeUtf8Length(joined);
    const tail = joined.subarray(cut);
    this.chunks = tail.length ? [tail] : [];
    this.size = tail.length;
    if (tail.length) {
      this.carriedOver = true;
      this.timer = setTimeout(() => this.onTimer(), this.intervalMs);
    }
    if (cut > 0) this.options.emit(joined.subarray(0, cut));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.chunks = [];
    this.size = 0;
  }
}

/**
 * The view's half of flow control: count output bytes as xterm finishes
 * parsing them (from its write callback, never before) and acknowledge them
 * in steps, so the host resumes a paused pty once the view has caught up.
 */
import { TERMINAL_FLOW } from '../../../preload/contract';

export class AckBatcher {
  private unsent = 0;

  constructor(
    private readonly send: (bytes: number) => void,
    private readonly step: number = TERMINAL_FLOW.ackStepBytes,
  ) {}

  /** xterm parsed `bytes` more. */
  parsed(bytes: number): void {
    this.unsent += bytes;
    if (this.unsent >= this.step) {
      this.send(this.unsent);
      this.unsent = 0;
    }
  }

  /** Parsed but not yet acknowledged (always below one step). */
  get pending(): number {
    return this.unsent;
  }
}

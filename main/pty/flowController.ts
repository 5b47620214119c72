/**
 * Watermark flow control for one terminal: count output bytes sent to the
 * view and not yet acknowledged (the view acknowledges from xterm's write
 * callback, so "acknowledged" means parsed). Above the high mark the pty is
 * paused, so tmux, not our memory, absorbs a flood (it skips redraws for a
 * slow client); below the low mark it resumes. Typing is never paused.
 */
import { TERMINAL_FLOW } from '../../preload/contract';

export interface FlowControllerOptions {
  pause: () => void;
  resume: () => void;
  highWatermark?: number;
  lowWatermark?: number;
}

export class FlowController {
  private unacked = 0;
  private isPaused = false;
  private readonly high: number;
  private readonly low: number;

  constructor(private readonly options: FlowControllerOptions) {
    this.high = options.highWatermark ?? TERMINAL_FLOW.highWatermarkBytes;
    this.low = options.lowWatermark ?? TERMINAL_FLOW.lowWatermarkBytes;
    if (this.low >= this.high) throw new Error('the low watermark must be below the high one');
  }

  /** `bytes` more are on their way to the view. */
  sent(bytes: number): void {
    this.unacked += bytes;
    if (!this.isPaused && this.unacked > this.high) {
      this.isPaused = true;
      this.options.pause();
    }
  }

  /** The view parsed `bytes` more. Over-acknowledging cannot go below zero. */
  acked(bytes: number): void {
    this.unacked = Math.max(0, this.unacked - bytes);
    if (this.isPaused && this.unacked < this.low) {
      this.isPaused = false;
      this.options.resume();
    }
  }

  get paused(): boolean {
    return this.isPaused;
  }

  get unacknowledged(): number {
    return this.unacked;
  }
}

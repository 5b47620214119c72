import { describe, expect, it, vi } from 'vitest';
import { FlowController } from '../../../../main/pty/flowController';
import { TERMINAL_FLOW } from '../../../../preload/contract';

function controller() {
  const pause = vi.fn();
  const resume = vi.fn();
  return { flow: new FlowController({ pause, resume }), pause, resume };
}

describe('FlowController', () => {
  it('uses watermarks the view can always satisfy', () => {
    // A view holds back less than one ack step, so the step must not exceed the low mark.
    expect(TERMINAL_FLOW.ackStepBytes).toBeLessThanOrEqual(TERMINAL_FLOW.lowWatermarkBytes);
    expect(TERMINAL_FLOW.lowWatermarkBytes).toBeLessThan(TERMINAL_FLOW.highWatermarkBytes);
    expect(
      () => new FlowController({ pause() {}, resume() {}, highWatermark: 5, lowWatermark: 5 }),
    ).toThrow();
  });

  it('pauses once above the high mark, and resumes once below the low mark', () => {
    const { flow, pause, resume } = controller();
    flow.sent(TERMINAL_FLOW.highWatermarkBytes);
    expect(pause).not.toHaveBeenCalled();
    flow.sent(1);
    expect(pause).toHaveBeenCalledTimes(1);
    flow.sent(50_000);
    expect(pause).toHaveBeenCalledTimes(1);
    expect(flow.paused).toBe(true);

    // Between the marks: still paused.
    flow.acked(TERMINAL_FLOW.highWatermarkBytes + 50_001 - TERMINAL_FLOW.lowWatermarkBytes);
    expect(flow.unacknowledged).toBe(TERMINAL_FLOW.lowWatermarkBytes);
    expect(resume).not.toHaveBeenCalled();
    flow.acked(1);
    expect(resume).toHaveBeenCalledTimes(1);
    expect(flow.paused).toBe(false);
  });

  it('follows a view that parses slower than the pty fills, acknowledging in steps', () => {
    const { flow, pause, resume } = controller();
    const events: string[] = [];
    pause.mockImplementation(() => events.push('pause'));
    resume.mockImplementation(() => events.push('resume'));
    const batch = 10_000;
    let inFlight = 0; // sent, not yet parsed
    let parsedUnacked = 0; // parsed, waiting for a full step
    let highest = 0;
    for (let tick = 0; tick < 300; tick++) {
      // The pty produces a batch per tick for a while, unless paused.
      if (tick < 150 && !flow.paused) {
        flow.sent(batch);
        inFlight += batch;
      }
      // xterm parses 6 kB per tick and the view acks whole steps only.
      const parsed = Math.min(inFlight, 6_000);
      inFlight -= parsed;
      parsedUnacked += parsed;
      if (parsedUnacked >= TERMINAL_FLOW.ackStepBytes) {
        flow.acked(parsedUnacked);
        parsedUnacked = 0;
      }
      highest = Math.max(highest, flow.unacknowledged);
    }
    expect(events.slice(0, 2)).toEqual(['pause', 'resume']);
    for (let i = 1; i < events.length; i++) expect(events[i]).not.toBe(events[i - 1]);
    // Never more outstanding than the high mark plus the batch that crossed it.
    expect(highest).toBeLessThanOrEqual(TERMINAL_FLOW.highWatermarkBytes + batch);
    // Once the flood is over and parsed, the pty runs again.
    expect(flow.paused).toBe(false);
    expect(flow.unacknowledged).toBeLessThan(TERMINAL_FLOW.ackStepBytes);
  });

  it('cannot be acknowledged below zero', () => {
    const { flow } = controller();
    flow.sent(10);
    flow.acked(1_000_000);
    expect(flow.unacknowledged).toBe(0);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { AckBatcher } from '../../../../renderer/src/terminal/ackBatcher';
import { TERMINAL_FLOW } from '../../../../preload/contract';

describe('AckBatcher', () => {
  it('acknowledges parsed bytes in steps, never before a step is full', () => {
    const send = vi.fn();
    const acks = new AckBatcher(send);
    acks.parsed(TERMINAL_FLOW.ackStepBytes - 1);
    expect(send).not.toHaveBeenCalled();
    acks.parsed(1);
    expect(send).toHaveBeenCalledWith(TERMINAL_FLOW.ackStepBytes);
    acks.parsed(3 * TERMINAL_FLOW.ackStepBytes + 7);
    expect(send).toHaveBeenLastCalledWith(3 * TERMINAL_FLOW.ackStepBytes + 7);
    expect(acks.pending).toBe(0);
    acks.parsed(10);
    expect(acks.pending).toBe(10);
    expect(send).toHaveBeenCalledTimes(2);
  });
});

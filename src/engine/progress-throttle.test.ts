import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProgressEvent } from '../api/dto';
import { createProgressThrottle } from './progress-throttle';

describe('progress throttle of the web host', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the first event, then at most one per interval with the latest value, and start, text changes and the end at once', () => {
    let clock = 0;
    const sent: ProgressEvent[] = [];
    const throttle = createProgressThrottle((e) => sent.push(e), 100, () => clock);
    const event = (fraction: number, message = 'verify.running'): ProgressEvent => ({ operationId: 'op', fraction, message });
    throttle.push(event(0));
    for (let i = 1; i <= 1000; i++) throttle.push(event(i / 2000)); // a burst within one instant
    expect(sent.map((e) => e.fraction)).toEqual([0]);
    clock = 100;
    vi.advanceTimersByTime(100);
    expect(sent.map((e) => e.fraction)).toEqual([0, 0.5]); // the latest of the burst, not the 1,000
    clock = 150;
    throttle.push(event(0.6));
    throttle.push(event(0.6, 'verify.other')); // a new text at once
    throttle.push(event(1, 'verify.done')); // the end at once
    expect(sent.map((e) => [e.fraction, e.message])).toEqual([
      [0, 'verify.running'],
      [0.5, 'verify.running'],
      [0.6, 'verify.other'],
      [1, 'verify.done'],
    ]);
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(4); // the pending 0.6 was superseded, never sent after the end
    throttle.dispose();
  });
});

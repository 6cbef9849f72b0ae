import { describe, expect, it } from 'vitest';
import { RestartBudget } from './restart-budget';

describe('restart budget', () => {
  it('counts restarts per sliding window, not per lifetime', () => {
    let now = 0;
    const budget = new RestartBudget({ max: 5, windowMs: 10 * 60_000, now: () => now });
    // One crash an hour for a day: never used up.
    for (let hour = 0; hour < 24; hour++) {
      now = hour * 3_600_000;
      expect(budget.take(), `hour ${hour}`).toBe(true);
    }
    // A crash loop: five within the window, the sixth refused.
    now = 100 * 3_600_000;
    for (let i = 0; i < 5; i++) {
      now += 1000;
      expect(budget.take()).toBe(true);
    }
    expect(budget.take()).toBe(false);
    expect(budget.available).toBe(false);
    // Once the first of them left the window, one more is allowed.
    now += 10 * 60_000 - 4000;
    expect(budget.recent).toBe(4);
    expect(budget.take()).toBe(true);
  });

  it('backs off 200 ms doubling with the recent restarts, at most 5 s', () => {
    let now = 0;
    const budget = new RestartBudget({ max: 100, windowMs: 60_000, now: () => now });
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      delays.push(budget.delayMs());
      budget.take();
      now += 10;
    }
    expect(delays).toEqual([200, 200, 400, 800, 1600, 3200, 5000, 5000]);
    now += 60_000;
    expect(budget.delayMs()).toBe(200);
  });
});

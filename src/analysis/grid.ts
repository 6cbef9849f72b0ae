/** Nominal times of a measurement period over a range, on the grid target-time alignment uses. */
import { nearestGridTime, nextGridTime } from '../model/calendar-steps';

/** Grid times t with from ≤ t ≤ to (the grid point at or after `from` first). */
export function gridFrom(from: number, to: number, periodSeconds: number): number[] {
  let t = firstGridTime(from, periodSeconds);
  const times: number[] = [];
  while (t <= to) {
    times.push(t);
    t = nextGridTime(t, periodSeconds);
  }
  return times;
}

/** The first grid time at or after `from`. */
export function firstGridTime(from: number, periodSeconds: number): number {
  const t = nearestGridTime(from, periodSeconds);
  return t < from ? nextGridTime(t, periodSeconds) : t;
}

export { nextGridTime };

/** Nominal times of a measurement period over a range, on the grid target-time alignment uses. */
import { nearestGridTime, nextGridTime } from '../model/calendar-steps';

/** Grid times t with from ≤ t ≤ to (the grid point at or after `from` first). */
export function gridFrom(from: number, to: number, periodSeconds: number): number[] {
  let t = nearestGridTime(from, periodSeconds);
  if (t < from) t = nextGridTime(t, periodSeconds);
  const times: number[] = [];
  while (t <= to) {
    times.push(t);
    t = nextGridTime(t, periodSeconds);
  }
  return times;
}

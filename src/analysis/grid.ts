/** Nominal times of a measurement period over a range, on the grid target-time alignment uses. */
import { nearestGridTime, nextGridTime } from '../model/calendar-steps';

/** Grid times t with from ≤ t ≤ to (the grid point at or after `from` first). */
export function gridFrom(from: number, to: number, periodSeconds: number): number[] {
  let t = nearestGridTime(from, periodSeconds);
  if (t < from) t = nextGridTime(t, periodSeconds);
  const times: number[] = [];
  while (t <= to) {
    times.push(t);
    const next = nextGridTime(t, periodSeconds);
    // Grids that restart at midnight (45 min, 3 h, …) jump to the next day's first point.
    const snapped = nearestGridTime(next, periodSeconds);
    t = snapped > t ? snapped : next;
  }
  return times;
}

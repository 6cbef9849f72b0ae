/**
 * Gaps: nominal times inside the range of a value list for which no reading exists. They are reported
 * and counted ("kein Messwert vorhanden"), never filled in.
 */
import type { IntervalReading } from './types';
import { nextGridTime } from './calendar-steps';
import { targetTimeOf, TARGET_TIME_TOLERANCE } from './target-time';

export interface Gap {
  /** First missing target time. */
  from: number;
  /** Last missing target time. */
  to: number;
  /** Number of missing values. */
  missing: number;
}

/** Missing target times between the first and last of the (sorted) times. */
export function findGapsInTimes(times: readonly number[], periodSeconds: number, limit = 1_000_000): Gap[] {
  const gaps: Gap[] = [];
  let total = 0;
  for (let i = 1; i < times.length; i++) {
    const previous = times[i - 1] as number;
    const current = times[i] as number;
    let expected = nextGridTime(previous, periodSeconds);
    if (expected >= current) continue;
    const from = expected;
    let to = expected;
    let missing = 0;
    while (expected < current && total < limit) {
      to = expected;
      missing++;
      total++;
      expected = nextGridTime(expected, periodSeconds);
    }
    gaps.push({ from, to, missing });
    if (total >= limit) break;
  }
  return gaps;
}

/** Target times of readings (sorted, aligned; readings without a target time are left out). */
export function targetTimes(readings: readonly IntervalReading[], periodSeconds: number | undefined, tolerance = TARGET_TIME_TOLERANCE): number[] {
  const times: number[] = [];
  for (const r of readings) {
    const t = targetTimeOf(r, periodSeconds, tolerance);
    if (t !== undefined) times.push(t);
  }
  return times;
}

/** Gaps of a list of readings with the given period. */
export function findGaps(readings: readonly IntervalReading[], periodSeconds: number, tolerance = TARGET_TIME_TOLERANCE): Gap[] {
  const times = targetTimes(readings, periodSeconds, tolerance).sort((a, b) => a - b);
  return findGapsInTimes(times, periodSeconds);
}

/** Target times that occur more than once (sorted input). */
export function findDuplicateTimes(times: readonly number[]): number[] {
  const duplicates: number[] = [];
  for (let i = 1; i < times.length; i++) {
    if (times[i] === times[i - 1] && duplicates[duplicates.length - 1] !== times[i]) duplicates.push(times[i] as number);
  }
  return duplicates;
}

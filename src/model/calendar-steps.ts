/** Steps on the Europe/Berlin calendar used by target-time alignment and gap detection. */
import { berlinParts, berlinStartOfDay, berlinTime, nextBerlinDay } from './time/berlin';

export const DAY_SECONDS = 86_400;
export const MONTH_SECONDS = 30 * DAY_SECONDS;

/** Start of the Berlin month containing the instant. */
export function berlinStartOfMonth(epochMs: number): number {
  const p = berlinParts(epochMs);
  return berlinTime(p.year, p.month, 1);
}

/**
 * The next nominal time after the nominal time `t` on the grid of `periodSeconds`. Days and months follow
 * Berlin wall time (23- and 25-hour days, months of 28-31 days); periods that divide an hour run on the
 * absolute grid; the others (45 min, 2 h, 3 h, 6 h, …) step from each Berlin midnight and end the day at
 * the next midnight, so that the last interval of a 23- or 25-hour day is shorter (inferred, as target-time
 * alignment and the TAF-2 booking read it; no gateway data with such periods across DST at hand).
 */
export function nextGridTime(t: number, periodSeconds: number): number {
  if (periodSeconds === DAY_SECONDS) {
    const p = berlinParts(t);
    return berlinTime(p.year, p.month, p.day + 1, p.hour, p.minute, p.second);
  }
  if (periodSeconds === MONTH_SECONDS) {
    const p = berlinParts(t);
    return berlinTime(p.year, p.month + 1, p.day, p.hour, p.minute, p.second);
  }
  const next = t + periodSeconds * 1000;
  if (3600 % periodSeconds === 0) return next;
  const midnight = nextBerlinDay(berlinStartOfDay(t));
  return next > midnight ? midnight : next;
}

/** Nearest nominal time to `t` for the period; grids of whole hours and above follow Berlin wall time. */
export function nearestGridTime(t: number, periodSeconds: number): number {
  if (periodSeconds === DAY_SECONDS) {
    const start = berlinStartOfDay(t);
    const next = nextGridTime(start, DAY_SECONDS);
    return t - start <= next - t ? start : next;
  }
  if (periodSeconds === MONTH_SECONDS) {
    const start = berlinStartOfMonth(t);
    const next = nextGridTime(start, MONTH_SECONDS);
    return t - start <= next - t ? start : next;
  }
  const p = periodSeconds * 1000;
  if (3_600_000 % p === 0) return Math.round(t / p) * p;
  // e.g. 2 h, 3 h, 6 h, 12 h: count from Berlin midnight
  const dayStart = berlinStartOfDay(t);
  return dayStart + Math.round((t - dayStart) / p) * p;
}

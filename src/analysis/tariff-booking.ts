/**
 * Books the energy of one original value list into tariff registers following the supplier's calendar,
 * as TRuDI's TAF-2 recomputation does (knowledge/03-billing-transparency.md):
 *
 * Consecutive usable readings (PTB < 3, exact aligned target times) form pairs. A pair within one day goes
 * to the tariff of its segment unless a tariff switch lies strictly between the two readings (a gap at a
 * switch point); then it goes to the error register. A pair across midnight (a gap at the start of a day)
 * goes to the tariff when the tariff stays the same from the earlier reading up to and including the slot
 * of the later one, else to the error register. Only differences between readings are booked, so the sum
 * of all registers equals last usable − first usable reading: energy is conserved.
 */
import { berlinParts, berlinTime } from '../model/time/berlin';
import { isUsableStatus, lowerBound, upperBound, type Channel } from './channel';
import type { TariffDay } from './tariff-calendar';

/** Booking target of the error register. */
export const ERROR_TARIFF = 63;

export interface BookedRange {
  /** Index into the `days` given to `bookChannel`. */
  dayIndex: number;
  start: number;
  end: number;
  startValue: number;
  endValue: number;
  /** Tariff number, or ERROR_TARIFF for the error register. */
  target: number;
}

export interface BookingResult {
  ranges: BookedRange[];
  /** Sum per target (tariff number or ERROR_TARIFF). */
  sums: Map<number, number>;
  firstUsable: number | null;
  lastUsable: number | null;
}

/** Fills calendar holes with days without tariff (their energy goes to the error register). */
export function contiguousDays(days: readonly TariffDay[]): TariffDay[] {
  const result: TariffDay[] = [];
  for (const day of days) {
    const previous = result[result.length - 1];
    if (previous && day.start < previous.end) continue;
    if (previous && day.start > previous.end) {
      let cursor = previous.end;
      while (cursor < day.start) {
        const p = berlinParts(cursor);
        const next = Math.min(day.start, berlinTime(p.year, p.month, p.day + 1));
        // A placeholder for a date the calendar does not cover for this list.
        result.push({ year: p.year, month: p.month, day: p.day, dayId: -1, start: cursor, end: next, segments: [] });
        cursor = next;
      }
    }
    result.push(day);
  }
  return result;
}

/**
 * Books the usable readings of `channel` within [from, to] over `days` (contiguous, ascending).
 * The caller clips [from, to] to the days.
 */
export function bookChannel(channel: Channel, days: readonly TariffDay[], from: number, to: number): BookingResult {
  const { times, values, status } = channel;
  const sums = new Map<number, number>();
  const ranges: BookedRange[] = [];
  let current: BookedRange | undefined;
  let firstUsable = -1;
  let prev = -1;
  // Position of the earlier reading of a pair: day d, segment k, cached as plain numbers for the hot loop.
  let d = 0;
  let k = 0;
  let day = days[0]!;
  let dayEnd = day.end;
  let segStart = day.segments.length > 0 ? day.segments[0]!.start : day.start;
  let nextSwitch = day.segments.length > 1 ? day.segments[1]!.start : dayEnd;
  let tariff = day.segments.length > 0 ? day.segments[0]!.tariffNumber : ERROR_TARIFF;
  const last = upperBound(times, to);
  for (let j = lowerBound(times, from); j < last; j++) {
    if (!isUsableStatus(status[j]!)) continue;
    if (prev < 0) {
      prev = j;
      firstUsable = j;
      continue;
    }
    const a = times[prev]!;
    const b = times[j]!;
    if (a >= nextSwitch) {
      if (a >= dayEnd) {
        while (d + 1 < days.length && days[d]!.end <= a) d++;
        day = days[d]!;
        dayEnd = day.end;
        k = 0;
      }
      const segments = day.segments;
      while (k + 1 < segments.length && segments[k + 1]!.start <= a) k++;
      segStart = segments.length > 0 ? segments[k]!.start : day.start;
      nextSwitch = k + 1 < segments.length ? segments[k + 1]!.start : dayEnd;
      tariff = segments.length > 0 ? segments[k]!.tariffNumber : ERROR_TARIFF;
    }
    let target: number;
    let dayIndex = d;
    let joinable = false;
    if (b <= dayEnd) {
      target = b <= nextSwitch ? tariff : ERROR_TARIFF;
      joinable = a !== segStart && tariff !== ERROR_TARIFF;
    } else {
      dayIndex = endDayIndex(days, d, b);
      target = crossDayTariff(days, d, k, dayIndex, b, to);
    }
    if (current !== undefined && joinable && current.end === a && current.target === target && current.dayIndex === dayIndex) {
      current.end = b;
      current.endValue = values[j]!;
    } else {
      current = { dayIndex, start: a, end: b, startValue: values[prev]!, endValue: values[j]!, target };
      ranges.push(current);
    }
    prev = j;
  }
  // Ranges chain the pairs without overlap, so their differences add up to the registers.
  for (const range of ranges) sums.set(range.target, (sums.get(range.target) ?? 0) + (range.endValue - range.startValue));
  return {
    ranges,
    sums,
    firstUsable: firstUsable < 0 ? null : times[firstUsable]!,
    lastUsable: prev < 0 ? null : times[prev]!,
  };
}

/** The day X with X.start < t ≤ X.end, searching forward from `from`. */
function endDayIndex(days: readonly TariffDay[], from: number, t: number): number {
  let e = from;
  while (e + 1 < days.length && days[e]!.end < t) e++;
  return e;
}

/**
 * Tariff of a pair from a reading in day `d` (segment `k`) to `b` in day `e`: the tariff when it is the same
 * from the earlier reading up to and including the slot starting at `b`, else the error register.
 */
function crossDayTariff(days: readonly TariffDay[], d: number, k: number, e: number, b: number, walkEnd: number): number {
  const first = days[d]!;
  if (first.segments.length === 0 || k !== first.segments.length - 1) return ERROR_TARIFF;
  const tariff = first.segments[k]!.tariffNumber;
  for (let x = d + 1; x <= e; x++) {
    const day = days[x]!;
    if (day.segments.length === 0 || day.segments[0]!.tariffNumber !== tariff) return ERROR_TARIFF;
    if (x < e) {
      if (day.segments.length !== 1) return ERROR_TARIFF;
      continue;
    }
    // The day of b: no switch after its start up to and including b.
    if (day.segments.length > 1 && day.segments[1]!.start <= b) return ERROR_TARIFF;
    if (b === day.end && b < walkEnd) {
      if (day.segments.length !== 1) return ERROR_TARIFF;
      const next = days[x + 1];
      if (next && (next.segments.length === 0 || next.segments[0]!.tariffNumber !== tariff)) return ERROR_TARIFF;
    }
  }
  return tariff;
}

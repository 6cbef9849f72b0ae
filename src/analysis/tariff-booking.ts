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

/**
 * The booked ranges, one per index below `count`, in columns (a 24-month list gives thousands of ranges;
 * objects would cost an allocation and four boxed numbers each). Range i runs from `start[i]` to `end[i]`
 * (readings `startValue[i]` and `endValue[i]`) in day `dayIndex[i]` (an index into the `days` given to
 * `bookChannel`) and is booked to `target[i]`: a tariff number, or ERROR_TARIFF for the error register.
 */
export interface BookedRanges {
  count: number;
  dayIndex: Int32Array;
  start: Float64Array;
  end: Float64Array;
  startValue: Float64Array;
  endValue: Float64Array;
  target: Float64Array;
}

export interface BookingResult {
  ranges: BookedRanges;
  /** Sum per target (tariff number or ERROR_TARIFF). */
  sums: Map<number, number>;
  firstUsable: number | null;
  lastUsable: number | null;
}

function bookedRanges(capacity: number): BookedRanges {
  return {
    count: 0,
    dayIndex: new Int32Array(capacity),
    start: new Float64Array(capacity),
    end: new Float64Array(capacity),
    startValue: new Float64Array(capacity),
    endValue: new Float64Array(capacity),
    target: new Float64Array(capacity),
  };
}

/** The same ranges in columns of twice the capacity. */
function grown(r: BookedRanges): BookedRanges {
  const g = bookedRanges(r.start.length * 2);
  g.count = r.count;
  g.dayIndex.set(r.dayIndex);
  g.start.set(r.start);
  g.end.set(r.end);
  g.startValue.set(r.startValue);
  g.endValue.set(r.endValue);
  g.target.set(r.target);
  return g;
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
  const periodMs = channel.periodSeconds ? channel.periodSeconds * 1000 : 0;
  const sums = new Map<number, number>();
  // A few ranges per day and list.
  let ranges = bookedRanges(Math.max(16, days.length * 4));
  // The columns as locals for the loop (re-read when they grow).
  let count = 0;
  let rStart = ranges.start;
  let rEnd = ranges.end;
  let rEndValue = ranges.endValue;
  // The range the last pair went to (index `open`, -1 before the first), as plain numbers.
  let open = -1;
  let openEnd = NaN;
  let openTarget = NaN;
  let openDay = -1;
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
    const earlier = prev;
    const a = times[earlier]!;
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
    let end = b;
    prev = j;
    // Fast path, the same rules: while the next usable readings stay in this segment (b ≤ next switch; a
    // reading at the switch instant ends the run), each pair continues this range, since its earlier
    // reading lies after the segment start (b > a ≥ segment start) and before the switch. So the range
    // ends at the last usable reading at or before the switch, found by search rather than reading by
    // reading; the walk goes on after the switch.
    if (target === tariff && target !== ERROR_TARIFF && dayIndex === d && b < nextSwitch) {
      // Regular lists: the reading after the switch is where the period puts it.
      let q = periodMs > 0 ? j + 1 + Math.round((nextSwitch - b) / periodMs) : -1;
      if (!(q > j && q <= last && times[q - 1]! <= nextSwitch && (q === last || times[q]! > nextSwitch))) q = upperBound(times, nextSwitch, j + 1, last);
      let p = q - 1;
      while (p > j && !isUsableStatus(status[p]!)) p--;
      prev = p;
      end = times[prev]!;
      j = q - 1;
    }
    if (open >= 0 && joinable && openEnd === a && openTarget === target && openDay === dayIndex) {
      rEnd[open] = end;
      rEndValue[open] = values[prev]!;
    } else {
      if (count === rStart.length) {
        ranges.count = count;
        ranges = grown(ranges);
        rStart = ranges.start;
        rEnd = ranges.end;
        rEndValue = ranges.endValue;
      }
      open = count++;
      ranges.dayIndex[open] = dayIndex;
      rStart[open] = a;
      rEnd[open] = end;
      ranges.startValue[open] = values[earlier]!;
      rEndValue[open] = values[prev]!;
      ranges.target[open] = target;
      openTarget = target;
      openDay = dayIndex;
    }
    openEnd = end;
  }
  ranges.count = count;
  // Ranges chain the pairs without overlap, so their differences add up to the registers.
  for (let i = 0; i < ranges.count; i++) {
    const target = ranges.target[i]!;
    sums.set(target, (sums.get(target) ?? 0) + (ranges.endValue[i]! - ranges.startValue[i]!));
  }
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

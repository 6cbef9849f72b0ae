/**
 * Property: `bookChannel` (which books the readings inside a tariff segment as one run, found by search)
 * gives what the booking rules give pair by pair: consecutive usable readings a < b; within one day the
 * tariff of a's segment when no switch lies in (a, b), else the error register; across midnight the
 * tariff when it is the same over [a, b] (at b the slot starting at b; at the walk's end up to b only),
 * else the error register. A pair continues the open range when it has the same target in the same day,
 * starts where the range ended and a is not a segment start. Seeded random lists and calendars
 * (testing/taf-scenario.ts), TRuDI-identical and literal calendars.
 */
import { describe, expect, it } from 'vitest';
import { buildChannel, isUsableStatus, lowerBound, upperBound, type Channel } from './channel';
import { bookChannel, contiguousDays, ERROR_TARIFF, type BookingResult } from './tariff-booking';
import { literalDays, tariffDays, validDayProfileIds, type TariffDay } from './tariff-calendar';
import { makeOvl, makeProfile, twoTariffDay } from './testing/fixtures';
import { tafScenario } from './testing/taf-scenario';
import { berlinTime } from '../model/time/berlin';

interface Range {
  dayIndex: number;
  start: number;
  end: number;
  startValue: number;
  endValue: number;
  target: number;
}

/** Index of the day that contains t (start ≤ t < end); days are contiguous and ascending. */
function dayOf(days: readonly TariffDay[], t: number): number {
  return days.findIndex((d) => d.start <= t && t < d.end);
}

/** The segment of `day` that contains t: its index, start, end and tariff (the error register on a day without tariff). */
function segmentAt(day: TariffDay, t: number): { index: number; start: number; end: number; tariff: number } {
  if (day.segments.length === 0) return { index: 0, start: day.start, end: day.end, tariff: ERROR_TARIFF };
  let k = 0;
  while (k + 1 < day.segments.length && day.segments[k + 1]!.start <= t) k++;
  return { index: k, start: day.segments[k]!.start, end: day.segments[k + 1]?.start ?? day.end, tariff: day.segments[k]!.tariffNumber };
}

/** Tariff over [a, b) when it is one tariff throughout (no error register), else undefined. */
function constantTariff(days: readonly TariffDay[], a: number, b: number): number | undefined {
  let t = a;
  let tariff: number | undefined;
  while (t < b) {
    const d = dayOf(days, t);
    if (d < 0) return undefined;
    const segment = segmentAt(days[d]!, t);
    if (segment.tariff === ERROR_TARIFF || (tariff !== undefined && segment.tariff !== tariff)) return undefined;
    tariff = segment.tariff;
    t = segment.end;
  }
  return tariff;
}

function reference(channel: Channel, days: readonly TariffDay[], from: number, to: number): Omit<BookingResult, 'ranges'> & { ranges: Range[] } {
  const usable: number[] = [];
  for (let i = lowerBound(channel.times, from); i < upperBound(channel.times, to); i++) if (isUsableStatus(channel.status[i]!)) usable.push(i);
  const ranges: Range[] = [];
  let open: Range | undefined;
  for (let p = 1; p < usable.length; p++) {
    const a = channel.times[usable[p - 1]!]!;
    const b = channel.times[usable[p]!]!;
    const d = dayOf(days, a);
    const day = days[d]!;
    const segment = segmentAt(day, a);
    let target: number;
    let dayIndex = d;
    let joinable = false;
    if (b <= day.end) {
      target = b <= segment.end ? segment.tariff : ERROR_TARIFF;
      joinable = a !== segment.start && segment.tariff !== ERROR_TARIFF;
    } else {
      dayIndex = days.findIndex((x) => x.start < b && b <= x.end);
      const over = constantTariff(days, a, b);
      // The slot starting at b, unless b ends the walk (then nothing after b is looked at).
      const next = dayOf(days, b);
      const atB = b === days[dayIndex]!.end && (b >= to || next < 0) ? over : next < 0 ? undefined : segmentAt(days[next]!, b).tariff;
      target = over !== undefined && atB === over ? over : ERROR_TARIFF;
    }
    const startValue = channel.values[usable[p - 1]!]!;
    const endValue = channel.values[usable[p]!]!;
    if (open && joinable && open.end === a && open.target === target && open.dayIndex === dayIndex) {
      open.end = b;
      open.endValue = endValue;
    } else {
      open = { dayIndex, start: a, end: b, startValue, endValue, target };
      ranges.push(open);
    }
  }
  const sums = new Map<number, number>();
  for (const r of ranges) sums.set(r.target, (sums.get(r.target) ?? 0) + r.endValue - r.startValue);
  return {
    ranges,
    sums,
    firstUsable: usable.length > 0 ? channel.times[usable[0]!]! : null,
    lastUsable: usable.length > 0 ? channel.times[usable[usable.length - 1]!]! : null,
  };
}

function columns(result: BookingResult): Range[] {
  const r = result.ranges;
  return Array.from({ length: r.count }, (_, i) => ({
    dayIndex: r.dayIndex[i]!,
    start: r.start[i]!,
    end: r.end[i]!,
    startValue: r.startValue[i]!,
    endValue: r.endValue[i]!,
    target: r.target[i]!,
  }));
}

describe('TAF-2 booking equals the pair-by-pair rules', () => {
  let booked = 0;
  for (let seed = 1; seed <= 300; seed++) {
    it(`seed ${seed}`, () => {
      const { readings, registerC, profile } = tafScenario(seed);
      const channel = buildChannel(readings);
      const bpStart = profile.billingPeriod.start;
      const bpEnd = bpStart + profile.billingPeriod.duration * 1000;
      const days = contiguousDays(tariffDays(profile, validDayProfileIds(profile, registerC)).filter((d) => d.end > bpStart && d.start < bpEnd));
      const lo = lowerBound(channel.times, bpStart);
      const hi = upperBound(channel.times, bpEnd) - 1;
      if (days.length === 0 || lo >= hi) return;
      const from = Math.max(channel.times[lo]!, days[0]!.start);
      const to = Math.min(channel.times[hi]!, days[days.length - 1]!.end);
      if (from >= to) return;
      for (const calendar of [days, literalDays(days)]) {
        const result = bookChannel(channel, calendar, from, to);
        const expected = reference(channel, calendar, from, to);
        expect({ ranges: columns(result), sums: result.sums, firstUsable: result.firstUsable, lastUsable: result.lastUsable }).toEqual(expected);
      }
      booked++;
    });
  }

  it('most scenarios book readings (the property is not met by skipping)', () => {
    expect(booked).toBeGreaterThan(200);
  });

  it('a gap over a whole day that ends the walk at a midnight looks no further than that midnight', () => {
    // Readings to 2024-05-01 22:00, none on 2024-05-02, the last at 2024-05-03 00:00; tariff 1 from 22:00
    // on the 1st through the 2nd, tariff 2 from the 3rd.
    const start = berlinTime(2024, 5, 1);
    const gapFrom = berlinTime(2024, 5, 1, 22, 15);
    const last = berlinTime(2024, 5, 3);
    const readings = makeOvl({ start, end: last, periodSeconds: 900, step: 7, omit: (t) => t >= gapFrom && t < last });
    const profile = makeProfile({
      start,
      duration: 3 * 86400,
      stages: [
        { tariffNumber: 1, obis: '0100010801ff' },
        { tariffNumber: 2, obis: '0100010802ff' },
      ],
      dayProfiles: [
        { dayId: 1, tariffs: twoTariffDay(1, 2, 6, 20) },
        { dayId: 2, tariffs: twoTariffDay(1, 1, 0, 0) },
        { dayId: 3, tariffs: twoTariffDay(2, 1, 6, 22) },
      ],
      dayIdFor: (_y, _m, day) => day,
    });
    const channel = buildChannel(readings);
    const days = contiguousDays(tariffDays(profile, validDayProfileIds(profile, 1)));
    const result = bookChannel(channel, days, start, last);
    const ranges = columns(result);
    expect({ ranges, sums: result.sums, firstUsable: result.firstUsable, lastUsable: result.lastUsable }).toEqual(reference(channel, days, start, last));
    expect(ranges[ranges.length - 1]).toMatchObject({ start: berlinTime(2024, 5, 1, 22), end: last, target: 1 });
  });
});

/**
 * Property: for every original value list, the tariff registers plus the error register equal the last
 * usable minus the first usable reading of the booked range, and the measuring ranges chain without gap.
 * Random lists (periods 15 min … 1 day, gaps, PTB 0-4, DST days) and random calendars, seeded.
 */
import { describe, expect, it } from 'vitest';
import { berlinTime } from '../model/time/berlin';
import type { MeterReading } from '../model/types';
import { AnalysisError } from './errors';
import { computeTaf2 } from './taf2';
import { makeDevice, makeOvl, makeProfile, makeSupplier, seededRandom } from './testing/fixtures';

const PERIODS = [900, 900, 900, 1800, 2700, 3600, 10800, 21600, 86400];
const DST_DAYS = [
  [2017, 3, 26],
  [2017, 10, 29],
  [2018, 3, 25],
  [2018, 10, 28],
  [2019, 3, 31],
  [2019, 10, 27],
];

interface Scenario {
  readings: MeterReading;
  registerC: number;
  profile: ReturnType<typeof makeProfile>;
}

function scenario(seed: number): Scenario {
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const [y, m, d] = rnd() < 0.5 ? pick(DST_DAYS) : [2017 + Math.floor(rnd() * 3), 1 + Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28)];
  const dayCount = 1 + Math.floor(rnd() * 4);
  const firstDay = berlinTime(y!, m!, d! - Math.floor(rnd() * 2));
  const end = berlinTime(y!, m!, d! - Math.floor(rnd() * 2) + dayCount);
  const periodSeconds = pick(PERIODS);
  const registerC = rnd() < 0.3 ? 2 : 1;
  const gapRate = rnd() * 0.3;
  const badRate = rnd() * 0.1;
  const blockGapStart = firstDay + rnd() * (end - firstDay);
  const blockGapEnd = blockGapStart + rnd() * 6 * 3_600_000;
  const readings = makeOvl({
    obis: registerC === 1 ? '0100010800ff' : '0100020800ff',
    start: firstDay - (rnd() < 0.3 ? periodSeconds * 1000 * Math.floor(rnd() * 5) : 0),
    end: end + (rnd() < 0.3 ? periodSeconds * 1000 * Math.floor(rnd() * 5) : 0),
    periodSeconds,
    step: () => Math.floor(rnd() * 50),
    omit: (t) => rnd() < gapRate || (t >= blockGapStart && t < blockGapEnd),
    status: () => (rnd() < badRate ? Math.floor(rnd() * 5) : 0),
    captureDelaySeconds: rnd() < 0.5 ? Math.floor(rnd() * 5) : 0,
  });
  const tariffs = [1, 2, 3].slice(0, 1 + Math.floor(rnd() * 3));
  const stageObis = (n: number) => `0100${registerC.toString(16).padStart(2, '0')}08${n.toString(16).padStart(2, '0')}ff`;
  const dayProfiles = Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, i) => {
    const slots: number[] = [];
    let current = pick(tariffs);
    for (let s = 0; s < 96; s++) {
      if (rnd() < 0.08) current = pick(tariffs);
      slots.push(current);
    }
    return { dayId: i + 1, tariffs: slots };
  });
  const holeDay = rnd() < 0.2 ? d! : -1;
  const profile = makeProfile({
    start: firstDay + (rnd() < 0.2 ? Math.floor(rnd() * 24) * 3_600_000 : 0),
    duration: Math.round((end - firstDay) / 1000),
    stages: tariffs.map((n) => ({ tariffNumber: n, obis: stageObis(n) })),
    dayProfiles,
    dayIdFor: (_y, _m, day) => (day === holeDay ? undefined : 1 + Math.floor(rnd() * dayProfiles.length)),
  });
  return { readings, registerC, profile };
}

describe('TAF-2 conservation property', () => {
  for (let seed = 1; seed <= 300; seed++) {
    it(`seed ${seed}`, () => {
      const { readings, registerC, profile } = scenario(seed);
      const bpStart = profile.billingPeriod.start;
      const bpEnd = bpStart + profile.billingPeriod.duration * 1000;
      const all = readings.intervalBlocks[0]!.readings.map((r) => ({ t: r.targetTime ?? Math.round(r.captureTime / 1000 / 60) * 60_000, v: r.value, ok: (r.statusPTB ?? 0) < 3 }));
      const inside = all.filter((r) => r.t >= bpStart && r.t <= bpEnd);
      let result;
      try {
        result = computeTaf2(makeDevice([readings]), makeSupplier(profile));
      } catch (error) {
        expect(error).toBeInstanceOf(AnalysisError);
        const code = (error as AnalysisError).code;
        if (code === 'NO_READINGS_IN_PERIOD') expect(inside.length < 2 || inside[0]!.t === inside[inside.length - 1]!.t).toBe(true);
        else if (code === 'ALL_READINGS_UNUSABLE') expect(inside.every((r) => !r.ok)).toBe(true);
        else if (code === 'INVALID_SUPPLIER_FILE') expect(profile.billingPeriod.duration).toBeLessThanOrEqual(0);
        else throw error;
        return;
      }
      const days = profile.specialDayProfiles.map((s) => [berlinTime(s.year, s.month, s.day), berlinTime(s.year, s.month, s.day + 1)] as const);
      if (days.length === 0) {
        expect(result.registers.every((r) => r.amount === 0)).toBe(true);
        return;
      }
      const walkFrom = Math.max(inside[0]!.t, days[0]![0]);
      const walkTo = Math.min(inside[inside.length - 1]!.t, days[days.length - 1]![1]);
      const usable = inside.filter((r) => r.ok && r.t >= walkFrom && r.t <= walkTo);
      const expected = usable.length > 0 ? usable[usable.length - 1]!.v - usable[0]!.v : 0;
      const own = result.registers.filter((r) => r.obis.startsWith(`1-0:${registerC}.8.`));
      expect(own.reduce((sum, r) => sum + r.amount, 0)).toBe(expected);
      // the measuring ranges chain from the first to the last usable reading
      const ranges = result.days.flatMap((d) => d.ranges);
      for (let i = 0; i < ranges.length; i++) {
        expect(ranges[i]!.amount).toBe(ranges[i]!.endValue - ranges[i]!.startValue);
        if (i > 0) expect(ranges[i]!.start).toBe(ranges[i - 1]!.end);
      }
    });
  }

  it('most scenarios compute (the property is not met by refusing)', () => {
    let computed = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const { readings, profile } = scenario(seed);
      try {
        computeTaf2(makeDevice([readings]), makeSupplier(profile));
        computed++;
      } catch {
        // counted as not computed
      }
    }
    expect(computed).toBeGreaterThan(240);
  });
});

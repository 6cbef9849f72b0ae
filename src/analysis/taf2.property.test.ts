/**
 * Property: for every original value list, the tariff registers plus the error register equal the last
 * usable minus the first usable reading of the booked range, and the measuring ranges chain without gap.
 * Random lists (periods 15 min … 1 day, gaps, PTB 0-4, DST days) and random calendars, seeded.
 */
import { describe, expect, it } from 'vitest';
import { berlinTime } from '../model/time/berlin';
import { AnalysisError } from './errors';
import { computeTaf2 } from './taf2';
import { makeDevice, makeSupplier } from './testing/fixtures';
import { tafScenario as scenario } from './testing/taf-scenario';

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

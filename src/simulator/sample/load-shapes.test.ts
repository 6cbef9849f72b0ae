import { describe, expect, it } from 'vitest';
import { berlinParts, berlinTime } from '../../model/time/berlin';
import { createPrng, generateHouseholdSeries } from './load-shapes';

describe('load shapes', () => {
  const start = berlinTime(2024, 1, 1);

  it('is deterministic per seed and differs between seeds', () => {
    const a = generateHouseholdSeries({ start, months: 1, seed: 'abc', pv: true });
    const b = generateHouseholdSeries({ start, months: 1, seed: 'abc', pv: true });
    const c = generateHouseholdSeries({ start, months: 1, seed: 'abd', pv: true });
    expect(a).toEqual(b);
    expect(c.importWh).not.toEqual(a.importWh);
    expect(createPrng(7)()).toBe(createPrng(7)());
  });

  it('covers start to end inclusive with one reading per period, across DST', () => {
    const s = generateHouseholdSeries({ start, months: 12, seed: 1 });
    // 2024 is a leap year: 366 days of 96 quarter hours, plus the reading at the end.
    expect(s.times.length).toBe(366 * 96 + 1);
    expect(s.times[0]).toBe(start);
    expect(s.times.at(-1)).toBe(berlinTime(2025, 1, 1));
    for (let i = 1; i < s.times.length; i++) expect(s.times[i]! - s.times[i - 1]!).toBe(900_000);
  });

  it('gives integer, never decreasing registers with a plausible yearly consumption', () => {
    const s = generateHouseholdSeries({ start, months: 12, seed: 5, annualConsumptionKWh: 4000 });
    for (let i = 1; i < s.importWh.length; i++) {
      expect(Number.isInteger(s.importWh[i])).toBe(true);
      expect(s.importWh[i]!).toBeGreaterThanOrEqual(s.importWh[i - 1]!);
    }
    const yearKWh = (s.importWh.at(-1)! - s.importWh[0]!) / 1000;
    expect(yearKWh).toBeGreaterThan(3600);
    expect(yearKWh).toBeLessThan(4600);
    expect(s.exportWh.at(-1)).toBe(s.exportWh[0]);
  });

  it('exports around noon in summer with PV, never at night, and more in summer than winter', () => {
    const s = generateHouseholdSeries({ start, months: 12, seed: 9, pv: true });
    const exportByMonth = new Array<number>(13).fill(0);
    let nightExport = 0;
    for (let i = 1; i < s.times.length; i++) {
      const delta = s.exportWh[i]! - s.exportWh[i - 1]!;
      const p = berlinParts(s.times[i]! - 450_000);
      exportByMonth[p.month]! += delta;
      if (p.hour < 4 || p.hour >= 23) nightExport += delta;
    }
    expect(nightExport).toBe(0);
    expect(exportByMonth[6]!).toBeGreaterThan(3 * exportByMonth[12]!);
    expect(exportByMonth[6]!).toBeGreaterThan(300_000);
  });
});

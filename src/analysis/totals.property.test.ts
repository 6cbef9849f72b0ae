/**
 * Property: for read-outs generated with gaps (single readings and whole blocks) and status errors, the
 * totals are the register difference between the last and the first usable reading of the window, taken
 * straight from the generated readings; the totals are the same whatever resolution the series shows;
 * every calendar period is listed, an incomplete one is null with its reasons (never 0), and the complete
 * ones hold exactly the register difference at their boundaries. Seeded random scenarios.
 */
import { describe, expect, it } from 'vitest';
import { berlinTime } from '../model/time/berlin';
import type { MeterReading } from '../model/types';
import { computeConsumption } from './consumption';
import { RESOLUTIONS, periodBoundaries } from './periods';
import { makeDevice, makeOvl, seededRandom } from './testing/fixtures';

const PERIODS = [900, 900, 900, 1800, 3600, 7200, 21600, 86400];

/** Straight from the generated readings: last minus first usable value with from ≤ target ≤ to. */
function registerDifference(list: MeterReading, from: number, to: number): { raw: number; first: number; last: number } | null {
  const usable = list.intervalBlocks
    .flatMap((b) => b.readings)
    .filter((r) => r.targetTime! >= from && r.targetTime! <= to && (r.statusPTB ?? 0) < 3)
    .sort((a, b) => a.targetTime! - b.targetTime!);
  if (usable.length < 2) return null;
  return { raw: usable.at(-1)!.value - usable[0]!.value, first: usable[0]!.targetTime!, last: usable.at(-1)!.targetTime! };
}

function valueAt(list: MeterReading, t: number): number | undefined {
  const r = list.intervalBlocks.flatMap((b) => b.readings).find((x) => x.targetTime === t);
  return r && (r.statusPTB ?? 0) < 3 ? r.value : undefined;
}

function scenario(seed: number) {
  const rnd = seededRandom(seed);
  const periodSeconds = PERIODS[Math.floor(rnd() * PERIODS.length)]!;
  const year = 2017 + Math.floor(rnd() * 4);
  // 20-200 days starting anywhere; crosses DST changes and month/year ends in many seeds.
  const start = berlinTime(year, 1 + Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28));
  const end = start + Math.floor(20 + rnd() * 180) * 86_400_000;
  const gapRate = rnd() * 0.2;
  const badRate = rnd() * 0.05;
  const blockStart = start + rnd() * (end - start);
  const blockEnd = blockStart + rnd() * 5 * 86_400_000;
  const steps = (t: number) => 1 + Math.floor(((t / 1000) % 97) / 3);
  const make = (obis: string, offset: number) =>
    makeOvl({
      obis,
      start,
      end,
      periodSeconds,
      step: steps,
      startValue: 100_000 + offset,
      omit: (t) => (t > blockStart && t < blockEnd) || rnd() < gapRate,
      status: () => (rnd() < badRate ? 3 + Math.floor(rnd() * 2) : rnd() < 0.05 ? 1 + Math.floor(rnd() * 2) : 0),
    });
  return { imp: make('0100010800ff', 0), exp: make('0100020800ff', 50_000), start, end, periodSeconds };
}

describe('totals from the register (property)', () => {
  for (let seed = 1; seed <= 40; seed++) {
    it(`seed ${seed}: totals = register difference, the same at every resolution`, () => {
      const { imp, exp, start, end } = scenario(seed);
      const report = computeConsumption(makeDevice([imp, exp]));
      const from = Date.parse(report.window.from);
      const to = Date.parse(report.window.to);
      expect(from).toBeGreaterThanOrEqual(berlinTime(1970, 1, 1));

      const expectedImport = registerDifference(imp, from, to);
      const expectedExport = registerDifference(exp, from, to);
      const { totals } = report;
      expect(totals.directions.import?.raw ?? null).toBe(expectedImport?.raw ?? null);
      expect(totals.directions.export?.raw ?? null).toBe(expectedExport?.raw ?? null);
      if (expectedImport) {
        expect(totals.import).toBeCloseTo(expectedImport.raw / 10_000, 9); // Wh × 10^-1 → kWh
        expect(Date.parse(totals.directions.import!.fromTarget)).toBe(expectedImport.first);
        expect(Date.parse(totals.directions.import!.toTarget)).toBe(expectedImport.last);
        expect(totals.from).toBe(totals.directions.import!.from);
      } else {
        expect(totals.import).toBeNull();
        expect(totals.incomplete!.some((r) => r.code === 'no-usable-readings')).toBe(true);
      }
      if (expectedImport && expectedExport) expect(totals.net).toBeCloseTo((expectedImport.raw - expectedExport.raw) / 10_000, 9);
      expect(totals.coverage === null || (totals.coverage >= 0 && totals.coverage <= 1)).toBe(true);

      for (const resolution of RESOLUTIONS) {
        const points = report[resolution];
        // Every calendar period overlapping the window is listed, none dropped.
        expect(points.length).toBe(periodBoundaries(from, to, resolution).length - 1);
        let completeSum = 0;
        for (const p of points) {
          const a = valueAt(imp, Date.parse(p.start));
          const b = valueAt(imp, Date.parse(p.end));
          if (a !== undefined && b !== undefined) {
            expect(p.importRaw).toBe(b - a);
            completeSum += b - a;
          } else {
            expect(p.import).toBeNull();
            expect(p.incomplete?.length).toBeGreaterThan(0);
          }
        }
        // Registers only grow: the complete periods never hold more than the window's total.
        if (expectedImport) expect(completeSum).toBeLessThanOrEqual(expectedImport.raw);
      }
      // A range inside the data: the totals equal the register difference of that range too.
      const mid = start + Math.floor((end - start) / 3);
      const ranged = computeConsumption(makeDevice([imp, exp]), { from: mid, to: end });
      expect(ranged.totals.directions.import?.raw ?? null).toBe(registerDifference(imp, mid, end)?.raw ?? null);
    });
  }
});

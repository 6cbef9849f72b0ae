import { describe, expect, it } from 'vitest';
import type { LoadProfileColumns } from '../../../src/api/dto';
import { SIGNATURE_VERDICTS } from '../../../src/api/dto';
import { countInRange, directionSlots, isBadStatus, packSeries, sumInRange } from './range-data';

/** Columns every quarter hour from `start`; NaN = a gap (no reading), null = a reading without energy. */
function columns(start: string, deltas: (number | null)[], ptb: number[] = []): LoadProfileColumns {
  const t0 = Date.parse(start);
  const c: LoadProfileColumns = {
    channelId: 'c',
    usagePointId: 'u',
    obis: 'x',
    displayUnit: 'kWh',
    periodSeconds: 900,
    from: t0,
    to: t0 + deltas.length * 900_000,
    times: [],
    captureTimes: [],
    values: [],
    deltas: [],
    ptb: [],
    signatures: [],
    signatureLegend: SIGNATURE_VERDICTS,
    gaps: [],
  };
  deltas.forEach((delta, i) => {
    const time = t0 + i * 900_000;
    if (Number.isNaN(delta as number)) {
      c.gaps.push(time);
      return;
    }
    c.times.push(time);
    c.captureTimes.push(time);
    c.values.push(i);
    c.deltas.push(delta);
    c.ptb.push(ptb[i] ?? 0);
    c.signatures.push(3);
  });
  return c;
}

describe('load profile over a range', () => {
  it('kW is the energy per quarter hour times four; gaps break the line; bad statuses are marked', () => {
    const p = columns('2025-01-01T00:00:00+01:00', [0.25, null, Number.NaN, 0.5, 0.1], [0, 0, 0, 3, 1]);
    const kwh = packSeries({ import: p }, 'import', 'kWh');
    expect(kwh.points.map((q) => q.y)).toEqual([0.25, null, null, 0.5, 0.1]);
    expect(kwh.gaps).toBe(2);
    expect(kwh.values).toBe(3);
    expect(kwh.bad).toEqual([{ x: Date.parse('2025-01-01T00:45:00+01:00'), y: 0.5 }]);
    expect(packSeries({ import: p }, 'import', 'kW').points.map((q) => q.y)).toEqual([1, null, null, 2, 0.4]);
    expect(packSeries({ import: p }, 'export', 'kW').points).toEqual([]);
    expect([0, 1, 2, 3, 4, 5].map(isBadStatus)).toEqual([false, false, true, true, true, true]);
  });

  it('net is import minus export at the same target time, missing where either is, with the worse status', () => {
    const imp = columns('2025-06-01T12:00:00+02:00', [0.5, 0.1, null, 0.2], [0, 3, 0, 0]);
    const exp = columns('2025-06-01T12:00:00+02:00', [0.2, 0.4, 0.3, Number.NaN], [1, 0, 0, 0]);
    expect(packSeries({ import: imp, export: exp }, 'net', 'kWh').points.map((q) => q.y)).toEqual([0.3, -0.3, null, null]);
    const slots = directionSlots({ import: imp, export: exp }, 'net')!;
    expect([...slots.ptb]).toEqual([1, 3, 0, 4]);
    expect([...slots.times]).toEqual(imp.times);
    expect(packSeries({ import: imp }, 'net', 'kWh').points).toEqual([]);
    expect(directionSlots({ import: imp }, 'net')).toBeNull();
  });

  it('merges readings and gaps by time: a gap wins at the same time, the later of two equal times stands', () => {
    const c = columns('2025-01-01T00:00:00Z', [0.1, 0.2, 0.3]);
    const [t0, t1, t2] = c.times as [number, number, number];
    c.gaps = [t2 + 900_000, t1, t0 - 900_000]; // unsorted, one on a reading
    c.times.push(t2);
    c.deltas.push(0.9);
    c.ptb.push(1);
    const slots = directionSlots({ import: c }, 'import')!;
    expect([...slots.times]).toEqual([t0 - 900_000, t0, t1, t2, t2 + 900_000]);
    expect([...slots.delta]).toEqual([Number.NaN, 0.1, Number.NaN, 0.9, Number.NaN]);
    expect([...slots.ptb]).toEqual([4, 0, 4, 1, 4]);
  });

  it('counts and sums the points in a visible window', () => {
    const packed = packSeries({ import: columns('2025-01-01T00:00:00Z', [1, 1, 1, 1]) }, 'import', 'kWh');
    const t = (m: number) => Date.parse('2025-01-01T00:00:00Z') + m * 60_000;
    expect(countInRange(packed.points, t(0), t(45))).toBe(4);
    expect(countInRange(packed.points, t(10), t(40))).toBe(2);
    expect(countInRange(packed.points, t(50), t(60))).toBe(0);
    expect(sumInRange(packed.points, t(10), t(40))).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import type { LoadProfile, LoadProfilePoint } from '../../../src/api/dto';
import { countInRange, dayChunks, joinProfiles, packSeries, sumInRange } from './range-data';

function profile(start: string, deltas: (number | null)[], ptb: number[] = []): LoadProfile {
  const t0 = Date.parse(start);
  const points: LoadProfilePoint[] = [];
  const gaps: string[] = [];
  deltas.forEach((delta, i) => {
    const time = new Date(t0 + i * 900_000).toISOString();
    if (delta === undefined) return;
    if (Number.isNaN(delta as number)) gaps.push(time);
    else points.push({ time, captureTime: time, value: i, delta, ptb: ptb[i] ?? 0, signature: 'absent' });
  });
  return { channelId: 'c', usagePointId: 'u', obis: 'x', displayUnit: 'kWh', periodSeconds: 900, points, gaps };
}

describe('load profile over a range', () => {
  it('splits a range into 30-day chunks at Berlin midnights (≤ 3,000 quarter hours each, DST included)', () => {
    const chunks = dayChunks('2024-01-01', '2026-01-01');
    expect(chunks).toHaveLength(25);
    expect(chunks[0]).toEqual({ from: '2024-01-01T00:00:00+01:00', to: '2024-01-31T00:00:00+01:00' });
    expect(chunks.at(-1)!.to).toBe('2026-01-01T00:00:00+01:00');
    for (const c of chunks) expect((Date.parse(c.to) - Date.parse(c.from)) / 900_000).toBeLessThanOrEqual(2_884);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]!.from).toBe(chunks[i - 1]!.to);
  });

  it('kW is the energy per quarter hour times four; gaps break the line; bad statuses are marked', () => {
    const p = profile('2025-01-01T00:00:00+01:00', [0.25, null, Number.NaN, 0.5], [0, 0, 0, 3]);
    const kwh = packSeries({ import: p }, 'import', 'kWh');
    expect(kwh.points.map((q) => q.y)).toEqual([0.25, null, null, 0.5]);
    expect(kwh.gaps).toBe(2);
    expect(kwh.bad).toEqual([{ x: Date.parse('2025-01-01T00:45:00+01:00'), y: 0.5 }]);
    expect(packSeries({ import: p }, 'import', 'kW').points.map((q) => q.y)).toEqual([1, null, null, 2]);
  });

  it('net is import minus export at the same target time, missing where either is', () => {
    const imp = profile('2025-06-01T12:00:00+02:00', [0.5, 0.1, null]);
    const exp = profile('2025-06-01T12:00:00+02:00', [0.2, 0.4, 0.3]);
    expect(packSeries({ import: imp, export: exp }, 'net', 'kWh').points.map((q) => q.y)).toEqual([0.3, -0.3, null]);
    expect(packSeries({ import: imp }, 'net', 'kWh').points).toEqual([]);
  });

  it('joins chunks and counts the points in a visible window', () => {
    const joined = joinProfiles([profile('2025-01-01T00:00:00Z', [1, 1]), profile('2025-01-01T00:30:00Z', [1, 1])])!;
    expect(joined.points).toHaveLength(4);
    const packed = packSeries({ import: joined }, 'import', 'kWh');
    const t = (m: number) => Date.parse('2025-01-01T00:00:00Z') + m * 60_000;
    expect(countInRange(packed.points, t(0), t(45))).toBe(4);
    expect(countInRange(packed.points, t(10), t(40))).toBe(2);
    expect(countInRange(packed.points, t(50), t(60))).toBe(0);
    expect(sumInRange(packed.points, t(10), t(40))).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import type { LoadProfileColumns } from '../../../src/api/dto';
import { SIGNATURE_VERDICTS } from '../../../src/api/dto';
import { berlinMidnight } from '../berlin-day';
import { CELL_BAD, CELL_EMPTY, CELL_GAP, CELL_VALUE, buildHeatGrid, columnClock, daysOf, heatGrid, placeHeatSource } from './heat-map';

const QH = 900_000;

/** Quarter-hour columns from `fromDay` to `toDay` (Berlin midnights), deltas from `delta(i)`; NaN = gap, undefined = no entry. */
function columns(fromDay: string, toDay: string, delta: (i: number) => number | null | undefined, ptb: (i: number) => number = () => 0): LoadProfileColumns {
  const from = Date.parse(berlinMidnight(fromDay));
  const to = Date.parse(berlinMidnight(toDay));
  const c: LoadProfileColumns = {
    channelId: 'c',
    usagePointId: 'u',
    obis: '0100010800ff',
    displayUnit: 'kWh',
    periodSeconds: 900,
    from,
    to,
    times: [],
    captureTimes: [],
    values: [],
    deltas: [],
    ptb: [],
    signatures: [],
    signatureLegend: SIGNATURE_VERDICTS,
    gaps: [],
  };
  // Target times from the first interval's end to the range's end.
  for (let t = from + QH, i = 0; t <= to; t += QH, i++) {
    const d = delta(i);
    if (d === undefined) continue;
    if (Number.isNaN(d)) {
      c.gaps.push(t);
      continue;
    }
    c.times.push(t);
    c.captureTimes.push(t);
    c.values.push(i);
    c.deltas.push(d);
    c.ptb.push(ptb(i));
    c.signatures.push(3);
  }
  return c;
}

describe('heat map grid', () => {
  it('one row per Berlin day, 96 quarter-hour columns, kW = kWh × 4; the midnight reading ends the day before', () => {
    const grid = buildHeatGrid({ import: columns('2025-06-01', '2025-06-04', (i) => i * 0.01) }, 'import')!;
    expect(grid.days).toEqual(['2025-06-01', '2025-06-02', '2025-06-03']);
    expect(grid.columns).toBe(96);
    expect(grid.values).toBe(3 * 96);
    // The interval 00:00–00:15 of June 2 is reading index 96 (target 00:15).
    expect(grid.kw[96]).toBeCloseTo(0.96 * 4, 9);
    expect(grid.kind[96]).toBe(CELL_VALUE);
    // The reading at June 2, 00:00 (index 95) is the last cell of June 1.
    expect(grid.kw[95]).toBeCloseTo(0.95 * 4, 9);
    expect(grid.max).toBeCloseTo(287 * 0.04, 9);
    expect(grid.peak).toEqual({ row: 2, column: 95 });
  });

  it('the 23-hour day leaves 02:00–02:45 empty; the 25-hour day puts both repeated intervals into one cell with their mean', () => {
    const spring = buildHeatGrid({ import: columns('2025-03-30', '2025-03-31', () => 0.25) }, 'import')!;
    expect(spring.days).toHaveLength(1);
    expect(spring.values).toBe(92);
    for (const c of [8, 9, 10, 11]) expect(spring.kind[c]).toBe(CELL_EMPTY);
    expect(spring.kind[7]).toBe(CELL_VALUE);
    expect(spring.kind[12]).toBe(CELL_VALUE);
    expect(spring.kw[95]).toBe(1);

    // 25 hours: intervals 0..99; 8..11 (02:00 CEST) and 12..15 (02:00 CET) share cells 8..11.
    const autumn = buildHeatGrid({ import: columns('2025-10-26', '2025-10-27', (i) => (i >= 12 && i < 16 ? 0.5 : 0.25)) }, 'import')!;
    expect(autumn.values).toBe(96);
    expect(Array.from(autumn.count.slice(7, 13))).toEqual([1, 2, 2, 2, 2, 1]);
    expect(autumn.kw[8]).toBeCloseTo((1 + 2) / 2, 9);
    expect(autumn.kw[12]).toBe(1);
    expect(autumn.kw[95]).toBe(1);
  });

  it('gaps and bad statuses are cells of their own; net is import − export at the same time', () => {
    const imp = columns('2025-06-01', '2025-06-02', (i) => (i === 5 ? Number.NaN : i === 6 ? null : 0.5), (i) => (i === 7 ? 3 : 0));
    const exp = columns('2025-06-01', '2025-06-02', (i) => (i === 20 ? undefined : 0.125));
    const grid = buildHeatGrid({ import: imp, export: exp }, 'import')!;
    expect(grid.kind[5]).toBe(CELL_GAP);
    expect(grid.kind[6]).toBe(CELL_GAP);
    expect(Number.isNaN(grid.kw[5]!)).toBe(true);
    expect(grid.kind[7]).toBe(CELL_BAD);
    expect(grid.kw[7]).toBe(2);
    expect(grid.ptb[7]).toBe(3);
    expect({ values: grid.values, gaps: grid.gaps, bad: grid.bad }).toEqual({ values: 94, gaps: 2, bad: 1 });

    const net = buildHeatGrid({ import: imp, export: exp }, 'net')!;
    expect(net.kw[0]).toBeCloseTo((0.5 - 0.125) * 4, 9);
    expect(net.kind[5]).toBe(CELL_GAP);
    // No export reading at all at index 20: the net is unknown there.
    expect(net.kind[20]).toBe(CELL_GAP);
    expect(net.kind[7]).toBe(CELL_BAD);
    expect(buildHeatGrid({ import: imp }, 'net')).toBeNull();
    expect(buildHeatGrid({ import: imp }, 'export')).toBeNull();
  });

  it('one placement serves every quantity in any order: a grid leaves the placement it reads unchanged', () => {
    const imp = columns('2025-03-29', '2025-04-01', (i) => (i % 97 === 0 ? Number.NaN : i % 89 === 0 ? null : (i % 13) * 0.01), (i) => (i % 211 === 0 ? 3 : 0));
    const exp = columns('2025-03-29', '2025-04-01', (i) => (i % 101 === 0 ? undefined : (i % 7) * 0.02), (i) => (i % 157 === 0 ? 2 : 1));
    const placement = placeHeatSource({ import: imp, export: exp })!;
    for (const direction of ['net', 'export', 'import', 'net'] as const) {
      const fresh = buildHeatGrid({ import: imp, export: exp }, direction)!;
      const reused = heatGrid(placement, direction)!;
      expect(reused).toEqual(fresh);
      expect(reused.values + reused.gaps).toBeGreaterThan(0.95 * reused.days.length * 96);
    }
    expect(heatGrid(placeHeatSource({ export: exp })!, 'import')).toBeNull();
  });

  it('days of a range and clock labels', () => {
    expect(daysOf(Date.parse(berlinMidnight('2024-12-30')), Date.parse(berlinMidnight('2025-01-02')))).toEqual(['2024-12-30', '2024-12-31', '2025-01-01']);
    expect(daysOf(Date.parse(berlinMidnight('2024-01-01')), Date.parse(berlinMidnight('2026-01-01')))).toHaveLength(731);
    expect(columnClock(0, 900)).toBe('00:00');
    expect(columnClock(95, 900)).toBe('23:45');
  });
});

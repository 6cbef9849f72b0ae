/**
 * The one load profile on the Berlin grid for every measurement period (15 min … month), across both DST
 * changes: no phantom gap, one value for the 23- and the 25-hour day, real gaps and unusable values found.
 */
import { describe, expect, it } from 'vitest';
import { berlinTime, formatBerlinIso } from '../model/time/berlin';
import type { MeterReading } from '../model/types';
import { prepareChannel } from './channel';
import { loadProfile, readingProfile } from './load-profile';
import { makeOvl } from './testing/fixtures';

const SPRING = { from: berlinTime(2024, 3, 29), to: berlinTime(2024, 4, 2) };
const AUTUMN = { from: berlinTime(2024, 10, 25), to: berlinTime(2024, 10, 29) };

/** Readings per day of each DST window, for the periods that fit a day. */
const PER_DAY: Record<number, [number, number, number, number]> = {
  // 03-29, 03-30, 03-31 (23 h), 04-01 | 10-25, 10-26, 10-27 (25 h), 10-28
  900: [96, 96, 92, 96],
  1800: [48, 48, 46, 48],
  3600: [24, 24, 23, 24],
  7200: [12, 12, 12, 12],
  21600: [4, 4, 4, 4],
  86400: [1, 1, 1, 1],
};
const PER_DAY_AUTUMN: Record<number, [number, number, number, number]> = {
  900: [96, 96, 100, 96],
  1800: [48, 48, 50, 48],
  3600: [24, 24, 25, 24],
  7200: [12, 12, 13, 12],
  21600: [4, 4, 5, 4],
  86400: [1, 1, 1, 1],
};

function perDay(times: readonly number[], from: number): number[] {
  const counts = [0, 0, 0, 0];
  for (const t of times) {
    const day = Math.floor((Date.parse(formatBerlinIso(t).slice(0, 10)) - Date.parse(formatBerlinIso(from).slice(0, 10))) / 86_400_000);
    counts[day]!++;
  }
  return counts;
}

describe('load profile on the Berlin grid', () => {
  for (const periodSeconds of [900, 1800, 3600, 7200, 21600, 86400]) {
    for (const [name, window, expected] of [
      ['spring', SPRING, PER_DAY[periodSeconds]!],
      ['autumn', AUTUMN, PER_DAY_AUTUMN[periodSeconds]!],
    ] as const) {
      it(`${periodSeconds / 60} min, ${name} DST change: every reading has its interval energy, no phantom gap`, () => {
        // One reading before the window, so that the first reading in the window has a delta too.
        const channel = prepareChannel(makeOvl({ start: window.from - periodSeconds * 1000, end: window.to, periodSeconds, step: 7 }));
        const profile = readingProfile(channel, window.from, window.to);
        expect(profile.gaps).toEqual([]);
        const times = Array.from(profile.indexes, (i) => channel.times[i]!);
        expect(perDay(times, window.from)).toEqual(expected);
        // makeOvl adds 7 per nominal step; the step before a midnight restart is shorter, still one step.
        for (const d of profile.deltas) expect(d).toBe(7);
        expect(loadProfile(channel, window.from, window.to).every((p) => p.raw === 7)).toBe(true);
      });
    }
  }

  it('a daily list: one value for the 23- and the 25-hour day (TAF-1/TAF-6 deliver 86,400 s)', () => {
    const channel = prepareChannel(makeOvl({ start: berlinTime(2024, 3, 30), end: berlinTime(2024, 11, 1), periodSeconds: 86400, step: 5, captureDelaySeconds: 4 }));
    const profile = readingProfile(channel, berlinTime(2024, 3, 31), berlinTime(2024, 10, 29));
    expect(profile.gaps).toEqual([]);
    expect(formatBerlinIso(channel.times[profile.indexes[0]!]!)).toBe('2024-03-31T00:00:00+01:00');
    expect(formatBerlinIso(channel.times[profile.indexes[1]!]!)).toBe('2024-04-01T00:00:00+02:00');
    expect(profile.indexes.length).toBe(212);
    expect(Array.from(profile.deltas).every((d) => d === 5)).toBe(true);
  });

  it('a monthly list across both changes: twelve values, no gap', () => {
    const times = Array.from({ length: 14 }, (_, m) => berlinTime(2023, 12 + m, 1));
    const list: MeterReading = {
      meterId: 'M',
      meterReadingId: 'monthly',
      readingType: { powerOfTenMultiplier: 0, uom: 72, scaler: 0, obisCode: '0100010800ff', qualifiedLogicalName: '0100010800ff.M.sm', measurementPeriod: 2_592_000 },
      intervalBlocks: [{ start: times[0]!, duration: 0, readings: times.map((t, i) => ({ value: 1000 + 100 * i, captureTime: t + 5000, duration: 0, statusPTB: 0 })) }],
    };
    const channel = prepareChannel(list);
    const profile = readingProfile(channel, berlinTime(2024, 1, 1), berlinTime(2025, 1, 1));
    expect(profile.indexes.length).toBe(12);
    expect(profile.gaps).toEqual([]);
    expect(Array.from(profile.deltas)).toEqual(Array(12).fill(100));
  });

  it('finds real gaps and gives no energy next to a gap or an unusable reading', () => {
    const from = berlinTime(2024, 10, 27);
    const to = berlinTime(2024, 10, 28);
    // 2-hour steps from midnight (CEST): after the change the grid runs on the odd CET hours.
    const bad = berlinTime(2024, 10, 27, 11);
    const channel = prepareChannel(
      makeOvl({ start: from, end: to, periodSeconds: 7200, omit: (t) => t === from + 4 * 3_600_000, status: (t) => (t === bad ? 4 : 0) }),
    );
    const profile = readingProfile(channel, from, to);
    expect(profile.gaps.map(formatBerlinIso)).toEqual(['2024-10-27T03:00:00+01:00']);
    const deltas = Array.from(profile.indexes, (i, k) => [formatBerlinIso(channel.times[i]!), profile.deltas[k]]);
    expect(deltas.filter(([, d]) => Number.isNaN(d)).map(([t]) => t)).toEqual([
      '2024-10-27T00:00:00+02:00', // no reading before the window
      '2024-10-27T05:00:00+01:00', // after the gap
      '2024-10-27T11:00:00+01:00', // unusable
      '2024-10-27T13:00:00+01:00', // after the unusable one
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { berlinParts, berlinTime, formatBerlinIso } from '../model/time/berlin';
import { berlinDate, berlinDateKey, berlinInstant, isoBerlin, nextBerlinDay, offsetMinutes } from './fast-time';
import { berlinDateKey as modelDateKey, berlinOffsetMinutes } from '../model/time/berlin';
import { seededRandom } from './testing/fixtures';

describe('fast Berlin time paths equal the exact ones', () => {
  it('isoBerlin on random instants and every quarter-hour of DST days', () => {
    const rnd = seededRandom(7);
    const instants: number[] = [];
    for (let i = 0; i < 20000; i++) instants.push(Math.floor(Date.UTC(2015, 0, 1) + rnd() * 12 * 365 * 86_400_000));
    for (const [y, m, d] of [
      [2018, 3, 25],
      [2018, 10, 28],
      [2024, 3, 31],
      [2024, 10, 27],
    ]) {
      for (let t = berlinTime(y!, m!, d! - 1); t < berlinTime(y!, m!, d! + 2); t += 900_000) instants.push(t, t + 3000);
    }
    for (const t of instants) {
      expect(isoBerlin(t)).toBe(formatBerlinIso(t));
      expect(offsetMinutes(t)).toBe(berlinOffsetMinutes(t));
      expect(berlinDateKey(t)).toBe(modelDateKey(t));
      const p = berlinParts(t);
      expect(berlinDate(t)).toEqual({ year: p.year, month: p.month, day: p.day });
      expect(berlinInstant(p.year, p.month, p.day, p.hour, p.minute)).toBe(berlinTime(p.year, p.month, p.day, p.hour, p.minute));
    }
  });

  it('berlinInstant equals berlinTime for every wall-clock quarter-hour of DST days, overflowing days and months', () => {
    for (const [y, m, d] of [
      [2018, 3, 25],
      [2018, 10, 28],
      [1996, 10, 27],
      [2099, 3, 29],
    ]) {
      for (let q = 0; q < 100; q++) expect(berlinInstant(y!, m!, d!, 0, q * 15)).toBe(berlinTime(y!, m!, d!, 0, q * 15));
    }
    expect(berlinInstant(2018, 13, 32)).toBe(berlinTime(2018, 13, 32));
    expect(berlinInstant(2018, 3, 0)).toBe(berlinTime(2018, 3, 0));
  });

  it('nextBerlinDay steps midnight and 06:00 over DST changes like berlinTime', () => {
    for (const hour of [0, 6, 12]) {
      let t = berlinTime(2017, 1, 1, hour);
      for (let i = 0; i < 800; i++) {
        const p = berlinParts(t);
        const next = nextBerlinDay(t);
        expect(next).toBe(berlinTime(p.year, p.month, p.day + 1, hour));
        t = next;
      }
    }
  });
});

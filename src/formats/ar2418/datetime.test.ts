import { describe, expect, it } from 'vitest';
import { formatXsdDateTime, hasZone, parseXsdDateTime } from './datetime';
import { berlinTime, formatBerlinIso } from '../../model/time/berlin';

describe('xs:dateTime', () => {
  it('parses zones, fractions and Z', () => {
    expect(parseXsdDateTime('2017-11-04T00:00:00+01:00')).toBe(Date.UTC(2017, 10, 3, 23));
    expect(parseXsdDateTime('2017-10-19T00:00:00.0000000+02:00')).toBe(Date.UTC(2017, 9, 18, 22));
    expect(parseXsdDateTime('2017-06-26T09:45:00Z')).toBe(Date.UTC(2017, 5, 26, 9, 45));
    expect(parseXsdDateTime('2017-06-26T09:45:00.5Z')).toBe(Date.UTC(2017, 5, 26, 9, 45, 0, 500));
    expect(parseXsdDateTime(' 2017-06-26T09:45:00-01:30 ')).toBe(Date.UTC(2017, 5, 26, 11, 15));
    expect(parseXsdDateTime('2017-06-26T24:00:00Z')).toBe(Date.UTC(2017, 5, 27));
  });
  it('reads times without zone as Berlin time and says so', () => {
    expect(parseXsdDateTime('2017-07-01T00:00:00')).toBe(berlinTime(2017, 7, 1));
    expect(hasZone('2017-07-01T00:00:00')).toBe(false);
    expect(hasZone('2017-07-01T00:00:00+02:00')).toBe(true);
  });
  it('rejects what is not a dateTime', () => {
    for (const bad of ['', '2017-02-30T00:00:00Z', '2017-13-01T00:00:00Z', '2017-01-01 00:00:00Z', '2017-01-01T00:00:00+1:00', 'x017-01-01T00:00:00Z', '2017-01-01T25:00:00Z', '2017-01-01T00:00:00.Z']) {
      expect(parseXsdDateTime(bad), bad).toBeNaN();
    }
  });
  it('uses the same-day cache correctly', () => {
    expect(parseXsdDateTime('2024-01-01T00:15:00+01:00')).toBe(Date.UTC(2023, 11, 31, 23, 15));
    expect(parseXsdDateTime('2024-01-01T00:30:00+01:00')).toBe(Date.UTC(2023, 11, 31, 23, 30));
    expect(parseXsdDateTime('2024-01-01T00:30:00+02:00')).toBe(Date.UTC(2023, 11, 31, 22, 30));
    expect(parseXsdDateTime('2024-01-01T00:61:00+01:00')).toBeNaN();
    expect(parseXsdDateTime('2024-01-01T24:00:00+01:00')).toBe(Date.UTC(2024, 0, 1, 23));
  });
  it('formats with the Berlin offset, in any order, around both DST switches', () => {
    const times: number[] = [];
    for (let t = Date.UTC(2021, 2, 27, 22); t < Date.UTC(2021, 2, 28, 3); t += 60_000) times.push(t);
    for (let t = Date.UTC(2021, 9, 31, 3); t > Date.UTC(2021, 9, 30, 20); t -= 61_000) times.push(t);
    for (let t = Date.UTC(2016, 0, 1); t < Date.UTC(2026, 0, 1); t += 7_777_000) times.push(t);
    for (const t of times) {
      expect(formatXsdDateTime(t)).toBe(formatBerlinIso(t));
      expect(parseXsdDateTime(formatXsdDateTime(t))).toBe(t);
    }
    expect(formatXsdDateTime(Date.UTC(2024, 0, 1, 0, 0, 0, 7))).toBe('2024-01-01T01:00:00.007+01:00');
  });
});

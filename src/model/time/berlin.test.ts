import { describe, expect, it } from 'vitest';
import { berlinOffsetMinutes, berlinParts, berlinStartOfDay, berlinTime, formatBerlinIso } from './berlin';

const intlOffset = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'longOffset' });

function offsetFromIntl(epochMs: number): number {
  const name = intlOffset.formatToParts(epochMs).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const match = /GMT([+-])(\d\d):(\d\d)/.exec(name);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

describe('Europe/Berlin time', () => {
  it('agrees with the ICU time zone database for every 15 minutes around each switch, 2000-2040', () => {
    for (let year = 2000; year <= 2040; year++) {
      for (const month of [3, 10]) {
        const start = Date.UTC(year, month - 1, 24);
        for (let t = start; t < start + 9 * 86_400_000; t += 900_000) {
          expect(berlinOffsetMinutes(t), new Date(t).toISOString()).toBe(offsetFromIntl(t));
        }
      }
    }
  });

  it('cuts days of 23 and 25 hours on the switch days', () => {
    const spring = berlinTime(2024, 3, 31);
    expect(berlinTime(2024, 4, 1) - spring).toBe(23 * 3_600_000);
    const autumn = berlinTime(2024, 10, 27);
    expect(berlinTime(2024, 10, 28) - autumn).toBe(25 * 3_600_000);
  });

  it('formats with the offset in force and finds the start of the day', () => {
    expect(formatBerlinIso(Date.parse('2017-11-03T23:00:00Z'))).toBe('2017-11-04T00:00:00+01:00');
    expect(formatBerlinIso(Date.parse('2017-08-31T23:00:00Z'))).toBe('2017-09-01T01:00:00+02:00');
    const noon = Date.parse('2024-07-01T10:00:00Z');
    expect(formatBerlinIso(berlinStartOfDay(noon))).toBe('2024-07-01T00:00:00+02:00');
    expect(berlinParts(noon)).toMatchObject({ year: 2024, month: 7, day: 1, hour: 12, weekday: 1 });
  });

  it('maps the repeated autumn hour to its first occurrence', () => {
    expect(formatBerlinIso(berlinTime(2024, 10, 27, 2, 30))).toBe('2024-10-27T02:30:00+02:00');
  });
});

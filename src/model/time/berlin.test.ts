import { describe, expect, it } from 'vitest';
import { berlinDate, berlinDateKey, berlinOffsetMinutes, berlinParts, berlinStartOfDay, berlinTime, formatBerlinIso, nextBerlinDay } from './berlin';

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

const intlParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** ISO text of an instant computed by ICU, the independent reference. */
function isoFromIntl(epochMs: number): string {
  const part = (type: string) => intlParts.formatToParts(epochMs).find((p) => p.type === type)!.value;
  const offset = offsetFromIntl(epochMs);
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}:${part('second')}+0${offset / 60}:00`;
}

describe('Europe/Berlin time: the allocation-free paths', () => {
  /** Deterministic instants: random ones over 12 years and every quarter-hour (and +3 s) around switches. */
  function instants(): number[] {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const list: number[] = [];
    for (let i = 0; i < 5000; i++) list.push(Math.floor(Date.UTC(2015, 0, 1) + random() * 12 * 365 * 86_400_000));
    for (const [y, m, d] of [
      [2018, 3, 25],
      [2018, 10, 28],
      [2024, 3, 31],
      [2024, 10, 27],
    ] as const) {
      for (let t = berlinTime(y, m, d - 1); t < berlinTime(y, m, d + 2); t += 900_000) list.push(t, t + 3000);
    }
    return list;
  }

  it('formats, dates and splits every instant as ICU does', () => {
    for (const t of instants()) {
      const iso = isoFromIntl(Math.floor(t / 1000) * 1000);
      expect(formatBerlinIso(Math.floor(t / 1000) * 1000)).toBe(iso);
      expect(berlinDateKey(t)).toBe(iso.slice(0, 10));
      const p = berlinParts(t);
      expect(berlinDate(t)).toEqual({ year: p.year, month: p.month, day: p.day });
      expect(`${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`).toBe(iso.slice(0, 10));
      expect(new Date(t + p.offsetMinutes * 60_000).getUTCDay()).toBe(p.weekday);
    }
  });

  it('steps midnight, 06:00 and noon one calendar day over DST changes', () => {
    for (const hour of [0, 6, 12]) {
      let t = berlinTime(2017, 1, 1, hour);
      for (let i = 0; i < 800; i++) {
        const p = berlinParts(t);
        const next = nextBerlinDay(t);
        expect(next).toBe(berlinTime(p.year, p.month, p.day + 1, hour));
        expect(berlinParts(next).hour).toBe(hour);
        t = next;
      }
    }
  });

  it('handles overflowing days and months like Date.UTC', () => {
    expect(berlinTime(2018, 13, 32)).toBe(berlinTime(2019, 2, 1));
    expect(berlinTime(2018, 3, 0)).toBe(berlinTime(2018, 2, 28));
  });
});

import { describe, expect, it } from 'vitest';
import { parseTime, parseTimeDetailed, TimeParseError } from './parse-time';

const at = (iso: string) => Date.parse(iso);
const parse = (v: unknown, extra: Partial<Parameters<typeof parseTime>[1]> = {}) => parseTime(v, { field: '--from', ...extra });

function error(v: unknown, extra: Partial<Parameters<typeof parseTime>[1]> = {}): TimeParseError {
  try {
    parse(v, extra);
  } catch (e) {
    if (e instanceof TimeParseError) return e;
    throw e;
  }
  throw new Error(`"${String(v)}" was accepted`);
}

describe('parseTime: one parser for the dates and times users and gateways give', () => {
  it.each([
    ['2024-01-15', '2024-01-14T23:00:00Z', 'date'],
    ['15.01.2024', '2024-01-14T23:00:00Z', 'date'],
    ['1.7.2024', '2024-06-30T22:00:00Z', 'date'],
    ['2024-07-01T06:00', '2024-07-01T04:00:00Z', 'wall'],
    ['2024-07-01 06:00:30', '2024-07-01T04:00:30Z', 'wall'],
    ['2024-01-01T06:00:00.250', '2024-01-01T05:00:00.250Z', 'wall'],
    ['01.07.2024 06:00', '2024-07-01T04:00:00Z', 'wall'],
    ['2024-07-01T06:00:00Z', '2024-07-01T06:00:00Z', 'zoned'],
    ['2024-07-01T06:00:00+02:00', '2024-07-01T04:00:00Z', 'zoned'],
    ['2024-07-01T06:00:00-0500', '2024-07-01T11:00:00Z', 'zoned'],
    ['  2024-03-31  ', '2024-03-30T23:00:00Z', 'date'],
  ])('%s → %s (%s)', (text, iso, kind) => {
    expect(parseTimeDetailed(text, { field: 'x' })).toEqual({ instant: at(iso), kind });
  });

  it('reads zone-less times as Berlin wall time on both sides of the DST changes', () => {
    expect(parse('2025-03-30T01:59')).toBe(at('2025-03-30T00:59:00Z'));
    expect(parse('2025-03-30T03:00')).toBe(at('2025-03-30T01:00:00Z'));
    // the repeated autumn hour: first occurrence by default, the second or an error on request
    expect(parse('2025-10-26T02:30')).toBe(at('2025-10-26T00:30:00Z'));
    expect(parse('2025-10-26T02:30', { ambiguous: 'second' })).toBe(at('2025-10-26T01:30:00Z'));
    expect(error('2025-10-26T02:30', { ambiguous: 'error' }).en).toContain('repeated at the change to winter time');
    expect(parse('2025-10-26T03:00', { ambiguous: 'error' })).toBe(at('2025-10-26T02:00:00Z'));
  });

  it.each([
    ['', 'is empty'],
    ['yesterday', 'is not a date or time'],
    ['2024-13-01', 'no valid month (13)'],
    ['2023-02-29', 'no valid day (29; the month has 28 days)'],
    ['31.04.2024', 'no valid day (31; the month has 30 days)'],
    ['2024-01-01T24:00', 'no valid time of day'],
    ['2024-01-01T12:60', 'no valid time of day'],
    ['2024-01-01+01:00', 'has a zone but no time of day'],
    ['2025-03-30T02:30', 'skipped at the change to summer time (2025-03-30 02:30 does not exist in Berlin)'],
    ['2024-01-01T00:00+15:00', 'no valid zone'],
    [20240101, 'is not a date or time'],
  ])('"%s" is an error naming the field and the value: %s', (value, reason) => {
    const e = error(value);
    expect(e.code).toBe('INVALID_TIME');
    expect(e.field).toBe('--from');
    expect(e.en).toContain(`--from: "${String(value)}"`);
    expect(e.en).toContain(reason);
    expect(e.de).toContain(`--from: „${String(value)}“`);
  });

  it('can insist on a zone (gateway protocols) or on a time of day', () => {
    expect(error('2024-01-01T06:00', { zoneless: false }).en).toContain('has no time zone');
    expect(error('2024-01-01', { dateOnly: false }).en).toContain('date only');
    expect(parse('2024-01-01T06:00Z', { zoneless: false, dateOnly: false })).toBe(at('2024-01-01T06:00:00Z'));
  });
});

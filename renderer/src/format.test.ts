import { describe, expect, it } from 'vitest';
import { calendarDateOf, dateFormat, formatCalendarDate, formatDateTime, formatNumber, isoWeek, periodLabel, registerDisplayValue } from './format';

describe('renderer formatting', () => {
  it('formats kWh per locale', () => {
    expect(formatNumber(1234.5, 'de-DE', 1)).toBe('1.234,5');
    expect(formatNumber(1234.5, 'en-GB', 1)).toBe('1,234.5');
    expect(formatNumber(0.0125, 'de-DE', 3)).toBe('0,013');
  });

  it('formats date-times in Berlin legal time whatever the zone of the instant', () => {
    expect(formatDateTime('2025-01-01T00:00:00+01:00', 'de-DE')).toBe('01.01.2025, 00:00');
    // 2025-03-30 01:00 UTC is 03:00 CEST (after the spring switch)
    expect(formatDateTime('2025-03-30T01:00:00Z', 'de-DE')).toBe('30.03.2025, 03:00');
  });

  it('takes the calendar date from the ISO string, not from the machine zone', () => {
    expect(calendarDateOf('2025-10-26T00:00:00+02:00')).toEqual({ year: 2025, month: 10, day: 26 });
    expect(() => calendarDateOf('26.10.2025')).toThrow(/ISO 8601/);
  });

  it('computes ISO weeks across year boundaries', () => {
    expect(isoWeek({ year: 2025, month: 1, day: 1 })).toEqual({ week: 1, year: 2025 });
    expect(isoWeek({ year: 2024, month: 12, day: 30 })).toEqual({ week: 1, year: 2025 });
    expect(isoWeek({ year: 2021, month: 1, day: 3 })).toEqual({ week: 53, year: 2020 });
    expect(isoWeek({ year: 2025, month: 12, day: 28 })).toEqual({ week: 52, year: 2025 });
  });

  it('labels periods per resolution', () => {
    const week = (w: number, y: number) => `KW ${w} ${y}`;
    expect(periodLabel('2025-03-30T00:00:00+01:00', 'day', 'de-DE', week)).toBe('So., 30.03.2025');
    expect(periodLabel('2025-03-31T00:00:00+02:00', 'week', 'de-DE', week)).toBe('KW 14 2025');
    expect(periodLabel('2025-03-01T00:00:00+01:00', 'month', 'de-DE', week)).toBe('März 2025');
    expect(periodLabel('2025-03-01T00:00:00+01:00', 'month', 'en-GB', week)).toBe('March 2025');
    expect(periodLabel('2025-01-01T00:00:00+01:00', 'year', 'de-DE', week)).toBe('2025');
  });

  it('builds one date format per locale and options and reuses it', () => {
    const a = dateFormat('de-DE', { timeZone: 'UTC', month: 'long' });
    expect(dateFormat('de-DE', { timeZone: 'UTC', month: 'long' })).toBe(a);
    expect(dateFormat('en-GB', { timeZone: 'UTC', month: 'long' })).not.toBe(a);
    expect(dateFormat('de-DE', { timeZone: 'UTC', month: 'short' })).not.toBe(a);
  });

  it('formats a calendar date in the app language whatever the machine zone', () => {
    const date = { year: 2025, month: 2, day: 3 };
    expect(formatCalendarDate(date, 'de-DE', { weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric' })).toBe('Mo., 03.02.2025');
    expect(formatCalendarDate(date, 'en-GB', { weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric' })).toBe('Mon, 03/02/2025');
  });
});

describe('registerDisplayValue', () => {
  it('applies the scaler, shows Wh as kWh and keeps the digits the scaler gives', () => {
    expect(registerDisplayValue({ amount: 118, scaler: 0, unit: 'Wh' })).toEqual({ value: 0.118, fractionDigits: 3 });
    expect(registerDisplayValue({ amount: 12345, scaler: -1, unit: 'Wh' })).toEqual({ value: 1.2345, fractionDigits: 4 });
    expect(registerDisplayValue({ amount: 7, scaler: 3, unit: 'Wh' })).toEqual({ value: 7, fractionDigits: 0 });
    expect(registerDisplayValue({ amount: 25, scaler: -1, unit: 'm3' })).toEqual({ value: 2.5, fractionDigits: 1 });
  });
});

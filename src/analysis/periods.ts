/**
 * Calendar periods (day, week from Monday, month, year) in Europe/Berlin legal time, independent of the
 * machine's zone. Gas periods start at 06:00 (gas day 06:00-06:00).
 */
import { berlinParts, berlinTime, nextBerlinDay } from '../model/time/berlin';

export type Resolution = 'day' | 'week' | 'month' | 'year';
export const RESOLUTIONS: readonly Resolution[] = ['day', 'week', 'month', 'year'];

const GAS_DAY_HOUR = 6;

interface CivilDate {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday */
  weekday: number;
}

function civil(year: number, month: number, day: number): CivilDate {
  const d = new Date(Date.UTC(year, month - 1, day));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
}

/** The calendar date (Berlin) whose day contains the instant; for gas, the gas day. */
export function dayOf(t: number, gasDay = false): CivilDate {
  const p = berlinParts(t);
  if (gasDay && p.hour < GAS_DAY_HOUR) return civil(p.year, p.month, p.day - 1);
  return { year: p.year, month: p.month, day: p.day, weekday: p.weekday };
}

function startOf(date: { year: number; month: number; day: number }, gasDay: boolean): number {
  return berlinTime(date.year, date.month, date.day, gasDay ? GAS_DAY_HOUR : 0);
}

/** Start of the period of the given resolution that contains the instant. */
export function periodStart(t: number, resolution: Resolution, gasDay = false): number {
  const d = dayOf(t, gasDay);
  switch (resolution) {
    case 'day':
      return startOf(d, gasDay);
    case 'week':
      return startOf(civil(d.year, d.month, d.day - ((d.weekday + 6) % 7)), gasDay);
    case 'month':
      return startOf({ year: d.year, month: d.month, day: 1 }, gasDay);
    case 'year':
      return startOf({ year: d.year, month: 1, day: 1 }, gasDay);
  }
}

/** Start of the period after the one starting at `start` (23, 24 or 25 hours for days). */
export function nextPeriodStart(start: number, resolution: Resolution, gasDay = false): number {
  if (resolution === 'day') return nextBerlinDay(start);
  const d = dayOf(start, gasDay);
  switch (resolution) {
    case 'week':
      return startOf(civil(d.year, d.month, d.day + 7), gasDay);
    case 'month':
      return startOf(civil(d.year, d.month + 1, 1), gasDay);
    case 'year':
      return startOf(civil(d.year + 1, 1, 1), gasDay);
  }
}

/** Shifts a period start by a number of periods (negative: back). */
export function shiftPeriods(start: number, resolution: Resolution, count: number, gasDay = false): number {
  const d = dayOf(start, gasDay);
  switch (resolution) {
    case 'day':
      return startOf(civil(d.year, d.month, d.day + count), gasDay);
    case 'week':
      return startOf(civil(d.year, d.month, d.day + 7 * count), gasDay);
    case 'month':
      return startOf(civil(d.year, d.month + count, 1), gasDay);
    case 'year':
      return startOf(civil(d.year + count, 1, 1), gasDay);
  }
}

/** Period starts from the period containing `from` up to the first start at or after `to` (inclusive). */
export function periodBoundaries(from: number, to: number, resolution: Resolution, gasDay = false): number[] {
  let cursor = periodStart(from, resolution, gasDay);
  const boundaries = [cursor];
  while (cursor < to) {
    cursor = nextPeriodStart(cursor, resolution, gasDay);
    boundaries.push(cursor);
  }
  return boundaries;
}

/** `YYYY-MM-DD` of the (gas) day starting at the instant. */
export function dateKey(t: number, gasDay = false): string {
  const d = dayOf(t, gasDay);
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

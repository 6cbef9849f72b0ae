/**
 * Allocation-free Europe/Berlin time for the hot loops of the analysis (hundreds of thousands of calls per
 * read-out). Same rule and results as src/model/time/berlin.ts (tested against it): CEST from the last
 * Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC, CET otherwise.
 */
import { formatBerlinIso } from '../model/time/berlin';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Civil date (proleptic Gregorian) of a day number since 1970-01-01 (H. Hinnant's algorithm). */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** UTC year of an instant without allocating a Date. */
function utcYear(t: number): number {
  const z = Math.floor(t / DAY) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  // March-based year: January and February belong to the next civil year.
  return yoe + era * 400 + (doy >= 306 ? 1 : 0);
}

function lastSundayOneUtc(year: number, month: number): number {
  const lastDay = Date.UTC(year, month, 0);
  const weekday = (Math.floor(lastDay / DAY) + 4) % 7; // 1970-01-01 was a Thursday
  return lastDay - ((weekday + 7) % 7) * DAY + HOUR;
}

const springByYear = new Map<number, number>();
const autumnByYear = new Map<number, number>();

/** Offset of Europe/Berlin from UTC in minutes (60 or 120). */
export function offsetMinutes(t: number): number {
  const year = utcYear(t);
  let spring = springByYear.get(year);
  let autumn = autumnByYear.get(year);
  if (spring === undefined || autumn === undefined) {
    spring = lastSundayOneUtc(year, 3);
    autumn = lastSundayOneUtc(year, 10);
    springByYear.set(year, spring);
    autumnByYear.set(year, autumn);
  }
  return t >= spring && t < autumn ? 120 : 60;
}

/** berlinTime of src/model/time/berlin.ts without allocation. */
export function berlinInstant(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const summer = asUtc - 2 * HOUR;
  return offsetMinutes(summer) === 120 ? summer : asUtc - HOUR;
}

export interface BerlinDate {
  year: number;
  month: number;
  day: number;
}

/** Berlin calendar date of an instant. */
export function berlinDate(t: number): BerlinDate {
  const local = t + offsetMinutes(t) * 60_000;
  return civilFromDays(Math.floor(local / DAY));
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

let cachedStart = NaN;
let cachedEnd = NaN;
let cachedPrefix = '';
let cachedSuffix = '';

/** formatBerlinIso with a cache of the current (non-DST) day. */
export function isoBerlin(t: number): string {
  if (!(t >= cachedStart && t < cachedEnd)) {
    const d = berlinDate(t);
    const start = berlinInstant(d.year, d.month, d.day);
    const end = berlinInstant(d.year, d.month, d.day + 1);
    if (end - start !== DAY) return formatBerlinIso(t);
    cachedStart = start;
    cachedEnd = end;
    cachedPrefix = `${String(d.year).padStart(4, '0')}-${pad2(d.month)}-${pad2(d.day)}T`;
    cachedSuffix = offsetMinutes(start) === 120 ? '+02:00' : '+01:00';
  }
  const ms = t - cachedStart;
  if (ms % 1000 !== 0) return formatBerlinIso(t);
  return cachedPrefix + clockText(ms / 1000) + cachedSuffix;
}

const clockTexts = new Map<number, string>();

/** `HH:MM:SS` of seconds after midnight (cached: lists use the same few times every day). */
function clockText(seconds: number): string {
  let text = clockTexts.get(seconds);
  if (text === undefined) {
    text = `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
    if (clockTexts.size < 100_000) clockTexts.set(seconds, text);
  }
  return text;
}

/** `YYYY-MM-DD` of the Berlin date of an instant. */
export function berlinDateKey(t: number): string {
  const d = berlinDate(t);
  return `${String(d.year).padStart(4, '0')}-${pad2(d.month)}-${pad2(d.day)}`;
}

/** The same wall-clock time one calendar day later (23, 24 or 25 hours), for instants not inside a DST hour. */
export function nextBerlinDay(t: number): number {
  const plain = t + DAY;
  const before = offsetMinutes(t);
  const after = offsetMinutes(plain);
  if (before === after) return plain;
  const shifted = plain + (before - after) * 60_000;
  if (offsetMinutes(shifted) === after) return shifted;
  // A wall time next to the changed hour: compute from the wall clock.
  const local = t + before * 60_000;
  const d = civilFromDays(Math.floor(local / DAY));
  const msOfDay = local - Math.floor(local / DAY) * DAY;
  return berlinInstant(d.year, d.month, d.day + 1, 0, 0, msOfDay / 1000);
}

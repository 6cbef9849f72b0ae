/**
 * Europe/Berlin legal time without depending on the machine's time zone or ICU data.
 *
 * Since 1996 the EU rule is fixed: CEST (UTC+2) from the last Sunday of March 01:00 UTC to the last
 * Sunday of October 01:00 UTC, CET (UTC+1) otherwise. Computing it directly is exact for every date the
 * gateways can produce, and the hot paths (offset, date, ISO text: hundreds of thousands of calls per
 * read-out) allocate nothing.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Civil date (proleptic Gregorian) of a day number since 1970-01-01 (H. Hinnant's algorithm). */
function civilFromDays(days: number): BerlinDate {
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

/** Epoch ms of the last Sunday of a month (month 1-12) at 01:00 UTC. */
function lastSundayOneUtc(year: number, month: number): number {
  const lastDay = Date.UTC(year, month, 0); // day 0 of the next month = last day of this month
  const weekday = (Math.floor(lastDay / DAY) + 4) % 7; // 1970-01-01 was a Thursday
  return lastDay - ((weekday + 7) % 7) * DAY + HOUR;
}

const springByYear = new Map<number, number>();
const autumnByYear = new Map<number, number>();

// The stretch [offsetFrom, offsetTo) of one UTC year in which the offset is `offsetIn`: callers mostly ask
// about instants close together, so the last stretch answers without the year arithmetic.
let offsetFrom = 0;
let offsetTo = 0;
let offsetIn = 60;

/** Offset of Europe/Berlin from UTC at the instant, in minutes (60 or 120). */
export function berlinOffsetMinutes(epochMs: number): number {
  if (epochMs >= offsetFrom && epochMs < offsetTo) return offsetIn;
  const year = utcYear(epochMs);
  let spring = springByYear.get(year);
  let autumn = autumnByYear.get(year);
  if (spring === undefined || autumn === undefined) {
    spring = lastSundayOneUtc(year, 3);
    autumn = lastSundayOneUtc(year, 10);
    springByYear.set(year, spring);
    autumnByYear.set(year, autumn);
  }
  if (epochMs >= spring && epochMs < autumn) {
    offsetFrom = spring;
    offsetTo = autumn;
    offsetIn = 120;
  } else if (epochMs < spring) {
    offsetFrom = Date.UTC(year, 0, 1);
    offsetTo = spring;
    offsetIn = 60;
  } else {
    offsetFrom = autumn;
    offsetTo = Date.UTC(year + 1, 0, 1);
    offsetIn = 60;
  }
  return offsetIn;
}

export interface BerlinDate {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
}

export interface BerlinParts extends BerlinDate {
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  offsetMinutes: number;
}

/** Berlin calendar date of an instant. */
export function berlinDate(epochMs: number): BerlinDate {
  return civilFromDays(Math.floor((epochMs + berlinOffsetMinutes(epochMs) * 60_000) / DAY));
}

export function berlinParts(epochMs: number): BerlinParts {
  const offsetMinutes = berlinOffsetMinutes(epochMs);
  const local = epochMs + offsetMinutes * 60_000;
  const days = Math.floor(local / DAY);
  const msOfDay = local - days * DAY;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(msOfDay / HOUR),
    minute: Math.floor(msOfDay / 60_000) % 60,
    second: Math.floor(msOfDay / 1000) % 60,
    weekday: (((days + 4) % 7) + 7) % 7,
    offsetMinutes,
  };
}

/**
 * The instant of a Berlin wall-clock time (month 1-12; day and month may overflow like Date.UTC).
 * In the repeated autumn hour the first occurrence (CEST) is returned; a time in the skipped spring hour
 * is taken as CET, i.e. it lands one hour later in wall-clock terms.
 */
export function berlinTime(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const summer = asUtc - 2 * HOUR;
  if (berlinOffsetMinutes(summer) === 120) return summer;
  return asUtc - HOUR;
}

/** Start of the Berlin calendar day that contains the instant. */
export function berlinStartOfDay(epochMs: number): number {
  const d = berlinDate(epochMs);
  return berlinTime(d.year, d.month, d.day);
}

/** The same wall-clock time one calendar day later (23, 24 or 25 hours later). */
export function nextBerlinDay(epochMs: number): number {
  const plain = epochMs + DAY;
  const before = berlinOffsetMinutes(epochMs);
  const after = berlinOffsetMinutes(plain);
  if (before === after) return plain;
  const shifted = plain + (before - after) * 60_000;
  if (berlinOffsetMinutes(shifted) === after) return shifted;
  // A wall time next to the changed hour: compute from the wall clock.
  const local = epochMs + before * 60_000;
  const d = civilFromDays(Math.floor(local / DAY));
  const msOfDay = local - Math.floor(local / DAY) * DAY;
  return berlinTime(d.year, d.month, d.day + 1, 0, 0, msOfDay / 1000);
}

const datePrefixes = new Map<number, string>();
const clockTexts = new Map<number, string>();

/**
 * Formats an instant as ISO 8601 with the Berlin offset, e.g. `2017-11-04T00:00:00+01:00` (whole seconds).
 * Date and clock texts are cached: lists format the same few days and times of day many times.
 */
export function formatBerlinIso(epochMs: number): string {
  const offsetMinutes = berlinOffsetMinutes(epochMs);
  const local = epochMs + offsetMinutes * 60_000;
  const days = Math.floor(local / DAY);
  const seconds = Math.floor((local - days * DAY) / 1000);
  return datePrefix(days) + clockText(seconds) + (offsetMinutes === 120 ? '+02:00' : '+01:00');
}

/** `YYYY-MM-DDT` of a local day number. */
function datePrefix(days: number): string {
  let text = datePrefixes.get(days);
  if (text === undefined) {
    const d = civilFromDays(days);
    text = `${pad4(d.year)}-${pad2(d.month)}-${pad2(d.day)}T`;
    if (datePrefixes.size < 100_000) datePrefixes.set(days, text);
  }
  return text;
}

/** `HH:MM:SS` of seconds after midnight (cached: lists use the same few times every day). */
function clockText(seconds: number): string {
  let text = clockTexts.get(seconds);
  if (text === undefined) {
    text = `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
    if (clockTexts.size < 100_000) clockTexts.set(seconds, text);
  }
  return text;
}

/** `YYYY-MM-DD` of the Berlin calendar day of the instant. */
export function berlinDateKey(epochMs: number): string {
  const d = berlinDate(epochMs);
  return `${pad4(d.year)}-${pad2(d.month)}-${pad2(d.day)}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  return String(n).padStart(4, '0');
}

/**
 * Europe/Berlin legal time without depending on the machine's time zone or ICU data.
 *
 * Since 1996 the EU rule is fixed: CEST (UTC+2) from the last Sunday of March 01:00 UTC to the last
 * Sunday of October 01:00 UTC, CET (UTC+1) otherwise. Computing it directly is exact for every date the
 * gateways can produce and far faster than Intl on hot paths.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Epoch ms of the last Sunday of a month (month 1-12) at 01:00 UTC. */
function lastSundayOneUtc(year: number, month: number): number {
  const lastDay = Date.UTC(year, month, 0); // day 0 of the next month = last day of this month
  const weekday = new Date(lastDay).getUTCDay();
  return lastDay - weekday * DAY + HOUR;
}

const dstCache = new Map<number, [number, number]>();

function dstRange(year: number): [number, number] {
  let range = dstCache.get(year);
  if (!range) {
    range = [lastSundayOneUtc(year, 3), lastSundayOneUtc(year, 10)];
    dstCache.set(year, range);
  }
  return range;
}

/** Offset of Europe/Berlin from UTC at the instant, in minutes (60 or 120). */
export function berlinOffsetMinutes(epochMs: number): number {
  const year = new Date(epochMs).getUTCFullYear();
  const [begin, end] = dstRange(year);
  return epochMs >= begin && epochMs < end ? 120 : 60;
}

export interface BerlinParts {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  offsetMinutes: number;
}

export function berlinParts(epochMs: number): BerlinParts {
  const offsetMinutes = berlinOffsetMinutes(epochMs);
  const local = new Date(epochMs + offsetMinutes * 60_000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    weekday: local.getUTCDay(),
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
  const p = berlinParts(epochMs);
  return berlinTime(p.year, p.month, p.day);
}

/** Formats an instant as ISO 8601 with the Berlin offset, e.g. `2017-11-04T00:00:00+01:00`. */
export function formatBerlinIso(epochMs: number): string {
  const p = berlinParts(epochMs);
  const sign = '+';
  const offH = String(Math.floor(p.offsetMinutes / 60)).padStart(2, '0');
  const offM = String(p.offsetMinutes % 60).padStart(2, '0');
  return `${pad4(p.year)}-${pad2(p.month)}-${pad2(p.day)}T${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}${sign}${offH}:${offM}`;
}

/** `YYYY-MM-DD` of the Berlin calendar day of the instant. */
export function berlinDateKey(epochMs: number): string {
  const p = berlinParts(epochMs);
  return `${pad4(p.year)}-${pad2(p.month)}-${pad2(p.day)}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  return String(n).padStart(4, '0');
}

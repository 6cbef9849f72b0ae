/**
 * xs:dateTime parsing and writing for AR 2418-6, by hand because it sits on the hottest path
 * (several timestamps per reading, ~140,000 readings per read-out).
 */
import { berlinOffsetMinutes, berlinTime } from '../../model/time/berlin';

function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** True when the text carries a zone (`Z` or `±HH:MM`). */
export function hasZone(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  if (s.charCodeAt(n - 1) === 90 /* Z */) return true;
  const c = s.charCodeAt(n - 6);
  return n >= 25 && (c === 43 || c === 45) && s.charCodeAt(n - 3) === 58;
}

/**
 * Epoch ms of `YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM]`, NaN when the text is not such a value.
 * Without a zone the value is read as Europe/Berlin legal time (check with `hasZone` to report it).
 */
export function parseXsdDateTime(raw: string): number {
  const s = raw.length > 0 && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32) ? raw.trim() : raw;
  const fast = sameDayAsCached(s);
  if (fast === fast) return fast; // not NaN
  const t = parseFull(s);
  if (s.length === 25 && t === t) {
    const seconds = digits(s, 11, 2) * 3600 + digits(s, 14, 2) * 60 + digits(s, 17, 2);
    if (seconds < 86_400) {
      cachedText = s;
      cachedBase = t - seconds * 1000;
    }
  }
  return t;
}

/**
 * `parseXsdDateTime(s.slice(from, to))` without the slice when the value shares date and zone with the
 * previous one (the normal case in a read-out).
 */
export function parseXsdDateTimeAt(s: string, from: number, to: number): number {
  if (to - from === 25 && cachedText.length === 25) {
    let same = true;
    for (let i = 0; i < 11 && same; i++) same = s.charCodeAt(from + i) === cachedText.charCodeAt(i);
    for (let i = 19; i < 25 && same; i++) same = s.charCodeAt(from + i) === cachedText.charCodeAt(i);
    if (same && s.charCodeAt(from + 13) === 58 && s.charCodeAt(from + 16) === 58) {
      const hour = digits(s, from + 11, 2);
      const minute = digits(s, from + 14, 2);
      const second = digits(s, from + 17, 2);
      if (hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59) {
        return cachedBase + (hour * 3600 + minute * 60 + second) * 1000;
      }
    }
  }
  return parseXsdDateTime(s.slice(from, to));
}

// Read-outs repeat the date and zone of consecutive timestamps: `2024-01-01T00:15:00+01:00`.
let cachedText = '';
let cachedBase = 0;

function sameDayAsCached(s: string): number {
  if (s.length !== 25 || cachedText.length !== 25) return NaN;
  for (let i = 0; i < 11; i++) if (s.charCodeAt(i) !== cachedText.charCodeAt(i)) return NaN;
  for (let i = 19; i < 25; i++) if (s.charCodeAt(i) !== cachedText.charCodeAt(i)) return NaN;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return NaN;
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NaN;
  return cachedBase + (hour * 3600 + minute * 60 + second) * 1000;
}

function parseFull(s: string): number {
  if (s.length < 19) return NaN;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) {
    return NaN;
  }
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 24 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return NaN;
  }
  if (hour === 24 && (minute !== 0 || second !== 0)) return NaN;
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46 /* . */) {
    i++;
    const start = i;
    let scale = 100;
    while (i < s.length) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      if (scale >= 1) ms += c * scale;
      scale /= 10;
      i++;
    }
    if (i === start) return NaN;
    ms = Math.floor(ms);
  }
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return NaN;
  if (i === s.length) {
    return berlinTime(year, month, day, hour, minute, second) + ms;
  }
  let offsetMinutes: number;
  if (s.charCodeAt(i) === 90 && i + 1 === s.length) {
    offsetMinutes = 0;
  } else {
    const sign = s.charCodeAt(i);
    if ((sign !== 43 && sign !== 45) || s.length !== i + 6 || s.charCodeAt(i + 3) !== 58) return NaN;
    const oh = digits(s, i + 1, 2);
    const om = digits(s, i + 4, 2);
    if (oh < 0 || om < 0 || oh > 14 || om > 59) return NaN;
    offsetMinutes = (sign === 45 ? -1 : 1) * (oh * 60 + om);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
}

const TWO = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));

// The writer formats ~3 timestamps per reading; consecutive ones fall on the same Berlin day, so the
// date part and the day's offset are cached.
let cachedDayStart = NaN;
let cachedDayEnd = NaN;
let cachedPrefix = '';
let cachedSuffix = '';
let cachedLocalDayStart = 0;

/** ISO 8601 with the Europe/Berlin offset; milliseconds only when not zero. */
export function formatXsdDateTime(epochMs: number): string {
  if (!(epochMs >= cachedDayStart && epochMs < cachedDayEnd)) cacheDay(epochMs);
  const offsetMs = cachedSuffix === '+02:00' ? 7_200_000 : 3_600_000;
  const inDay = epochMs + offsetMs - cachedLocalDayStart;
  const ms = inDay % 1000;
  const seconds = (inDay - ms) / 1000;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const sec = seconds % 60;
  const frac = ms === 0 ? '' : `.${String(ms).padStart(3, '0')}`;
  return `${cachedPrefix}${TWO[h]}:${TWO[m]}:${TWO[sec]}${frac}${cachedSuffix}`;
}

/** Caches the stretch of one Berlin day with one offset around the instant. */
function cacheDay(epochMs: number): void {
  const offset = berlinOffsetMinutes(epochMs);
  const offsetMs = offset * 60_000;
  const local = epochMs + offsetMs;
  const localDayStart = Math.floor(local / 86_400_000) * 86_400_000;
  const d = new Date(localDayStart);
  const year = d.getUTCFullYear();
  const y = year >= 1000 && year <= 9999 ? String(year) : String(year).padStart(4, '0');
  cachedPrefix = `${y}-${TWO[d.getUTCMonth() + 1]}-${TWO[d.getUTCDate()]}T`;
  cachedSuffix = offset === 120 ? '+02:00' : '+01:00';
  cachedLocalDayStart = localDayStart;
  // the stretch ends at the local day's end or at an offset change, whichever comes first
  let start = localDayStart - offsetMs;
  let end = start + 86_400_000;
  if (berlinOffsetMinutes(start) !== offset) start = epochMs - ((epochMs - start) % 3_600_000);
  if (berlinOffsetMinutes(end - 1) !== offset) {
    // an offset change inside the day: shrink to whole hours of the same offset around the instant
    let e = epochMs - (epochMs % 3_600_000) + 3_600_000;
    while (e < end && berlinOffsetMinutes(e) === offset) e += 3_600_000;
    end = e;
  }
  if (start > epochMs) start = epochMs;
  cachedDayStart = start;
  cachedDayEnd = end;
}

/**
 * Calendar days in legal time (Europe/Berlin) for range requests: midnight to midnight with the right
 * offset (23 h and 25 h on DST days), computed with Intl so the PC's own zone plays no part.
 */
import { LEGAL_TIME_ZONE } from './format';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LEGAL_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function wallClock(epochMs: number): string {
  const parts = Object.fromEntries(partsFormat.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** `YYYY-MM-DD` shifted by whole calendar days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Berlin midnight of a calendar day as ISO 8601 with its offset (`2025-03-30T00:00:00+01:00`). */
export function berlinMidnight(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  for (const offsetHours of [1, 2]) {
    const candidate = Date.UTC(y, m - 1, d) - offsetHours * 3_600_000;
    if (wallClock(candidate) === `${date}T00:00`) return `${date}T00:00:00+0${offsetHours}:00`;
  }
  throw new Error(`No Berlin midnight on ${date}`);
}

/** The day as a half-open range [from, to) for the engine. */
export function berlinDayRange(date: string): { from: string; to: string } {
  return { from: berlinMidnight(date), to: berlinMidnight(addDays(date, 1)) };
}

/** The Berlin calendar date of an ISO time that carries the Berlin offset. */
export function berlinDateOf(iso: string): string {
  return wallClock(Date.parse(iso)).slice(0, 10);
}

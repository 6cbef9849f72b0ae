/**
 * Calendar dates as the app's date fields write and read them, in the app's language rather than the
 * browser's (a native <input type="date"> follows the browser): de `15.06.2025`, en-GB `15/06/2025`, both day
 * first; ISO `2025-06-15` is accepted too. The month grid of the calendar starts on Monday (DIN / ISO 8601).
 */
import { addDays } from './berlin-day';
import { dateFormat } from './format';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_FIRST = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/;

function valid(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** The ISO date of a typed text, or null when it is no date (31.02.2025 is none). */
export function parseDateText(text: string): string | null {
  const s = text.trim();
  const iso = ISO.exec(s);
  if (iso) return valid(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayFirst = DAY_FIRST.exec(s);
  if (dayFirst) return valid(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1]));
  return null;
}

/** An ISO date as the app's language writes it (`15.06.2025`, `15/06/2025`). */
export function formatDateText(iso: string, intlLocale: string): string {
  if (!ISO.test(iso)) return '';
  return dateFormat(intlLocale, { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(`${iso}T00:00:00Z`));
}

export interface CalendarDay {
  date: string;
  day: number;
  /** Belongs to the month before or after the one shown. */
  outside: boolean;
}

/** The weeks (Monday first) that show the month of `iso`, with the neighbouring months' days filled in. */
export function monthGrid(iso: string): CalendarDay[][] {
  const month = iso.slice(0, 7);
  const first = `${month}-01`;
  const weekday = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7;
  let day = addDays(first, -weekday);
  const weeks: CalendarDay[][] = [];
  do {
    const week: CalendarDay[] = [];
    for (let i = 0; i < 7; i++) {
      week.push({ date: day, day: Number(day.slice(8)), outside: !day.startsWith(month) });
      day = addDays(day, 1);
    }
    weeks.push(week);
  } while (day.startsWith(month));
  return weeks;
}

/** The same day `months` months later (clamped to the month's last day). */
export function shiftMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
}

/** Weekday names Monday … Sunday in the app's language. */
export function weekdayNames(intlLocale: string, width: 'short' | 'long'): string[] {
  const f = dateFormat(intlLocale, { timeZone: 'UTC', weekday: width });
  return Array.from({ length: 7 }, (_, i) => f.format(new Date(Date.UTC(2024, 0, 1 + i))));
}

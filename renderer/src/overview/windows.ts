/**
 * The windows the overview compares, as Berlin calendar dates (half-open [from, to)): the latest month
 * against the same days a year earlier, and the last 12 months against the 12 before. Everything ends at
 * the Berlin midnight at or before the last reading plus one measuring period: a read-out whose last value
 * is the 23:45 quarter hour still counts its last day (the engine's total says what the day lacks), one that
 * ends at 13:45 compares whole days up to the day before.
 */
import { addDays, berlinDateOf, berlinMidnight } from '../berlin-day';

export interface DateWindow {
  /** `YYYY-MM-DD`, inclusive. */
  from: string;
  /** `YYYY-MM-DD`, exclusive. */
  to: string;
}

export interface OverviewWindows {
  month: DateWindow;
  /** The same calendar days one year earlier. */
  monthLastYear: DateWindow;
  /** True when `month` is a whole calendar month (else it runs from the 1st to the last whole day). */
  wholeMonth: boolean;
  last12: DateWindow;
  previous12: DateWindow;
}

/** `YYYY-MM-DD` shifted by whole months; the day is kept, or the month's last day where it does not exist. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, lastDay))).toISOString().slice(0, 10);
}

export function daysBetween(window: DateWindow): number {
  const ms = (date: string) => Date.parse(`${date}T00:00:00Z`);
  return Math.round((ms(window.to) - ms(window.from)) / 86_400_000);
}

/** The windows for a read-out whose last reading is `last` (ISO with offset) on a grid of `periodSeconds`. */
export function overviewWindows(last: string, periodSeconds = 0): OverviewWindows | null {
  const end = berlinDateOf(new Date(Date.parse(last) + periodSeconds * 1000).toISOString());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(end)) return null;
  const lastDay = addDays(end, -1);
  const monthStart = `${lastDay.slice(0, 7)}-01`;
  const wholeMonth = end === addMonths(monthStart, 1);
  const yearAgo = (date: string) => addMonths(date, -12);
  return {
    month: { from: monthStart, to: end },
    // A whole month is compared with the whole month (29 February has no twin; 1 March is the end).
    monthLastYear: { from: yearAgo(monthStart), to: wholeMonth ? yearAgo(end) : addDays(yearAgo(lastDay), 1) },
    wholeMonth,
    last12: { from: yearAgo(end), to: end },
    previous12: { from: addMonths(end, -24), to: yearAgo(end) },
  };
}

/** The window as ISO times for the engine (Berlin midnights with their offsets). */
export function isoRange(window: DateWindow): { from: string; to: string } {
  return { from: berlinMidnight(window.from), to: berlinMidnight(window.to) };
}

/** Relative change of `value` against `reference` (0.1 = +10 %); null when either is unknown or the reference is 0. */
export function relativeChange(value: number | null, reference: number | null): number | null {
  if (value === null || reference === null || reference === 0) return null;
  return (value - reference) / reference;
}

/** Energy per day over the span the register difference covers (its two capture times); null without it. */
export function averagePerDay(total: number | null, from: string | null, to: string | null): number | null {
  if (total === null || !from || !to) return null;
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  return days > 0 ? total / days : null;
}

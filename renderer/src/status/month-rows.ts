/**
 * The status calendar's rows: one per month, 31 day slots each, with every cell's text built once per
 * read-out and language. A key press in the grid then only moves the tab stop (see StatusMonthRow.vue):
 * re-running vue-i18n for 730 cells on every arrow key cost 30–110 ms per key.
 */
import type { DayLevel, DayStatusDto } from '../../../src/api/dto';
import { calendarDateOf, formatCalendarDate } from '../format';

/** The PTB status levels, best first: the legend's and the table's order. */
export const STATUS_LEVELS = ['ok', 'warning', 'temporary', 'critical', 'fatal'] as const satisfies readonly DayLevel[];

export interface StatusCell {
  date: string;
  level: DayLevel;
  /** Date, level, values of expected, gaps: the cell's accessible name and the first line of its pop-up. */
  label: string;
  /** Values per status level: the pop-up's second line. */
  counts: string;
}

export interface MonthRow {
  /** `YYYY-MM`, the first seven characters of its days' dates. */
  key: string;
  label: string;
  /** Index 0..30 → the cell of that day of the month, or null (no such day or no data). */
  cells: (StatusCell | null)[];
}

export function monthKeyOf(date: string): string {
  return date.slice(0, 7);
}

export function monthRows(
  days: readonly DayStatusDto[],
  monthLabel: (year: number, month: number) => string,
  cellOf: (day: DayStatusDto) => StatusCell,
): MonthRow[] {
  const rows = new Map<string, MonthRow>();
  for (const day of days) {
    const date = calendarDateOf(day.date);
    const key = monthKeyOf(day.date);
    let row = rows.get(key);
    if (!row) {
      row = { key, label: monthLabel(date.year, date.month), cells: new Array<StatusCell | null>(31).fill(null) };
      rows.set(key, row);
    }
    row.cells[date.day - 1] = cellOf(day);
  }
  return [...rows.values()];
}

/** The same day `months` months later (clamped to the month's last day): 31 January + 1 → 28/29 February. */
export function shiftMonth(date: string, months: number): string {
  const d = calendarDateOf(date);
  const first = new Date(Date.UTC(d.year, d.month - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d.day, last))).toISOString().slice(0, 10);
}

type CountField = 'values' | 'ok' | 'warning' | 'temporary' | 'critical' | 'fatal';

export function channelSum(day: DayStatusDto, field: CountField): number {
  return day.channels.reduce((total, channel) => total + channel[field], 0);
}

/** Values the day should have over all channels; null when a channel's measuring period is unknown. */
export function expectedValues(day: DayStatusDto): number | null {
  let total = 0;
  for (const channel of day.channels) {
    if (channel.expected === null) return null;
    total += channel.expected;
  }
  return total;
}

/** A status day's date as the calendar and the table show it, e.g. `Mo., 03.02.2025`. */
export function statusDateText(date: string, intlLocale: string): string {
  return formatCalendarDate(calendarDateOf(date), intlLocale, { weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric' });
}

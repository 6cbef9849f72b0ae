/** Labels of the overview's windows in the UI language (formatters built once per locale). */
import { addDays } from '../berlin-day';
import type { DateWindow } from './windows';

const cache = new Map<string, Intl.DateTimeFormat>();

function format(intlLocale: string, kind: 'month' | 'day'): Intl.DateTimeFormat {
  const key = `${intlLocale}|${kind}`;
  let f = cache.get(key);
  if (!f) {
    f =
      kind === 'month'
        ? new Intl.DateTimeFormat(intlLocale, { timeZone: 'UTC', month: 'long', year: 'numeric' })
        : new Intl.DateTimeFormat(intlLocale, { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });
    cache.set(key, f);
  }
  return f;
}

const utc = (date: string) => new Date(`${date}T00:00:00Z`);

/** "Dezember 2025" for a whole month, else "01.12.2025 – 14.12.2025" (the last day shown inclusive). */
export function windowLabel(window: DateWindow, intlLocale: string, wholeMonth: boolean): string {
  if (wholeMonth) return format(intlLocale, 'month').format(utc(window.from));
  const f = format(intlLocale, 'day');
  return `${f.format(utc(window.from))} – ${f.format(utc(addDays(window.to, -1)))}`;
}

/**
 * Numbers and times as the report prints them: German (1.234,5 · 04.11.2017 00:00) or English
 * (1,234.5 · 2017-11-04 00:00), always in legal time (Europe/Berlin) whatever the PC's zone. Written out
 * here rather than through Intl so that the text does not depend on the runtime's ICU data.
 */
import { berlinOffsetMinutes, berlinParts } from '../model/time/berlin';
import type { ReportLanguage } from './types';

export interface Formatter {
  lang: ReportLanguage;
  /** A number with exactly `decimals` decimal places and grouped thousands. */
  number(value: number, decimals: number): string;
  /** A signed number (+1,5 / −1,5 / 0). */
  signed(value: number, decimals: number): string;
  /** `04.11.2017 00:00` / `2017-11-04 00:00` (seconds when not zero). */
  dateTime(epochMs: number): string;
  /** `04.11.2017` / `2017-11-04` */
  date(epochMs: number): string;
  /** A `YYYY-MM-DD` day key as the language writes dates. */
  dayKey(key: string): string;
  /** Bytes as `4.155.251 Bytes (4,0 MB)`. */
  bytes(count: number): string;
  percent(value: number, decimals: number): string;
}

export function formatterFor(lang: ReportLanguage): Formatter {
  const decimalMark = lang === 'de' ? ',' : '.';
  const groupMark = lang === 'de' ? '.' : ',';
  const number = (value: number, decimals: number): string => {
    if (!Number.isFinite(value)) return '—';
    const negative = value < 0 && Math.abs(value) >= 0.5 * 10 ** -decimals;
    const fixed = Math.abs(value).toFixed(Math.max(0, Math.min(20, decimals)));
    const [whole, fraction] = fixed.split('.');
    const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, groupMark);
    return `${negative ? '−' : ''}${grouped}${fraction ? decimalMark + fraction : ''}`;
  };
  const date = (epochMs: number): string => {
    const p = berlinParts(epochMs);
    return lang === 'de' ? `${pad(p.day)}.${pad(p.month)}.${p.year}` : `${p.year}-${pad(p.month)}-${pad(p.day)}`;
  };
  return {
    lang,
    number,
    signed(value, decimals) {
      const text = number(value, decimals);
      return value > 0 && text.replace(/[0.,]/g, '') !== '' ? `+${text}` : text;
    },
    date,
    dateTime(epochMs) {
      const p = berlinParts(epochMs);
      const seconds = p.second ? `:${pad(p.second)}` : '';
      // The repeated autumn hour is ambiguous on the wall clock: name the zone then.
      const zone = isAmbiguousHour(epochMs) ? (berlinOffsetMinutes(epochMs) === 120 ? ' MESZ' : ' MEZ') : '';
      return `${date(epochMs)} ${pad(p.hour)}:${pad(p.minute)}${seconds}${lang === 'en' ? zone.replace('MESZ', 'CEST').replace('MEZ', 'CET') : zone}`;
    },
    dayKey(key) {
      const [y, m, d] = key.split('-');
      return lang === 'de' ? `${d}.${m}.${y}` : key;
    },
    bytes(count) {
      const unit = lang === 'de' ? 'Bytes' : 'bytes';
      if (count < 10_000) return `${number(count, 0)} ${unit}`;
      const mb = count / 1_000_000;
      return `${number(count, 0)} ${unit} (${mb >= 1 ? `${number(mb, 1)} MB` : `${number(count / 1000, 0)} kB`})`;
    },
    percent(value, decimals) {
      return `${number(value, decimals)} %`;
    },
  };
}

/** In the repeated autumn hour (02:00-03:00 twice) the wall clock alone does not name the instant. */
function isAmbiguousHour(epochMs: number): boolean {
  const hour = 3_600_000;
  const offset = berlinOffsetMinutes(epochMs);
  return offset === 120 ? berlinOffsetMinutes(epochMs + hour) === 60 : berlinOffsetMinutes(epochMs - hour) === 120;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

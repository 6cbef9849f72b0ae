/**
 * The one parser for dates and times that users and gateways give (CLI --from/--to, API requests, the
 * prices file, vendor adapters). A value without a zone is Europe/Berlin wall time, never the PC's zone.
 *
 * Accepted:
 * - `YYYY-MM-DD`, `DD.MM.YYYY` → Berlin midnight of that day;
 * - `YYYY-MM-DD[T| ]HH:MM[:SS[.fff]]`, `DD.MM.YYYY HH:MM[:SS]` → Berlin wall time;
 * - the same with `Z`, `±HH:MM` or `±HHMM` → that instant.
 * A wall time in the hour skipped in spring is an error; one in the hour repeated in autumn is ambiguous: by
 * default its first occurrence (CEST), or an error when the caller asks for `ambiguous: 'error'`.
 * Anything else is a `TimeParseError` naming the field and the value, in German and English.
 */
import { berlinOffsetMinutes } from './berlin';

export class TimeParseError extends Error {
  readonly code = 'INVALID_TIME';
  readonly de: string;
  readonly en: string;

  constructor(
    readonly field: string,
    readonly value: string,
    /** Why, without field and value (e.g. `has no valid month (13).`). */
    readonly reasonDe: string,
    readonly reasonEn: string,
  ) {
    super(`${field}: "${value}" ${reasonEn}`);
    this.name = 'TimeParseError';
    this.de = `${field}: „${value}“ ${reasonDe}`;
    this.en = this.message;
  }
}

export interface ParseTimeOptions {
  /** What the value is, for the error (e.g. `--from`, `prices.periods[0].from`). */
  field: string;
  /** Whether a value without a time of day is allowed (default true). */
  dateOnly?: boolean;
  /** Whether a value without a zone is allowed (default true: Berlin wall time). Gateways' protocols send zones. */
  zoneless?: boolean;
  /** The repeated autumn hour: `first` occurrence (CEST, default), `second` (CET) or `error`. */
  ambiguous?: 'first' | 'second' | 'error';
}

export interface ParsedTime {
  /** Epoch ms. */
  instant: number;
  /** `date`: a calendar day (its Berlin midnight); `wall`: a Berlin wall time; `zoned`: an instant with zone. */
  kind: 'date' | 'wall' | 'zoned';
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|z|[+-]\d{2}:?\d{2})?$/;
const GERMAN = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,? (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

const two = (n: number) => String(n).padStart(2, '0');

/** Epoch ms of the value, or a `TimeParseError` naming it. */
export function parseTime(value: unknown, options: ParseTimeOptions): number {
  return parseTimeDetailed(value, options).instant;
}

export function parseTimeDetailed(value: unknown, options: ParseTimeOptions): ParsedTime {
  const { field } = options;
  const text = typeof value === 'string' ? value.trim() : '';
  const shown = typeof value === 'string' ? value : String(value);
  const fail = (de: string, en: string): never => {
    throw new TimeParseError(field, shown, de, en);
  };
  if (typeof value === 'string' && text === '') fail('ist leer; erwartet wird ein Datum wie 2025-03-01 oder eine Zeit wie 2025-03-01T06:00.', 'is empty; expected a date like 2025-03-01 or a time like 2025-03-01T06:00.');
  let year: number, month: number, day: number, hour: number | undefined, minute: number, second: number, ms: number;
  let zone: string | undefined;
  const iso = ISO.exec(text);
  const german = iso ? null : GERMAN.exec(text);
  if (iso) {
    [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    hour = iso[4] === undefined ? undefined : Number(iso[4]);
    minute = Number(iso[5] ?? 0);
    second = Number(iso[6] ?? 0);
    ms = iso[7] ? Math.floor(Number(`0.${iso[7]}`) * 1000) : 0;
    zone = iso[8];
  } else if (german) {
    [day, month, year] = [Number(german[1]), Number(german[2]), Number(german[3])];
    hour = german[4] === undefined ? undefined : Number(german[4]);
    minute = Number(german[5] ?? 0);
    second = Number(german[6] ?? 0);
    ms = 0;
  } else {
    return fail(
      'ist kein Datum und keine Uhrzeit. Erlaubt: JJJJ-MM-TT, TT.MM.JJJJ, JJJJ-MM-TTThh:mm[:ss] (Berliner Zeit) oder mit Zone (Z, +01:00).',
      'is not a date or time. Allowed: YYYY-MM-DD, DD.MM.YYYY, YYYY-MM-DDThh:mm[:ss] (Berlin time) or with a zone (Z, +01:00).',
    );
  }
  if (month < 1 || month > 12) fail(`hat keinen gültigen Monat (${month}).`, `has no valid month (${month}).`);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) fail(`hat keinen gültigen Tag (${day}; der Monat hat ${daysInMonth} Tage).`, `has no valid day (${day}; the month has ${daysInMonth} days).`);
  if (hour !== undefined && (hour > 23 || minute > 59 || second > 59)) fail('hat keine gültige Uhrzeit (00:00:00 bis 23:59:59).', 'has no valid time of day (00:00:00 to 23:59:59).');
  if (hour === undefined && zone !== undefined) fail('hat eine Zone, aber keine Uhrzeit.', 'has a zone but no time of day.');
  if (hour === undefined && options.dateOnly === false) fail('ist nur ein Datum; erwartet wird auch eine Uhrzeit.', 'is a date only; a time of day is expected too.');
  if (zone !== undefined) {
    let offset = 0;
    if (zone !== 'Z' && zone !== 'z') {
      const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
      const hours = Number(m[2]);
      const minutes = Number(m[3]);
      if (hours > 14 || minutes > 59) fail(`hat keine gültige Zone (${zone}).`, `has no valid zone (${zone}).`);
      offset = (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
    }
    return { instant: Date.UTC(year, month - 1, day, hour!, minute, second, ms) - offset * 60_000, kind: 'zoned' };
  }
  if (options.zoneless === false) fail('hat keine Zeitzone (Z oder ±hh:mm).', 'has no time zone (Z or ±hh:mm).');
  const wall = Date.UTC(year, month - 1, day, hour ?? 0, minute, second, ms);
  // The instants whose Berlin wall clock shows this time: CEST (+02:00) first, then CET (+01:00).
  const candidates = [120, 60].map((o) => wall - o * 60_000).filter((t) => berlinOffsetMinutes(t) === (wall - t) / 60_000);
  const label = `${year}-${two(month)}-${two(day)} ${two(hour ?? 0)}:${two(minute)}`;
  if (candidates.length === 0) {
    fail(
      `liegt in der Stunde, die bei der Umstellung auf Sommerzeit übersprungen wird (${label} gibt es in Berlin nicht).`,
      `lies in the hour skipped at the change to summer time (${label} does not exist in Berlin).`,
    );
  }
  if (candidates.length === 2 && options.ambiguous === 'error') {
    fail(
      `liegt in der Stunde, die bei der Umstellung auf Winterzeit doppelt vorkommt; bitte mit Zone angeben (+02:00 oder +01:00).`,
      `lies in the hour repeated at the change to winter time; give it with a zone (+02:00 or +01:00).`,
    );
  }
  const instant = candidates.length === 2 && options.ambiguous === 'second' ? candidates[1]! : candidates[0]!;
  return { instant, kind: hour === undefined ? 'date' : 'wall' };
}

/** `parseTime`, or undefined where the value is none (for optional request parameters that fall back to a default). */
export function tryParseTime(value: unknown, options: ParseTimeOptions): number | undefined {
  try {
    return parseTime(value, options);
  } catch (error) {
    if (error instanceof TimeParseError) return undefined;
    throw error;
  }
}

/**
 * Shape checks for the JSON the Theben and EMH gateways send: what must be an object is one, list entries are
 * objects, scaler and unit are small integers. A field of another shape is a ProtocolError naming the answer
 * and the field, never a TypeError further on (found by the fuzz targets theben-json and emh-json).
 */
import { ProtocolError } from '../../errors';
import { integerValue } from './readings';

export type Json = Record<string, unknown>;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? `"${value.slice(0, 40)}"` : typeof value;
}

/** The value as a JSON object, or a ProtocolError naming `what`. */
export function jsonObject(value: unknown, what: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ProtocolError(`${what}: ${describe(value)} where an object belongs`);
  return value as Json;
}

/** The entries of a list field as objects; no list (absent, null) is an empty one, an entry that is not an object an error. */
export function jsonObjects(value: unknown, what: string): Json[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new ProtocolError(`${what}: ${describe(value)} where a list belongs`);
  return value.map((entry, i) => jsonObject(entry, `${what}[${i}]`));
}

/** An integer field within [min, max]; absent or null gives `fallback`. */
export function jsonInteger(value: unknown, what: string, range: { min: number; max: number; fallback: number }): number {
  if (value === undefined || value === null) return range.fallback;
  const n = integerValue(value, what);
  if (n < range.min || n > range.max) throw new ProtocolError(`${what}: ${n} lies outside ${range.min}…${range.max}`);
  return n;
}

/** Scaler (power of ten, a signed byte in DLMS) and DLMS unit (a byte) of a register. */
export const SCALER = { min: -128, max: 127, fallback: 0 } as const;
export const UNIT = { min: 0, max: 255, fallback: 30 } as const;

/**
 * The fields of a log entry that are numbers: the record number (what paging and an incremental sync go by)
 * must be a whole number ≥ 0 when present; a level or outcome that is no whole number is left out, as one of
 * another type always was.
 */
export function logNumbers(recordNumber: unknown, level: unknown, outcome: unknown, what: string): { recordNumber?: number; level?: number; outcome?: number } {
  const whole = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
  if (recordNumber !== undefined && recordNumber !== null && typeof recordNumber === 'number' && !(whole(recordNumber) && recordNumber >= 0)) {
    throw new ProtocolError(`${what}: record number ${recordNumber} is not a whole number ≥ 0`);
  }
  return {
    ...(whole(recordNumber) ? { recordNumber } : {}),
    ...(whole(level) ? { level } : {}),
    ...(whole(outcome) ? { outcome } : {}),
  };
}

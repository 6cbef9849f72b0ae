/**
 * The few model facts the analysis needs from a MeterReading: PTB status, target time, measurement period,
 * OBIS fields and whether a list is an original value list.
 *
 * These are small private versions of the rules in knowledge/02-ar2418-6.md. When the shared model helpers
 * (src/model/, issue 3) exist, this module delegates to them so that every part of the program reads a
 * reading the same way.
 */
import type { IntervalReading, MeterReading } from '../model/types';
import { berlinParts, berlinTime } from '../model/time/berlin';

/** PTB status of a reading: statusPTB wins, else the FNN status word mapped to PTB, else 0. */
export function ptbStatus(reading: IntervalReading): number {
  if (reading.statusPTB !== undefined) return reading.statusPTB;
  if (reading.statusFNN !== undefined) return fnnToPtb(reading.statusFNN);
  return 0;
}

const fnnCache = new Map<string, number>();

/** Maps the 16-hex-digit FNN status word to PTB 0..4 (LSB-first words, with the older MSB-first reading as fallback). */
export function fnnToPtb(statusFnn: string): number {
  let ptb = fnnCache.get(statusFnn);
  if (ptb === undefined) {
    ptb = computeFnnToPtb(statusFnn);
    fnnCache.set(statusFnn, ptb);
  }
  return ptb;
}

function reverseBits32(word: number): number {
  let r = 0;
  for (let i = 0; i < 32; i++) r = (r << 1) | ((word >>> i) & 1);
  return r >>> 0;
}

function computeFnnToPtb(hex: string): number {
  if (!/^[0-9a-fA-F]{16}$/.test(hex)) return 3;
  const rawGateway = parseInt(hex.slice(0, 8), 16) >>> 0;
  const rawMeter = parseInt(hex.slice(8, 16), 16) >>> 0;
  let gateway = reverseBits32(rawGateway);
  let meterReversed = true;
  // An older TRuDI wrote the words most-significant-bit first; the identification bits tell which reading applies.
  if ((gateway & 0x5) !== 0x5 && (rawGateway & 0x5) === 0x5) {
    gateway = rawGateway;
    meterReversed = false;
  }
  const omsMeterWord = (gateway & 0x20000) !== 0;
  const meter = omsMeterWord || !meterReversed ? rawMeter : reverseBits32(rawMeter);
  if ((gateway & 0x100) !== 0 || (!omsMeterWord && (meter & 0x20000) !== 0)) return 4;
  if ((gateway & 0x200) !== 0 || (gateway & 0x4000) !== 0) return 3;
  if (!omsMeterWord && ((meter & 0x200) !== 0 || (meter & 0x400) !== 0)) return 3;
  if ((gateway & 0x2000) !== 0) return 2;
  if ((gateway & 0x1000) !== 0) return 1;
  return 0;
}

export const STANDARD_PERIODS = [60, 120, 180, 240, 300, 600, 900, 1800, 2400, 3600, 5400, 7200, 10800, 14400, 21600, 28800, 43200, 86400, 2592000];

/** Snaps a measured spacing (seconds) to a standard measurement period within ±2 %, else undefined. */
export function snapPeriod(seconds: number): number | undefined {
  for (const p of STANDARD_PERIODS) if (Math.abs(seconds - p) <= p * 0.02) return p;
  return undefined;
}

/** Measurement period of a list in seconds: as stated, else the most frequent spacing of usable readings. */
export function measurementPeriodOf(meterReading: MeterReading): number | undefined {
  if (meterReading.readingType.measurementPeriod) return meterReading.readingType.measurementPeriod;
  const counts = new Map<number, number>();
  let previous: number | undefined;
  for (const block of meterReading.intervalBlocks) {
    for (const reading of block.readings) {
      if (ptbStatus(reading) >= 3) continue;
      const t = reading.targetTime ?? reading.captureTime;
      if (previous !== undefined && t > previous) {
        const spacing = Math.round((t - previous) / 1000);
        counts.set(spacing, (counts.get(spacing) ?? 0) + 1);
      }
      previous = t;
    }
  }
  let best: number | undefined;
  let bestCount = 0;
  for (const [spacing, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && spacing < best)) {
      best = spacing;
      bestCount = count;
    }
  }
  return best === undefined ? undefined : snapPeriod(best);
}

/**
 * Target time of a reading: as written, else the capture time aligned to the measurement period when it lies
 * within ±1 % of the period from a nominal time (periods of an hour and more are aligned in Berlin wall time).
 * Undefined when the capture time is too far from every nominal time.
 */
export function targetTimeOf(reading: IntervalReading, periodSeconds: number | undefined): number | undefined {
  if (reading.targetTime !== undefined) return reading.targetTime;
  const t = reading.captureTime;
  if (!periodSeconds) return t;
  const periodMs = periodSeconds * 1000;
  const tolerance = periodMs * 0.01;
  if (periodSeconds <= 3600) {
    const nominal = Math.round(t / periodMs) * periodMs;
    return Math.abs(nominal - t) <= tolerance ? nominal : undefined;
  }
  const p = berlinParts(t);
  const midnight = berlinTime(p.year, p.month, p.day);
  if (periodSeconds >= 86400) {
    const next = berlinTime(p.year, p.month, p.day + 1);
    if (t - midnight <= tolerance) return midnight;
    if (next - t <= tolerance) return next;
    return undefined;
  }
  const wallSeconds = p.hour * 3600 + p.minute * 60 + p.second;
  const slot = Math.round(wallSeconds / periodSeconds);
  const nominal = berlinTime(p.year, p.month, p.day, 0, 0, slot * periodSeconds);
  return Math.abs(nominal - t) <= tolerance ? nominal : undefined;
}

/** `<OBIS>.<X>.sm`: X equal to the meter id marks an original value list; otherwise X names the tariff (TAF). */
export function isOriginalValueList(meterReading: MeterReading): boolean {
  const x = logicalNameOwner(meterReading);
  return x !== undefined && x.toLowerCase() === meterReading.meterId.toLowerCase();
}

/** The X of `<OBIS>.<X>.sm`. */
export function logicalNameOwner(meterReading: MeterReading): string | undefined {
  const parts = meterReading.readingType.qualifiedLogicalName.split('.');
  return parts.length >= 3 ? parts.slice(1, -1).join('.') : undefined;
}

export interface ObisFields {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

export function obisFields(hex: string): ObisFields | undefined {
  if (!/^[0-9a-fA-F]{12}$/.test(hex)) return undefined;
  const n = (i: number) => parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return { a: n(0), b: n(1), c: n(2), d: n(3), e: n(4), f: n(5) };
}

/** `0100010801ff` → `1-0:1.8.1*255`. Unparseable codes are returned as written. */
export function formatObis(hex: string): string {
  const f = obisFields(hex);
  return f ? `${f.a}-${f.b}:${f.c}.${f.d}.${f.e}*${f.f}` : hex;
}

/** 12 hex digits (lower case) of A-B:C.D.E*F. */
export function obisHex(fields: ObisFields): string {
  return [fields.a, fields.b, fields.c, fields.d, fields.e, fields.f].map((n) => n.toString(16).padStart(2, '0')).join('');
}

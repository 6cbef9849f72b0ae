/**
 * A meter reading list prepared for analysis: readings sorted by target time in typed arrays, with the
 * PTB status of each. Built once per list; every analysis (series, status overview, TAF-1/2) reads it.
 */
import type { MeterReading, UsagePoint } from '../model/types';
import { SERVICE_KIND } from '../model/types';
import { formatObis, isOriginalValueList, logicalNameOwner, measurementPeriodOf, obisFields, ptbStatus, targetTimeOf } from './model-access';
import { displayUnit, registerUnit, type DisplayUnit } from './units';

export type Direction = 'import' | 'export' | 'other';

export interface Channel {
  meterReadingId: string;
  meterId: string;
  /** 12 hex digits, lower case. */
  obisHex: string;
  /** e.g. `1-0:1.8.0*255`. */
  obis: string;
  /** OBIS A (1 electricity, 7 gas, 8 water, 6 heat, …) and C (1 import, 2 export for electricity). */
  medium: number;
  registerC: number;
  direction: Direction;
  serviceCategory: number;
  /** Original value list (raw meter register readings) rather than registers derived by a TAF. */
  original: boolean;
  /** For derived lists: the tariff (TAF) id from the qualified logical name. */
  tafId?: string;
  uom: number;
  powerOfTenMultiplier: number;
  scaler: number;
  /** Unit of the raw register value times 10^scaler, e.g. `Wh`. */
  unit: string;
  display: DisplayUnit;
  /** Measurement period in seconds, stated or detected. */
  periodSeconds?: number;
  /** Gas days run 06:00-06:00. */
  gasDay: boolean;
  /** Target times (epoch ms), strictly ascending. */
  times: Float64Array;
  /** Raw register values. */
  values: Float64Array;
  /** PTB status 0..4. */
  status: Uint8Array;
  /** Readings left out because no target time could be aligned. */
  unaligned: number;
  /** Readings left out because another reading had the same target time (the better status is kept). */
  duplicates: number;
}

export function isUsableStatus(ptb: number): boolean {
  return ptb < 3;
}

function directionOf(medium: number, c: number): Direction {
  if (medium !== 1) return 'other';
  return c === 1 ? 'import' : c === 2 ? 'export' : 'other';
}

export function prepareChannel(meterReading: MeterReading, serviceCategory: number = SERVICE_KIND.electricity): Channel {
  const { readingType } = meterReading;
  const obisHex = readingType.obisCode.toLowerCase();
  const fields = obisFields(obisHex);
  const medium = fields?.a ?? 0;
  const registerC = fields?.c ?? 0;
  const periodSeconds = measurementPeriodOf(meterReading);
  const original = isOriginalValueList(meterReading);

  let count = 0;
  for (const block of meterReading.intervalBlocks) count += block.readings.length;
  let times = new Float64Array(count);
  let values = new Float64Array(count);
  let status = new Uint8Array(count);
  let n = 0;
  let unaligned = 0;
  let sorted = true;
  for (const block of meterReading.intervalBlocks) {
    for (const reading of block.readings) {
      const t = targetTimeOf(reading, periodSeconds);
      if (t === undefined) {
        unaligned++;
        continue;
      }
      if (n > 0 && t <= times[n - 1]!) sorted = false;
      times[n] = t;
      values[n] = reading.value;
      status[n] = ptbStatus(reading);
      n++;
    }
  }
  if (!sorted) {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => times[a]! - times[b]! || status[a]! - status[b]!);
    const t2 = new Float64Array(n);
    const v2 = new Float64Array(n);
    const s2 = new Uint8Array(n);
    order.forEach((from, to) => {
      t2[to] = times[from]!;
      v2[to] = values[from]!;
      s2[to] = status[from]!;
    });
    times = t2;
    values = v2;
    status = s2;
  }
  let duplicates = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (m > 0 && times[i] === times[m - 1]) {
      duplicates++;
      continue;
    }
    times[m] = times[i]!;
    values[m] = values[i]!;
    status[m] = status[i]!;
    m++;
  }
  const channel: Channel = {
    meterReadingId: meterReading.meterReadingId,
    meterId: meterReading.meterId,
    obisHex,
    obis: formatObis(obisHex),
    medium,
    registerC,
    direction: directionOf(medium, registerC),
    serviceCategory,
    original,
    uom: readingType.uom,
    powerOfTenMultiplier: readingType.powerOfTenMultiplier,
    scaler: readingType.scaler,
    unit: registerUnit(readingType.uom, readingType.powerOfTenMultiplier),
    display: displayUnit(readingType.uom, readingType.powerOfTenMultiplier, readingType.scaler),
    gasDay: medium === 7 || serviceCategory === SERVICE_KIND.gas,
    times: m === times.length ? times : times.slice(0, m),
    values: m === values.length ? values : values.slice(0, m),
    status: m === status.length ? status : status.slice(0, m),
    unaligned,
    duplicates,
  };
  if (periodSeconds !== undefined) channel.periodSeconds = periodSeconds;
  if (!original) {
    const tafId = logicalNameOwner(meterReading);
    if (tafId !== undefined) channel.tafId = tafId;
  }
  return channel;
}

export function prepareChannels(usagePoint: UsagePoint): Channel[] {
  return usagePoint.meterReadings.map((m) => prepareChannel(m, usagePoint.serviceCategory));
}

/** Index of the reading with exactly this target time, or -1. */
export function indexAt(channel: Channel, t: number): number {
  const { times } = channel;
  const n = times.length;
  if (n === 0) return -1;
  // Regular lists: guess the position from the period, then fall back to binary search.
  if (channel.periodSeconds) {
    const guess = Math.round((t - times[0]!) / (channel.periodSeconds * 1000));
    if (guess >= 0 && guess < n && times[guess] === t) return guess;
  }
  const i = lowerBound(times, t);
  return i < n && times[i] === t ? i : -1;
}

/** First index with times[i] >= t. */
export function lowerBound(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index with times[i] > t. */
export function upperBound(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

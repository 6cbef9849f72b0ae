/**
 * A meter reading list prepared for analysis: readings sorted by target time in typed arrays, with the
 * PTB status of each. Built once per list; every analysis (series, status overview, TAF-1/2) reads it.
 */
import type { IntervalReading, MeterReading, UsagePoint } from '../model/types';
import { SERVICE_KIND } from '../model/types';
import { TARGET_TIME_TOLERANCE, targetTimeOf } from '../model/target-time';
import { formatObis, isOriginalValueList, logicalNameOwner, measurementPeriodOf, obisFields, ptbStatus } from './model-access';
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
  /**
   * Capture times (epoch ms) as the gateway recorded them, parallel to `times`. Built on first read for a
   * list delivered in order (most analyses never read it); `captureAt` reads one without building it.
   */
  readonly captures: Float64Array;
  /** Position of each reading in the list as delivered (blocks in order), e.g. for its signature verdict; built on first read like `captures`. */
  readonly sources: Uint32Array;
  /** `captures[i]`, without building the column. */
  captureAt(i: number): number;
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

/** Builds the prepared channel of a list (uncached; use `prepareChannel`). */
export function buildChannel(meterReading: MeterReading, serviceCategory: number = SERVICE_KIND.electricity): Channel {
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
  // Positions in delivery order of readings left out for want of a target time (rare).
  const skipped: number[] = [];
  const { n, unaligned, sorted } = fillColumns(meterReading.intervalBlocks, periodSeconds, times, values, status, skipped);
  const readings = meterReading.intervalBlocks.map((b) => b.readings);
  // In delivery order, one each: capture times and positions follow from the readings when first read.
  const inOrder = sorted && unaligned === 0;
  let captures = inOrder ? undefined : capturesOf(readings, skipped, n);
  let sources = inOrder ? undefined : sourcesOf(skipped, n);
  if (!sorted) {
    const order = sortedOrder(times, status, n);
    const c = captures!;
    const o = sources!;
    const t2 = new Float64Array(n);
    const c2 = new Float64Array(n);
    const o2 = new Uint32Array(n);
    const v2 = new Float64Array(n);
    const s2 = new Uint8Array(n);
    for (let to = 0; to < n; to++) {
      const from = order[to]!;
      t2[to] = times[from]!;
      c2[to] = c[from]!;
      o2[to] = o[from]!;
      v2[to] = values[from]!;
      s2[to] = status[from]!;
    }
    times = t2;
    captures = c2;
    sources = o2;
    values = v2;
    status = s2;
  }
  let duplicates = 0;
  let m = n;
  // Strictly ascending target times (the usual case) have no duplicates: nothing to compact.
  if (!sorted) {
    const c = captures!;
    const o = sources!;
    m = 0;
    for (let i = 0; i < n; i++) {
      if (m > 0 && times[i] === times[m - 1]) {
        duplicates++;
        continue;
      }
      times[m] = times[i]!;
      c[m] = c[i]!;
      o[m] = o[i]!;
      values[m] = values[i]!;
      status[m] = status[i]!;
      m++;
    }
    captures = m === c.length ? c : c.slice(0, m);
    sources = m === o.length ? o : o.slice(0, m);
  }
  const channel: Channel = withDeliveryOrder(readings, skipped, m, captures, sources, {
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
  });
  if (periodSeconds !== undefined) channel.periodSeconds = periodSeconds;
  if (!original) {
    const tafId = logicalNameOwner(meterReading);
    if (tafId !== undefined) channel.tafId = tafId;
  }
  return channel;
}

interface Filled {
  /** Readings written to the columns. */
  n: number;
  unaligned: number;
  /** Target times strictly ascending as written. */
  sorted: boolean;
}

/**
 * The hot loop of buildChannel: target time, value and PTB status of every reading, in delivery order,
 * into the columns; the positions of readings without a target time into `skipped`. A function of its own
 * so that V8 optimises this loop soon after it starts (a loop inside a long function is compiled with
 * the whole function, later). The common cases (hour-dividing periods, repeated FNN words) are handled
 * inline with the same results as targetTimeOf / ptbStatus.
 */
function fillColumns(
  blocks: MeterReading['intervalBlocks'],
  periodSeconds: number | undefined,
  times: Float64Array,
  values: Float64Array,
  status: Uint8Array,
  skipped: number[],
): Filled {
  let ordinal = -1;
  let n = 0;
  let unaligned = 0;
  let sorted = true;
  const periodMs = periodSeconds !== undefined && 3600 % periodSeconds === 0 ? periodSeconds * 1000 : 0;
  const tolerance = periodMs * TARGET_TIME_TOLERANCE;
  // The last target time found by rounding to the period grid (a multiple of periodMs).
  let lastNominal = NaN;
  let lastFnn: string | undefined;
  let lastFnnPtb = 0;
  for (let b = 0; b < blocks.length; b++) {
    const readings = blocks[b]!.readings;
    for (let r = 0; r < readings.length; r++) {
      const reading = readings[r]!;
      ordinal++;
      const captureTime = reading.captureTime;
      const written = reading.targetTime;
      // `t` stays a plain number (a `number | undefined` would box every double); `aligned` says whether
      // it holds a target time.
      let t = 0;
      let aligned = true;
      if (written !== undefined) t = written;
      else if (periodMs > 0) {
        // Readings mostly follow each other at one period: try the slot after the previous one before
        // rounding (the same slot: the tolerance is far below half a period).
        const next = lastNominal + periodMs;
        if (Math.abs(captureTime - next) <= tolerance) t = lastNominal = next;
        else {
          const nominal = Math.round(captureTime / periodMs) * periodMs;
          if (Math.abs(captureTime - nominal) <= tolerance) t = lastNominal = nominal;
          else aligned = false;
        }
      } else if (periodSeconds === undefined) {
        // A list without a recognisable period (a few irregular readings) keeps its capture times.
        t = captureTime;
      } else {
        const target = targetTimeOf(reading, periodSeconds);
        if (target === undefined) aligned = false;
        else t = target;
      }
      if (!aligned) {
        unaligned++;
        skipped.push(ordinal);
        continue;
      }
      if (n > 0 && t <= times[n - 1]!) sorted = false;
      times[n] = t;
      values[n] = reading.value;
      const p = reading.statusPTB;
      if (p !== undefined && p >= 0 && p <= 4) status[n] = p;
      else if (reading.statusFNN !== undefined && reading.statusFNN === lastFnn) status[n] = lastFnnPtb;
      else {
        status[n] = ptbStatus(reading);
        if (reading.statusFNN !== undefined) {
          lastFnn = reading.statusFNN;
          lastFnnPtb = status[n]!;
        }
      }
      n++;
    }
  }
  return { n, unaligned, sorted };
}

/** Positions 0 … n−1 ordered by target time, of equal times the better (lower) status first. */
function sortedOrder(times: Float64Array, status: Uint8Array, n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => times[a]! - times[b]! || status[a]! - status[b]!);
}

/** What a channel's delivery-order columns are built from, and the columns once built. */
interface DeliveryOrder {
  readings: readonly (readonly IntervalReading[])[];
  skipped: readonly number[];
  n: number;
  captures: Float64Array | undefined;
  sources: Uint32Array | undefined;
}

const DELIVERY_ORDER = Symbol('delivery order');

type LazyChannel = Channel & { readonly [DELIVERY_ORDER]: DeliveryOrder };

// One getter of each for all channels, reading the channel's own state. A getter created per channel would
// be held by the channel's accessor pair, which V8 allocates in the old generation, so that the getter's
// closure and every column it captured outlived the dropped channel until a full collection: with the
// getters created in buildChannel's scope, all columns of every dropped channel (300 cold preparations of
// the bench data caused 11 full GCs, "external memory pressure"), with getters in a helper still the
// capture-time and source columns of lists delivered out of order. channel.memory.test.ts checks this.
function capturesColumn(this: LazyChannel): Float64Array {
  const d = this[DELIVERY_ORDER];
  return (d.captures ??= capturesOf(d.readings, d.skipped, d.n));
}

function sourcesColumn(this: LazyChannel): Uint32Array {
  const d = this[DELIVERY_ORDER];
  return (d.sources ??= sourcesOf(d.skipped, d.n));
}

function captureAt(this: LazyChannel, i: number): number {
  const d = this[DELIVERY_ORDER];
  return d.captures ? d.captures[i]! : readingAt(d.readings, i).captureTime;
}

/** `fields` with the delivery-order columns (`captures`, `sources`) built on first read. */
function withDeliveryOrder(
  readings: readonly (readonly IntervalReading[])[],
  skipped: readonly number[],
  n: number,
  captures: Float64Array | undefined,
  sources: Uint32Array | undefined,
  fields: Omit<Channel, 'captures' | 'sources' | 'captureAt'>,
): Channel {
  const state: DeliveryOrder = { readings, skipped, n, captures, sources };
  return Object.defineProperties(fields as LazyChannel, {
    [DELIVERY_ORDER]: { value: state },
    captures: { get: capturesColumn, enumerable: true, configurable: true },
    sources: { get: sourcesColumn, enumerable: true, configurable: true },
    captureAt: { value: captureAt, enumerable: true, configurable: true, writable: true },
  });
}

/** Capture times of the readings in delivery order, leaving out the positions in `skipped` (ascending). */
function capturesOf(readings: readonly (readonly IntervalReading[])[], skipped: readonly number[], n: number): Float64Array {
  const captures = new Float64Array(n);
  let ordinal = 0;
  let k = 0;
  let i = 0;
  for (const block of readings) {
    for (const reading of block) {
      if (k < skipped.length && skipped[k] === ordinal++) k++;
      else captures[i++] = reading.captureTime;
    }
  }
  return captures;
}

/** Positions 0, 1, … in delivery order, leaving out those in `skipped` (ascending). */
function sourcesOf(skipped: readonly number[], n: number): Uint32Array {
  const sources = new Uint32Array(n);
  let ordinal = 0;
  let k = 0;
  for (let i = 0; i < n; ordinal++) {
    if (k < skipped.length && skipped[k] === ordinal) k++;
    else sources[i++] = ordinal;
  }
  return sources;
}

/** The reading at position `i` in delivery order. */
function readingAt(readings: readonly (readonly IntervalReading[])[], i: number): IntervalReading {
  for (const block of readings) {
    if (i < block.length) return block[i]!;
    i -= block.length;
  }
  throw new RangeError(`no reading at position ${i}`);
}

interface CacheEntry {
  channel: Channel;
  serviceCategory: number;
  blocks: readonly unknown[];
  count: number;
  first: unknown;
  last: unknown;
}

let cache = new WeakMap<MeterReading, CacheEntry>();

/** Cheap identity check: the same blocks, reading arrays and end readings as when the channel was prepared. */
function fingerprint(meterReading: MeterReading): Omit<CacheEntry, 'channel' | 'serviceCategory'> {
  let count = 0;
  for (const block of meterReading.intervalBlocks) count += block.readings.length;
  const blocks = meterReading.intervalBlocks.map((b) => b.readings);
  const firstBlock = meterReading.intervalBlocks[0];
  const lastBlock = meterReading.intervalBlocks[meterReading.intervalBlocks.length - 1];
  return { blocks, count, first: firstBlock?.readings[0], last: lastBlock?.readings[lastBlock.readings.length - 1] };
}

/**
 * The prepared channel of a meter reading list, cached per list: a read-out is analysed many times
 * (series, status, bill check), and documents are not changed after reading. A list whose blocks or
 * end readings were replaced is prepared again.
 */
export function prepareChannel(meterReading: MeterReading, serviceCategory: number = SERVICE_KIND.electricity): Channel {
  const entry = cache.get(meterReading);
  const now = fingerprint(meterReading);
  if (
    entry &&
    entry.serviceCategory === serviceCategory &&
    entry.count === now.count &&
    entry.first === now.first &&
    entry.last === now.last &&
    entry.blocks.length === now.blocks.length &&
    entry.blocks.every((b, i) => b === now.blocks[i])
  ) {
    return entry.channel;
  }
  const channel = buildChannel(meterReading, serviceCategory);
  cache.set(meterReading, { channel, serviceCategory, ...now });
  return channel;
}

/** Drops every cached channel (benchmarks measure preparation with it). */
export function forgetPreparedChannels(): void {
  cache = new WeakMap();
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

/** First index with times[i] > t (within [lo, hi), else hi). */
export function upperBound(times: Float64Array, t: number, lo = 0, hi = times.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

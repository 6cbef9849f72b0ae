/**
 * Load-profile series over any range for the chart: points packed as {x: epoch ms, y} (Chart.js with
 * `parsing: false`), energy per interval (kWh) or mean power (kW = kWh · 3600 / period), import, export or
 * net (import − export at the same target time), from the engine's columns (`getLoadProfileColumns`). Gaps
 * are points with y = null so the line breaks; values with a bad PTB status (≥ 2) are listed apart so the
 * chart can mark them. `directionSlots` is shared with the heat map.
 */
import type { LoadProfileColumns } from '../../../src/api/dto';

export type ProfileUnit = 'kWh' | 'kW';
export type ProfileDirection = 'import' | 'export' | 'net';

/** The columns of a contract's import and export channel (either may be absent). */
export interface ProfilePair {
  import?: LoadProfileColumns | null;
  export?: LoadProfileColumns | null;
}

export interface XY {
  x: number;
  y: number | null;
}

export interface PackedSeries {
  points: XY[];
  /** Values with PTB status ≥ 2 (temporary, critical, fatal error, no status). */
  bad: XY[];
  gaps: number;
  values: number;
}

/** A value with PTB status 2 (temporary), 3 (critical), 4 (fatal error) or 5 (no status, not usable). */
export function isBadStatus(ptb: number): boolean {
  return ptb >= 2;
}

/**
 * One direction's readings in time order, one entry per target time (epoch ms): the energy of the interval
 * ending there (display unit; NaN: a gap, i.e. no reading or no usable energy) and its PTB status. Typed
 * arrays, built in one merge pass: the heat map places 70,000 of them per quantity.
 */
export interface SlotColumns {
  times: Float64Array;
  delta: Float64Array;
  ptb: Uint8Array;
}

/** PTB status of a nominal time without a reading. */
const GAP_PTB = 4;

/** The readings and the gaps of one channel merged by time; a gap wins over a reading at the same time. */
function slotColumnsOf(c: LoadProfileColumns): SlotColumns {
  const gaps = c.gaps.every((g, i) => i === 0 || c.gaps[i - 1]! <= g) ? c.gaps : [...c.gaps].sort((x, y) => x - y);
  const size = c.times.length + gaps.length;
  const times = new Float64Array(size);
  const delta = new Float64Array(size);
  const ptb = new Uint8Array(size);
  let k = 0;
  const put = (t: number, d: number, p: number) => {
    if (k > 0 && times[k - 1] === t) k--; // the same time twice: the later entry stands
    times[k] = t;
    delta[k] = d;
    ptb[k] = p;
    k++;
  };
  let i = 0;
  let j = 0;
  while (i < c.times.length || j < gaps.length) {
    if (j < gaps.length && (i >= c.times.length || gaps[j]! <= c.times[i]!)) {
      const t = gaps[j++]!;
      while (i < c.times.length && c.times[i] === t) i++;
      put(t, Number.NaN, GAP_PTB);
    } else {
      put(c.times[i]!, c.deltas[i] ?? Number.NaN, c.ptb[i]!);
      i++;
    }
  }
  return { times: times.subarray(0, k), delta: delta.subarray(0, k), ptb: ptb.subarray(0, k) };
}

/** Net import − export over the union of both time lines: a gap where either is missing, the worse status. */
function netSlots(a: SlotColumns, b: SlotColumns): SlotColumns {
  const size = a.times.length + b.times.length;
  const times = new Float64Array(size);
  const delta = new Float64Array(size);
  const ptb = new Uint8Array(size);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.times.length || j < b.times.length) {
    const ta = i < a.times.length ? a.times[i]! : Infinity;
    const tb = j < b.times.length ? b.times[j]! : Infinity;
    if (ta === tb) {
      times[k] = ta;
      delta[k] = a.delta[i]! - b.delta[j]!; // NaN when either is a gap
      ptb[k] = Math.max(a.ptb[i]!, b.ptb[j]!);
      i++;
      j++;
    } else {
      times[k] = Math.min(ta, tb);
      delta[k] = Number.NaN;
      ptb[k] = GAP_PTB;
      if (ta < tb) i++;
      else j++;
    }
    k++;
  }
  return { times: times.subarray(0, k), delta: delta.subarray(0, k), ptb: ptb.subarray(0, k) };
}

/**
 * The slots of one direction, or for net import − export (a gap where either is missing, the worse status
 * of both); null where the direction has no channel.
 */
export function directionSlots(pair: ProfilePair, direction: ProfileDirection): SlotColumns | null {
  if (direction !== 'net') {
    const c = pair[direction];
    return c ? slotColumnsOf(c) : null;
  }
  if (!pair.import || !pair.export) return null;
  return netSlots(slotColumnsOf(pair.import), slotColumnsOf(pair.export));
}

/** Packs one direction (or the net of two) for the chart. */
export function packSeries(pair: ProfilePair, direction: ProfileDirection, unit: ProfileUnit): PackedSeries {
  const slots = directionSlots(pair, direction);
  if (!slots) return { points: [], bad: [], gaps: 0, values: 0 };
  const period = (pair.import ?? pair.export)?.periodSeconds ?? null;
  const f = unit === 'kWh' ? 1 : period ? 3600 / period : Number.NaN;
  const { times, delta, ptb } = slots;
  const points: XY[] = new Array<XY>(times.length);
  const bad: XY[] = [];
  let gaps = 0;
  for (let i = 0; i < times.length; i++) {
    const x = times[i]!;
    const d = delta[i]!;
    const y = Number.isNaN(d) ? null : Math.round(d * f * 1e6) / 1e6;
    points[i] = { x, y };
    if (y === null) gaps++;
    else if (isBadStatus(ptb[i]!)) bad.push({ x, y });
  }
  return { points, bad, gaps, values: times.length - gaps };
}

/** How many points lie in [min, max] (binary search; the points are in time order). */
export function countInRange(points: readonly XY[], min: number, max: number): number {
  return indexRange(points, min, max).count;
}

/** The sum of the known values in [min, max]. */
export function sumInRange(points: readonly XY[], min: number, max: number): number {
  const { start, count } = indexRange(points, min, max);
  let sum = 0;
  for (let i = start; i < start + count; i++) sum += points[i]!.y ?? 0;
  return sum;
}

function indexRange(points: readonly XY[], min: number, max: number): { start: number; count: number } {
  const lower = (v: number) => {
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (points[mid]!.x < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const upper = (v: number) => {
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (points[mid]!.x <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const start = lower(min);
  return { start, count: Math.max(0, upper(max) - start) };
}

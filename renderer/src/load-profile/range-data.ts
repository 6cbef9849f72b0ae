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

export interface Slot {
  /** Energy of the interval ending at the target time (display unit); null: a gap. */
  delta: number | null;
  ptb: number;
}

function slotsOf(c: LoadProfileColumns): Map<number, Slot> {
  const map = new Map<number, Slot>();
  for (let i = 0; i < c.times.length; i++) map.set(c.times[i]!, { delta: c.deltas[i] ?? null, ptb: c.ptb[i]! });
  for (const g of c.gaps) map.set(g, { delta: null, ptb: 4 });
  return map;
}

/**
 * Per target time (epoch ms) the energy and status of one direction, or for net import − export (a gap
 * where either is missing, the worse status of both); null where the direction has no channel.
 */
export function directionSlots(pair: ProfilePair, direction: ProfileDirection): Map<number, Slot> | null {
  if (direction !== 'net') {
    const c = pair[direction];
    return c ? slotsOf(c) : null;
  }
  if (!pair.import || !pair.export) return null;
  const a = slotsOf(pair.import);
  const b = slotsOf(pair.export);
  const net = new Map<number, Slot>();
  for (const t of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(t);
    const y = b.get(t);
    if (!x || !y) net.set(t, { delta: null, ptb: 4 });
    else net.set(t, { delta: x.delta === null || y.delta === null ? null : x.delta - y.delta, ptb: Math.max(x.ptb, y.ptb) });
  }
  return net;
}

/** Packs one direction (or the net of two) for the chart. */
export function packSeries(pair: ProfilePair, direction: ProfileDirection, unit: ProfileUnit): PackedSeries {
  const slots = directionSlots(pair, direction);
  if (!slots) return { points: [], bad: [], gaps: 0, values: 0 };
  const period = (pair.import ?? pair.export)?.periodSeconds ?? null;
  const f = unit === 'kWh' ? 1 : period ? 3600 / period : Number.NaN;
  const times = [...slots.keys()].sort((a, b) => a - b);
  const points: XY[] = new Array<XY>(times.length);
  const bad: XY[] = [];
  let gaps = 0;
  for (let i = 0; i < times.length; i++) {
    const x = times[i]!;
    const s = slots.get(x)!;
    const y = s.delta === null ? null : Math.round(s.delta * f * 1e6) / 1e6;
    points[i] = { x, y };
    if (y === null) gaps++;
    else if (isBadStatus(s.ptb)) bad.push({ x, y });
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

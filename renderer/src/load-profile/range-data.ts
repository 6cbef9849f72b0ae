/**
 * Load-profile series over any range for the chart: points packed as {x: epoch ms, y} (Chart.js with
 * `parsing: false`), energy per interval (kWh) or mean power (kW = kWh · 3600 / period), import, export or
 * net (import − export at the same target time). Gaps are points with y = null so the line breaks; values
 * with a bad PTB status (≥ 2) are listed apart so the chart can mark them.
 */
import type { LoadProfile } from '../../../src/api/dto';
import { addDays, berlinMidnight } from '../berlin-day';

export type ProfileUnit = 'kWh' | 'kW';
export type ProfileDirection = 'import' | 'export' | 'net';

export interface XY {
  x: number;
  y: number | null;
}

export interface PackedSeries {
  points: XY[];
  /** Values with PTB status ≥ 2 (temporary, critical, fatal error). */
  bad: XY[];
  gaps: number;
  values: number;
}

/** The range split into chunks of at most `days` Berlin days (the engine answers ≤ 3,000 values per call). */
export function dayChunks(fromDate: string, toDate: string, days = 30): { from: string; to: string }[] {
  const chunks: { from: string; to: string }[] = [];
  for (let start = fromDate; start < toDate; ) {
    const next = addDays(start, days);
    const end = next < toDate ? next : toDate;
    chunks.push({ from: berlinMidnight(start), to: berlinMidnight(end) });
    start = end;
  }
  return chunks;
}

/** Joins the chunks of one channel into one profile (in time order). */
export function joinProfiles(parts: readonly LoadProfile[]): LoadProfile | null {
  if (parts.length === 0) return null;
  const first = parts[0]!;
  return { ...first, points: parts.flatMap((p) => p.points), gaps: parts.flatMap((p) => p.gaps) };
}

function factor(unit: ProfileUnit, periodSeconds: number | null): number {
  if (unit === 'kWh') return 1;
  return periodSeconds ? 3600 / periodSeconds : Number.NaN;
}

interface Slot {
  delta: number | null;
  ptb: number;
}

function slots(profile: LoadProfile): Map<number, Slot> {
  const map = new Map<number, Slot>();
  for (const p of profile.points) map.set(Date.parse(p.time), { delta: p.delta, ptb: p.ptb });
  for (const g of profile.gaps) map.set(Date.parse(g), { delta: null, ptb: 4 });
  return map;
}

/** Packs one direction (or the net of two) for the chart. */
export function packSeries(
  profiles: { import?: LoadProfile | null; export?: LoadProfile | null },
  direction: ProfileDirection,
  unit: ProfileUnit,
): PackedSeries {
  const imp = profiles.import ? slots(profiles.import) : null;
  const exp = profiles.export ? slots(profiles.export) : null;
  const period = (profiles.import ?? profiles.export)?.periodSeconds ?? null;
  const f = factor(unit, period);
  let times: number[];
  let value: (t: number) => Slot | undefined;
  if (direction === 'net') {
    if (!imp || !exp) return { points: [], bad: [], gaps: 0, values: 0 };
    times = [...new Set([...imp.keys(), ...exp.keys()])];
    value = (t) => {
      const a = imp.get(t);
      const b = exp.get(t);
      if (!a || !b) return { delta: null, ptb: 4 };
      return { delta: a.delta === null || b.delta === null ? null : a.delta - b.delta, ptb: Math.max(a.ptb, b.ptb) };
    };
  } else {
    const map = direction === 'import' ? imp : exp;
    if (!map) return { points: [], bad: [], gaps: 0, values: 0 };
    times = [...map.keys()];
    value = (t) => map.get(t);
  }
  times.sort((a, b) => a - b);
  const points: XY[] = new Array<XY>(times.length);
  const bad: XY[] = [];
  let gaps = 0;
  for (let i = 0; i < times.length; i++) {
    const x = times[i]!;
    const s = value(x);
    const y = s?.delta === null || s?.delta === undefined ? null : Math.round(s.delta * f * 1e6) / 1e6;
    points[i] = { x, y };
    if (y === null) gaps++;
    else if (s!.ptb >= 2) bad.push({ x, y });
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

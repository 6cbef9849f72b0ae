/**
 * Day/week/month/year energy per direction from register readings: value at the period's end boundary
 * minus value at its start boundary (exact target times in Europe/Berlin). A period whose boundary
 * reading is missing is reported as null with the reason, never interpolated.
 */
import type { Resolution, SeriesPoint } from '../api/dto';
import { berlinParts, berlinTime, formatBerlinIso } from '../model/time/berlin';

export interface RegisterSeries {
  /** Target times (epoch ms), ascending. */
  times: ArrayLike<number>;
  /** Register values in kWh, same length. */
  kwh: ArrayLike<number>;
}

/** Period boundaries covering [first, last] for the resolution, in Berlin legal time. */
export function periodBoundaries(first: number, last: number, resolution: Resolution): number[] {
  const p = berlinParts(first);
  let cursor: number;
  switch (resolution) {
    case 'day':
      cursor = berlinTime(p.year, p.month, p.day);
      break;
    case 'week':
      cursor = berlinTime(p.year, p.month, p.day - ((p.weekday + 6) % 7));
      break;
    case 'month':
      cursor = berlinTime(p.year, p.month, 1);
      break;
    case 'year':
      cursor = berlinTime(p.year, 1, 1);
      break;
  }
  const boundaries = [cursor];
  while (cursor < last) {
    const c = berlinParts(cursor);
    if (resolution === 'day') cursor = berlinTime(c.year, c.month, c.day + 1);
    else if (resolution === 'week') cursor = berlinTime(c.year, c.month, c.day + 7);
    else if (resolution === 'month') cursor = berlinTime(c.year, c.month + 1, 1);
    else cursor = berlinTime(c.year + 1, 1, 1);
    boundaries.push(cursor);
  }
  return boundaries;
}

function indexByTime(series: RegisterSeries | undefined): Map<number, number> {
  const map = new Map<number, number>();
  if (!series) return map;
  for (let i = 0; i < series.times.length; i++) map.set(series.times[i]!, series.kwh[i]!);
  return map;
}

export function energySeries(
  importSeries: RegisterSeries | undefined,
  exportSeries: RegisterSeries | undefined,
  resolution: Resolution,
): SeriesPoint[] {
  const all = [importSeries, exportSeries].filter((s): s is RegisterSeries => !!s && s.times.length > 0);
  if (all.length === 0) return [];
  const first = Math.min(...all.map((s) => s.times[0]!));
  const last = Math.max(...all.map((s) => s.times[s.times.length - 1]!));
  const boundaries = periodBoundaries(first, last, resolution);
  const imports = indexByTime(importSeries);
  const exports = indexByTime(exportSeries);
  const points: SeriesPoint[] = [];
  for (let i = 0; i + 1 < boundaries.length; i++) {
    const start = boundaries[i]!;
    const end = boundaries[i + 1]!;
    const importValue = difference(imports, start, end, !!importSeries);
    const exportValue = difference(exports, start, end, !!exportSeries);
    const point: SeriesPoint = { start: formatBerlinIso(start), import: importValue.kwh, export: exportValue.kwh };
    const reason = importValue.reason ?? exportValue.reason;
    if (reason) point.incompleteReason = reason;
    points.push(point);
  }
  return points;
}

function difference(values: Map<number, number>, start: number, end: number, present: boolean): { kwh: number | null; reason?: string } {
  if (!present) return { kwh: null };
  const a = values.get(start);
  const b = values.get(end);
  if (a === undefined || b === undefined) {
    const missing = a === undefined ? start : end;
    return { kwh: null, reason: `no reading at ${formatBerlinIso(missing)}` };
  }
  return { kwh: Math.round((b - a) * 1000) / 1000 };
}

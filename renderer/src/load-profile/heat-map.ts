/**
 * The heat map's grid: one row per Berlin calendar day of the range, one column per measuring interval of the
 * wall clock (96 quarter hours), the mean power in kW of each cell for import, export or net (import −
 * export at the same target time). A reading's target time ends its interval, so the reading at 00:15 fills
 * the 00:00 cell and the one at midnight the last cell of the day before. DST: on the 23-hour day the
 * 02:00–02:45 cells do not exist (they stay empty, never "gap"); on the 25-hour day the repeated hour's two
 * intervals share the 02:00–02:45 cells, which then show their mean power and say so (`count` 2).
 * Gaps (no reading, or no usable energy) and values with a bad PTB status (≥ 2, `isBadStatus`) are cell kinds
 * of their own.
 */
import { addDays, berlinDateOf, berlinMidnight } from '../berlin-day';
import { directionSlots, isBadStatus, type ProfileDirection, type ProfilePair, type SlotColumns } from './range-data';

export type HeatDirection = ProfileDirection;

/** Cell kinds, in rising precedence when two intervals share a cell. */
export const CELL_EMPTY = 0;
export const CELL_VALUE = 1;
export const CELL_BAD = 2;
export const CELL_GAP = 3;

export interface HeatGrid {
  /** Berlin calendar dates (YYYY-MM-DD), one per row, ascending. */
  days: string[];
  /** Cells per row (86,400 s / period). */
  columns: number;
  periodSeconds: number;
  /** Mean power in kW per cell (row-major); NaN where the cell has no known value. */
  kw: Float64Array;
  kind: Uint8Array;
  /** Intervals that fell into the cell (2 in the repeated hour of the 25-hour day). */
  count: Uint8Array;
  /** Highest PTB status in the cell (5 = no status). */
  ptb: Uint8Array;
  values: number;
  gaps: number;
  bad: number;
  /** Lowest and highest cell power (kW); 0 and 0 without any value. */
  min: number;
  max: number;
  /** The cell with the highest power, or null. */
  peak: { row: number; column: number } | null;
}

/** The columns of the contract's import and export channel. */
export type HeatSource = ProfilePair;

/** The Berlin calendar days whose midnights lie in [from, to). */
export function daysOf(from: number, to: number): string[] {
  const days: string[] = [];
  let day = berlinDateOf(new Date(from).toISOString());
  if (Date.parse(berlinMidnight(day)) < from) day = addDays(day, 1);
  for (; Date.parse(berlinMidnight(day)) < to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** One direction's slots with the grid cell each one falls into (-1: outside the grid or a skipped DST hour). */
interface PlacedSlots extends SlotColumns {
  cell: Int32Array;
}

/**
 * The part of the heat map that does not depend on the quantity shown: the days, and for import, export and
 * net the cell of every reading. Built once per read-out; a change of quantity then only sums typed arrays
 * into cells (`heatGrid`) instead of rebuilding maps of 70,000 readings.
 */
export interface HeatPlacement {
  days: string[];
  columns: number;
  periodSeconds: number;
  slots: Partial<Record<HeatDirection, PlacedSlots>>;
}

export function placeHeatSource(source: HeatSource): HeatPlacement | null {
  const columnsOf = source.import ?? source.export;
  const period = columnsOf?.periodSeconds ?? null;
  if (!columnsOf || !period || period > 86_400 || 86_400 % period !== 0) return null;
  const columns = 86_400 / period;
  const days = daysOf(columnsOf.from, columnsOf.to);
  if (days.length === 0) return null;
  const midnights = [...days, addDays(days.at(-1)!, 1)].map((d) => Date.parse(berlinMidnight(d)));
  const slots: HeatPlacement['slots'] = {};
  for (const direction of ['import', 'export', 'net'] as const) {
    const s = directionSlots(source, direction);
    if (s) slots[direction] = { ...s, cell: cellsOf(s.times, days, midnights, period) };
  }
  return { days, columns, periodSeconds: period, slots };
}

/** The cell (row × columns + column) of each target time, in one walk over the ascending times. */
function cellsOf(times: Float64Array, days: readonly string[], midnights: readonly number[], period: number): Int32Array {
  const periodMs = period * 1000;
  const columns = 86_400 / period;
  const cell = new Int32Array(times.length).fill(-1);
  let row = 0;
  for (let k = 0; k < times.length; k++) {
    const start = times[k]! - periodMs;
    if (start < (midnights[0] ?? Infinity)) continue;
    while (row < days.length && midnights[row + 1]! <= start) row++;
    if (row >= days.length) break;
    const midnight = midnights[row]!;
    const elapsed = Math.floor((start - midnight) / periodMs);
    // The wall clock jumps at 01:00 UTC on the DST days: shift the intervals after it to their clock cell.
    const shift = (midnights[row + 1]! - midnight - 86_400_000) / periodMs;
    let column = elapsed;
    if (shift !== 0) {
      const [y, m, d] = days[row]!.split('-').map(Number) as [number, number, number];
      const switchSlot = (Date.UTC(y, m - 1, d, 1) - midnight) / periodMs;
      if (elapsed >= switchSlot) column = elapsed - shift;
    }
    if (column >= 0 && column < columns) cell[k] = row * columns + column;
  }
  return cell;
}

/** The grid of one quantity from the placed readings; null where the read-out has no such quantity. */
export function heatGrid(placement: HeatPlacement, direction: HeatDirection): HeatGrid | null {
  const placed = placement.slots[direction];
  if (!placed) return null;
  const { days, columns, periodSeconds: period } = placement;
  const cells = days.length * columns;
  const sum = new Float64Array(cells);
  const known = new Uint8Array(cells);
  const kind = new Uint8Array(cells);
  const count = new Uint8Array(cells);
  const ptb = new Uint8Array(cells);
  const kwPerKwh = 3600 / period;
  const { cell: cellOf, delta, ptb: status } = placed;
  for (let k = 0; k < cellOf.length; k++) {
    const cell = cellOf[k]!;
    if (cell < 0) continue;
    const d = delta[k]!;
    const p = status[k]!;
    const gap = Number.isNaN(d);
    const cellKind = gap ? CELL_GAP : isBadStatus(p) ? CELL_BAD : CELL_VALUE;
    count[cell]!++;
    if (cellKind > kind[cell]!) kind[cell] = cellKind;
    if (p > ptb[cell]!) ptb[cell] = p;
    if (!gap) {
      sum[cell]! += d * kwPerKwh;
      known[cell]!++;
    }
  }
  const kw = new Float64Array(cells);
  let values = 0;
  let gaps = 0;
  let bad = 0;
  let min = Infinity;
  let max = -Infinity;
  let peak: HeatGrid['peak'] = null;
  for (let i = 0; i < cells; i++) {
    if (kind[i] === CELL_GAP) gaps++;
    else if (kind[i] === CELL_BAD) bad++;
    if (kind[i] === CELL_VALUE || kind[i] === CELL_BAD) values++;
    if (known[i] === 0 || kind[i] === CELL_GAP) {
      kw[i] = Number.NaN;
      continue;
    }
    const v = Math.round((sum[i]! / known[i]!) * 1e6) / 1e6;
    kw[i] = v;
    if (v < min) min = v;
    if (v > max) {
      max = v;
      peak = { row: Math.floor(i / columns), column: i % columns };
    }
  }
  if (min === Infinity) min = max = 0;
  return { days, columns, periodSeconds: period, kw, kind, count, ptb, values, gaps, bad, min, max, peak };
}

/** The grid of one quantity straight from the columns (placement and sums in one go). */
export function buildHeatGrid(source: HeatSource, direction: HeatDirection): HeatGrid | null {
  const placement = placeHeatSource(source);
  return placement ? heatGrid(placement, direction) : null;
}

/** The wall-clock start of a column, `HH:MM`. */
export function columnClock(column: number, periodSeconds: number): string {
  const minutes = (column * periodSeconds) / 60;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The one load profile: readings of a list at its measured resolution (15 min, 30 min, 1 h, 2 h, 6 h, day,
 * month) on the Berlin grid of src/model/calendar-steps.ts, with the energy of each interval as the
 * difference of consecutive readings on that grid and the grid times without a reading (gaps); the energy
 * per measurement period; and a day's value list row by row ("kein Messwert vorhanden") for the display.
 * The engine's load profile DTO (src/engine/load-profile.ts) is a view of `readingProfile`.
 */
import { nextGridTime } from '../model/calendar-steps';
import { berlinDateKey, formatBerlinIso } from '../model/time/berlin';
import { indexAt, isUsableStatus, lowerBound, type Channel } from './channel';
import { gridFrom } from './grid';
import { roundScaled } from './units';

export interface LoadProfilePoint {
  start: string;
  end: string;
  /** Raw register difference; null when a reading at either end is missing or unusable. */
  raw: number | null;
  /** In the display unit (kWh for electricity). */
  value: number | null;
}

/** Period energies over [from, to) at the channel's measurement period. */
export function loadProfile(channel: Channel, from: number, to: number): LoadProfilePoint[] {
  if (!channel.periodSeconds) return [];
  const grid = gridFrom(from, to, channel.periodSeconds);
  const points: LoadProfilePoint[] = [];
  let previous = grid.length > 0 ? usableIndex(channel, grid[0]!) : -1;
  for (let i = 0; i + 1 < grid.length; i++) {
    const next = usableIndex(channel, grid[i + 1]!);
    const raw = previous >= 0 && next >= 0 ? channel.values[next]! - channel.values[previous]! : null;
    points.push({
      start: formatBerlinIso(grid[i]!),
      end: formatBerlinIso(grid[i + 1]!),
      raw,
      value: raw === null ? null : roundScaled(raw * channel.display.factor, channel.display.factor),
    });
    previous = next;
  }
  return points;
}

function usableIndex(channel: Channel, t: number): number {
  const i = indexAt(channel, t);
  return i >= 0 && isUsableStatus(channel.status[i]!) ? i : -1;
}

export interface ValueRow {
  /** Target time. */
  time: string;
  /** Raw register value; null in a gap row. */
  value: number | null;
  /** PTB status; null in a gap row (5 = no status given). */
  ptb: number | null;
  gap: boolean;
  /** Readings off the grid are listed too, flagged. */
  offGrid?: boolean;
}

/** The value list of one (gas) day: a row per nominal time, gap rows where no reading exists. */
export function valueListRows(channel: Channel, dayStart: number, dayEnd: number): { date: string; rows: ValueRow[] } {
  const rows: ValueRow[] = [];
  const grid = channel.periodSeconds ? gridFrom(dayStart, dayEnd, channel.periodSeconds).filter((t) => t < dayEnd) : [];
  const onGrid = new Set(grid);
  let i = lowerBound(channel.times, dayStart);
  let g = 0;
  while (g < grid.length || (i < channel.times.length && channel.times[i]! < dayEnd)) {
    const t = i < channel.times.length && channel.times[i]! < dayEnd ? channel.times[i]! : Infinity;
    const nominal = g < grid.length ? grid[g]! : Infinity;
    if (nominal < t) {
      rows.push({ time: formatBerlinIso(nominal), value: null, ptb: null, gap: true });
      g++;
      continue;
    }
    const row: ValueRow = { time: formatBerlinIso(t), value: channel.values[i]!, ptb: channel.status[i]!, gap: false };
    if (grid.length > 0 && !onGrid.has(t)) row.offGrid = true;
    rows.push(row);
    if (nominal === t) g++;
    i++;
  }
  return { date: berlinDateKey(dayStart), rows };
}

export interface ReadingProfile {
  /** Indexes into the channel's arrays of the readings with from ≤ target time < to, in time order. */
  indexes: Uint32Array;
  /**
   * Raw register difference to the previous reading for each of `indexes`: NaN when the previous nominal
   * time has no reading, either reading is unusable, or the list has no known period.
   */
  deltas: Float64Array;
  /** Nominal times in [from, to) without a reading (empty without a known period). */
  gaps: number[];
}

/** The readings of [from, to) with their interval energies and the gaps, on the channel's Berlin grid. */
export function readingProfile(channel: Channel, from: number, to: number): ReadingProfile {
  const { times, values, status, periodSeconds } = channel;
  const first = lowerBound(times, from);
  const end = lowerBound(times, to);
  const count = Math.max(0, end - first);
  const indexes = new Uint32Array(count);
  const deltas = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const i = first + k;
    indexes[k] = i;
    deltas[k] = NaN;
    if (!periodSeconds || i === 0) continue;
    const p = i - 1;
    if (nextGridTime(times[p]!, periodSeconds) === times[i] && isUsableStatus(status[i]!) && isUsableStatus(status[p]!)) {
      deltas[k] = values[i]! - values[p]!;
    }
  }
  const gaps: number[] = [];
  if (periodSeconds) {
    let i = first;
    for (const t of gridFrom(from, to, periodSeconds)) {
      if (t >= to) break;
      while (i < end && times[i]! < t) i++;
      if (i >= end || times[i] !== t) gaps.push(t);
    }
  }
  return { indexes, deltas, gaps };
}

/**
 * Per-day status overview of original value lists: how many values a day should have at the measured
 * resolution (92/96/100 quarter-hours on DST days), how many it has, the gaps, and the counts per PTB status.
 */
import { formatBerlinIso } from '../model/time/berlin';
import { lowerBound, type Channel } from './channel';
import { NO_STATUS } from './model-access';
import { dateKey, periodBoundaries } from './periods';

export type DayLevel = 'ok' | 'warning' | 'temporary' | 'critical' | 'fatal';
const LEVELS: readonly DayLevel[] = ['ok', 'warning', 'temporary', 'critical', 'fatal'];

export interface ChannelDayStatus {
  obis: string;
  /** Values expected at the measurement period; null when the period is unknown. */
  expected: number | null;
  values: number;
  gaps: number;
  ok: number;
  warning: number;
  temporary: number;
  critical: number;
  fatal: number;
  /** Values without any valid status (neither statusPTB nor a readable statusFNN); not usable. */
  noStatus: number;
  /** Worst PTB status of the day's values (values without status count as critical). */
  level: DayLevel;
}

export interface DayStatus {
  /** `YYYY-MM-DD` (for gas: the gas day). */
  date: string;
  start: string;
  end: string;
  /** Hours of the day: 23, 24 or 25. */
  hours: number;
  channels: ChannelDayStatus[];
  /** Worst level over the channels; a day with gaps is at least a warning. */
  level: DayLevel;
  gaps: number;
}

/** Status overview for every (gas) day overlapping [from, to). */
export function dailyStatusOverview(channels: readonly Channel[], from: number, to: number, gasDay = false): DayStatus[] {
  const boundaries = periodBoundaries(from, to, 'day', gasDay);
  const days: DayStatus[] = [];
  const counts = channels.map((c) => countPerDay(c, boundaries));
  for (let d = 0; d + 1 < boundaries.length; d++) {
    const start = boundaries[d]!;
    const end = boundaries[d + 1]!;
    let worst = 0;
    let gaps = 0;
    const perChannel = channels.map((channel, ci): ChannelDayStatus => {
      const row = counts[ci]!;
      const base = d * STATUS_SLOTS;
      const statusCounts = [row[base]!, row[base + 1]!, row[base + 2]!, row[base + 3]!, row[base + 4]!];
      const noStatus = row[base + NO_STATUS]!;
      const values = statusCounts.reduce((a, b) => a + b, 0) + noStatus;
      const expected = channel.periodSeconds ? Math.max(1, Math.round((end - start) / (channel.periodSeconds * 1000))) : null;
      const dayGaps = expected === null ? 0 : Math.max(0, expected - values);
      let level = 0;
      for (let s = 4; s >= 0; s--) {
        if (statusCounts[s]! > 0) {
          level = s;
          break;
        }
      }
      if (noStatus > 0) level = Math.max(level, 3);
      worst = Math.max(worst, level, dayGaps > 0 ? 1 : 0);
      gaps += dayGaps;
      return {
        obis: channel.obis,
        expected,
        values,
        gaps: dayGaps,
        ok: statusCounts[0]!,
        warning: statusCounts[1]!,
        temporary: statusCounts[2]!,
        critical: statusCounts[3]!,
        fatal: statusCounts[4]!,
        noStatus,
        level: LEVELS[level]!,
      };
    });
    days.push({
      date: dateKey(start, gasDay),
      start: formatBerlinIso(start),
      end: formatBerlinIso(end),
      hours: Math.round((end - start) / 3_600_000),
      channels: perChannel,
      level: LEVELS[worst]!,
      gaps,
    });
  }
  return days;
}

const STATUS_SLOTS = NO_STATUS + 1;

/** Counts per day and status in one pass: result[day * STATUS_SLOTS + status]. */
function countPerDay(channel: Channel, boundaries: readonly number[]): Uint32Array {
  const dayCount = Math.max(0, boundaries.length - 1);
  const counts = new Uint32Array(dayCount * STATUS_SLOTS);
  if (dayCount === 0) return counts;
  const { times, status } = channel;
  let i = lowerBound(times, boundaries[0]!);
  const last = boundaries[dayCount]!;
  let d = 0;
  let dayEnd = boundaries[1]!;
  for (; i < times.length; i++) {
    const t = times[i]!;
    if (t >= last) break;
    while (t >= dayEnd) {
      d++;
      dayEnd = boundaries[d + 1]!;
    }
    counts[d * STATUS_SLOTS + status[i]!]!++;
  }
  return counts;
}

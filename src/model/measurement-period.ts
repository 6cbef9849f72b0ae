/**
 * Measurement period of a value list: `ReadingType/measurementPeriod` when given, else the most frequent
 * spacing of consecutive readings (ignoring PTB ≥ 3), matched within ±2 % against the standard periods.
 */
import type { IntervalReading, MeterReading } from './types';
import { ptbStatusOf } from './status';
import { DAY_SECONDS, MONTH_SECONDS } from './calendar-steps';

export const STANDARD_PERIODS: readonly number[] = [
  60, 120, 180, 240, 300, 600, 900, 1800, 2400, 3600, 5400, 7200, 3 * 3600, 4 * 3600, 6 * 3600, 8 * 3600, 12 * 3600, DAY_SECONDS, MONTH_SECONDS,
];

export const PERIOD_TOLERANCE = 0.02;

/** The standard period within ±2 % of the spacing (calendar months of 28-31 days count as 30 d). */
export function matchStandardPeriod(seconds: number, tolerance = PERIOD_TOLERANCE): number | undefined {
  for (const p of STANDARD_PERIODS) if (Math.abs(seconds - p) <= p * tolerance) return p;
  if (seconds >= 28 * DAY_SECONDS * (1 - tolerance) && seconds <= 31 * DAY_SECONDS * (1 + tolerance)) return MONTH_SECONDS;
  return undefined;
}

/** Detects the period from the readings' spacing (readings in time order). */
export function detectPeriodFromReadings(readings: readonly IntervalReading[]): number | undefined {
  const counts = new Map<number, number>();
  let previous: number | undefined;
  for (const r of readings) {
    const ptb = ptbStatusOf(r);
    if (ptb !== undefined && ptb >= 3) continue;
    const t = r.targetTime ?? r.captureTime;
    if (previous !== undefined && t > previous) {
      const key = matchStandardPeriod((t - previous) / 1000) ?? -1;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    previous = t;
  }
  let best: number | undefined;
  let bestCount = 0;
  for (const [period, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && period >= 0 && period < best)) {
      best = period;
      bestCount = count;
    }
  }
  return best === undefined || best < 0 ? undefined : best;
}

/** Period of a MeterReading in seconds (stated or detected), undefined when it cannot be told. */
export function measurementPeriodOf(mr: MeterReading): number | undefined {
  const stated = mr.readingType.measurementPeriod;
  if (stated !== undefined && stated > 0) return stated;
  const readings = mr.intervalBlocks.length === 1 ? (mr.intervalBlocks[0]?.readings ?? []) : mr.intervalBlocks.flatMap((b) => b.readings);
  return detectPeriodFromReadings(readings);
}

/**
 * Target time ("Sollzeitstempel"): the nominal time a reading belongs to. Gateways capture a few
 * seconds after it (00:15:03). When the document gives no `targetTime`, the capture time is aligned to the
 * measurement period if it lies within ±1 % of the period (TRuDI's later versions used 3 %).
 */
import type { IntervalReading } from './types';
import { nearestGridTime } from './calendar-steps';

export const TARGET_TIME_TOLERANCE = 0.01;
export const TARGET_TIME_TOLERANCE_WIDE = 0.03;

/** The aligned target time, or undefined when the capture time is not within the tolerance of the grid. */
export function alignToPeriod(captureTime: number, periodSeconds: number, tolerance = TARGET_TIME_TOLERANCE): number | undefined {
  if (!(periodSeconds > 0)) return undefined;
  const nominal = nearestGridTime(captureTime, periodSeconds);
  return Math.abs(captureTime - nominal) <= tolerance * periodSeconds * 1000 ? nominal : undefined;
}

/**
 * Target time of a reading: `targetTime` when written, else the aligned capture time, else (no period
 * or outside the tolerance) undefined.
 */
export function targetTimeOf(
  reading: Pick<IntervalReading, 'targetTime' | 'captureTime'>,
  periodSeconds: number | undefined,
  tolerance = TARGET_TIME_TOLERANCE,
): number | undefined {
  if (reading.targetTime !== undefined) return reading.targetTime;
  return periodSeconds === undefined ? undefined : alignToPeriod(reading.captureTime, periodSeconds, tolerance);
}

/** Picks the contract (usage point) of a read-out a request names; read-outs may hold several. */
import { ApiError } from '../api/errors';
import type { UsagePoint } from '../model/types';
import type { LoadedReadout } from './readouts';

/**
 * Index of the usage point with this id; without an id the first that matches `fits` (else the first).
 * An unknown id is a coded error naming the contracts the read-out has.
 */
export function usagePointIndexOf(readout: LoadedReadout, usagePointId: unknown, fits: (up: UsagePoint) => boolean = () => true): number {
  const ups = readout.document.usagePoints;
  if (ups.length === 0) throw new ApiError('EMPTY_DOCUMENT', 'The read-out contains no usage point.');
  if (usagePointId === undefined || usagePointId === null || usagePointId === '') {
    const index = ups.findIndex(fits);
    return index >= 0 ? index : 0;
  }
  const index = ups.findIndex((up) => up.usagePointId === usagePointId);
  if (index < 0) {
    throw new ApiError(
      'UNKNOWN_USAGE_POINT',
      `The read-out has no contract "${String(usagePointId)}"; it has ${ups.map((up) => `"${up.usagePointId}"`).join(', ')}.`,
    );
  }
  return index;
}

/** The usage point a request names (see usagePointIndexOf). */
export function usagePointOf(readout: LoadedReadout, usagePointId: unknown, fits?: (up: UsagePoint) => boolean): UsagePoint {
  return readout.document.usagePoints[usagePointIndexOf(readout, usagePointId, fits)]!;
}

/** The engine side of getReadingVerification: finds the reading a request names and builds its detail. */
import type { ReadingVerificationDetailDto, ReadingVerificationRequest } from '../api/dto';
import { ApiError } from '../api/errors';
import type { TrustAnchor } from '../crypto/chain/trust-anchors';
import { readingVerificationDetail } from '../crypto/verification-detail';
import type { LoadedReadout } from './readouts';
import type { VerificationMemory } from './verification-memory';

export async function readingVerification(readout: LoadedReadout, request: ReadingVerificationRequest, anchors: TrustAnchor[], memory?: VerificationMemory): Promise<ReadingVerificationDetailDto> {
  const doc = readout.document;
  const usagePointIndex = request.usagePointId === undefined ? 0 : doc.usagePoints.findIndex((up) => up.usagePointId === request.usagePointId);
  const usagePoint = doc.usagePoints[usagePointIndex];
  if (!usagePoint) throw new ApiError('BAD_REQUEST', `The read-out has no usage point "${String(request.usagePointId)}".`);
  const channel = String(request.channelId ?? '').toLowerCase();
  const meterReadingIndex = usagePoint.meterReadings.findIndex((mr) => mr.meterReadingId.toLowerCase() === channel || mr.readingType.obisCode.toLowerCase() === channel);
  const meterReading = usagePoint.meterReadings[meterReadingIndex];
  if (!meterReading) throw new ApiError('BAD_REQUEST', `The read-out has no value list "${String(request.channelId)}".`);
  let readingIndex = request.index;
  if (readingIndex === undefined && request.captureTime !== undefined) {
    const at = Date.parse(request.captureTime);
    const all = meterReading.intervalBlocks.flatMap((b) => b.readings);
    readingIndex = all.findIndex((r) => r.captureTime === at || r.targetTime === at);
    if (readingIndex < 0) throw new ApiError('BAD_REQUEST', `The value list ${meterReading.readingType.qualifiedLogicalName} has no reading at ${request.captureTime}.`);
  }
  if (readingIndex === undefined || !Number.isInteger(readingIndex) || readingIndex < 0) throw new ApiError('BAD_REQUEST', 'Name the reading by index (0-based) or captureTime.');
  try {
    return await readingVerificationDetail(doc, readout.original, { usagePointIndex, meterReadingIndex, readingIndex }, { ...memory, trustAnchors: anchors });
  } catch (error) {
    if (error instanceof RangeError) throw new ApiError('BAD_REQUEST', error.message);
    throw error;
  }
}

/**
 * The load profile DTOs of one value list in a time range: a view of the analysis load profile
 * (src/analysis/load-profile.ts, Berlin grid, DST-aware) with capture times, status and signature verdicts.
 * Two forms: one object per reading (`getLoadProfile`) and columns of epoch ms / values / codes for long
 * ranges (`getLoadProfileColumns`, e.g. 24 months of quarter hours for a zoomable chart).
 */
import { SIGNATURE_VERDICTS, type LoadProfile, type LoadProfileColumns, type LoadProfilePoint, type SignatureVerdict } from '../api/dto';
import { ApiError } from '../api/errors';
import { prepareChannel, type Channel } from '../analysis/channel';
import { readingProfile } from '../analysis/load-profile';
import { verdictName } from '../crypto/verify-document';
import type { IntervalReading, MeterReading } from '../model/types';
import { formatBerlinIso } from '../model/time/berlin';
import type { LoadedReadout } from './readouts';
import { usagePointIndexOf } from './usage-points';

/** At most this many readings per request in the per-reading form (about 3 years of quarter hours). */
export const MAX_LOAD_PROFILE_POINTS = 100_000;
/** At most this many readings per request in the columnar form (about 11 years of quarter hours). */
export const MAX_LOAD_PROFILE_COLUMNS = 400_000;

interface ProfileSource {
  channel: Channel;
  readings: readonly IntervalReading[];
  verdicts: ArrayLike<number> | undefined;
  meterReading: MeterReading;
  usagePointId: string;
}

function sourceOf(readout: LoadedReadout, channelId: unknown, usagePointId: unknown, from: number, to: number): ProfileSource {
  if (!(to > from)) throw new ApiError('BAD_REQUEST', 'The range of a load profile must end after it starts.');
  const upIndex = usagePointIndexOf(readout, usagePointId, (up) => up.meterReadings.some((m) => m.meterReadingId === channelId));
  const usagePoint = readout.document.usagePoints[upIndex]!;
  const mrIndex = usagePoint.meterReadings.findIndex((m) => m.meterReadingId === channelId);
  const meterReading = usagePoint.meterReadings[mrIndex];
  if (!meterReading) throw new ApiError('UNKNOWN_CHANNEL', `The contract "${usagePoint.usagePointId}" has no channel "${String(channelId)}".`);
  const readings = meterReading.intervalBlocks.length === 1 ? meterReading.intervalBlocks[0]!.readings : meterReading.intervalBlocks.flatMap((b) => b.readings);
  const verdicts = readout.verification?.verdicts.find((v) => v.usagePointIndex === upIndex && v.meterReadingIndex === mrIndex)?.codes;
  return { channel: prepareChannel(meterReading, usagePoint.serviceCategory), readings, verdicts, meterReading, usagePointId: usagePoint.usagePointId };
}

function signatureVerdict(signature: string | undefined, code: number | undefined): SignatureVerdict {
  if (code !== undefined) return verdictName(code);
  return signature ? 'unverified' : 'absent';
}

function tooMany(count: number, max: number): ApiError {
  return new ApiError('RANGE_TOO_LARGE', `${count} values in the range, more than ${max} in one call: choose a shorter range.`);
}

export function loadProfile(readout: LoadedReadout, channelId: string, from: number, to: number, usagePointId?: string): LoadProfile {
  const source = sourceOf(readout, channelId, usagePointId, from, to);
  const { channel, readings, verdicts } = source;
  const profile = readingProfile(channel, from, to);
  if (profile.indexes.length > MAX_LOAD_PROFILE_POINTS) throw tooMany(profile.indexes.length, MAX_LOAD_PROFILE_POINTS);
  const factor = channel.display.factor;
  const points: LoadProfilePoint[] = new Array(profile.indexes.length);
  for (let k = 0; k < profile.indexes.length; k++) {
    const i = profile.indexes[k]!;
    const ordinal = channel.sources[i]!;
    const reading = readings[ordinal]!;
    const delta = profile.deltas[k]!;
    const point: LoadProfilePoint = {
      time: formatBerlinIso(channel.times[i]!),
      captureTime: formatBerlinIso(channel.captures[i]!),
      value: round(channel.values[i]! * factor),
      delta: Number.isNaN(delta) ? null : round(delta * factor),
      ptb: channel.status[i]!,
      signature: signatureVerdict(reading.signature, verdicts?.[ordinal]),
    };
    if (reading.statusFNN) point.statusFNN = reading.statusFNN;
    points[k] = point;
  }
  return { ...header(channelId, source, readout), points, gaps: profile.gaps.map(formatBerlinIso) };
}

export function loadProfileColumns(readout: LoadedReadout, channelId: string, from: number, to: number, usagePointId?: string): LoadProfileColumns {
  const source = sourceOf(readout, channelId, usagePointId, from, to);
  const { channel, readings, verdicts } = source;
  const profile = readingProfile(channel, from, to);
  const n = profile.indexes.length;
  if (n > MAX_LOAD_PROFILE_COLUMNS) throw tooMany(n, MAX_LOAD_PROFILE_COLUMNS);
  const factor = channel.display.factor;
  const times = new Array<number>(n);
  const captureTimes = new Array<number>(n);
  const values = new Array<number>(n);
  const deltas = new Array<number | null>(n);
  const ptb = new Array<number>(n);
  const signatures = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    const i = profile.indexes[k]!;
    const ordinal = channel.sources[i]!;
    const delta = profile.deltas[k]!;
    times[k] = channel.times[i]!;
    captureTimes[k] = channel.captures[i]!;
    values[k] = round(channel.values[i]! * factor);
    deltas[k] = Number.isNaN(delta) ? null : round(delta * factor);
    ptb[k] = channel.status[i]!;
    signatures[k] = SIGNATURE_VERDICTS.indexOf(signatureVerdict(readings[ordinal]!.signature, verdicts?.[ordinal]));
  }
  return {
    ...header(channelId, source, readout),
    from,
    to,
    times,
    captureTimes,
    values,
    deltas,
    ptb,
    signatures,
    signatureLegend: SIGNATURE_VERDICTS,
    gaps: profile.gaps,
  };
}

/** What both forms say about the list. */
function header(channelId: string, { channel, usagePointId }: ProfileSource, readout: LoadedReadout) {
  const fields = {
    channelId,
    usagePointId,
    obis: channel.obis,
    displayUnit: channel.display.unit,
    periodSeconds: channel.periodSeconds ?? null,
    testPki: verificationIsTest(readout),
  };
  return channel.unaligned > 0 ? { ...fields, unaligned: channel.unaligned } : fields;
}

/** The verdicts rest on a TEST root: every one of them is labelled TEST. */
function verificationIsTest(readout: LoadedReadout): boolean {
  const v = readout.verification;
  return !!v && (v.chain.test || v.signers.some((s) => s.chain.test));
}

function round(value: number): number {
  return Number(value.toFixed(6));
}

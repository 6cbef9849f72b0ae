/** The readings of one channel in a time range, with status, energy per interval and signature verdicts. */
import type { LoadProfile, LoadProfilePoint, SignatureVerdict } from '../api/dto';
import { ApiError } from '../api/errors';
import { displayUnit } from '../analysis/units';
import { obisHexToText } from '../model/obis';
import { measurementPeriodOf } from '../model/measurement-period';
import { ptbStatusOf } from '../model/status';
import { targetTimeOf } from '../model/target-time';
import { formatBerlinIso } from '../model/time/berlin';
import { verdictName } from '../crypto/verify-document';
import type { LoadedReadout } from './readouts';

/** At most this many points per request: about a month of 15-minute values. */
export const MAX_LOAD_PROFILE_POINTS = 3000;

export function loadProfile(readout: LoadedReadout, channelId: string, from: number, to: number): LoadProfile {
  const usagePointIndex = 0;
  const usagePoint = readout.document.usagePoints[usagePointIndex];
  const meterReadingIndex = usagePoint?.meterReadings.findIndex((m) => m.meterReadingId === channelId) ?? -1;
  const meterReading = meterReadingIndex >= 0 ? usagePoint!.meterReadings[meterReadingIndex] : undefined;
  if (!meterReading) throw new ApiError('UNKNOWN_CHANNEL', `The read-out has no channel "${channelId}".`);
  if (!(to > from)) throw new ApiError('BAD_REQUEST', 'The range of a load profile must end after it starts.');
  const { uom, powerOfTenMultiplier, scaler, obisCode } = meterReading.readingType;
  const unit = displayUnit(uom, powerOfTenMultiplier, scaler);
  const period = measurementPeriodOf(meterReading);
  const verdicts = readout.verification?.verdicts.find((v) => v.usagePointIndex === usagePointIndex && v.meterReadingIndex === meterReadingIndex)?.codes;

  const points: LoadProfilePoint[] = [];
  let previous: { time: number; value: number; usable: boolean } | undefined;
  let ordinal = 0;
  for (const block of meterReading.intervalBlocks) {
    for (const reading of block.readings) {
      const index = ordinal++;
      const time = targetTimeOf(reading, period) ?? reading.captureTime;
      const ptb = ptbStatusOf(reading) ?? 0;
      const usable = ptb < 3;
      if (time >= from && time < to) {
        if (points.length >= MAX_LOAD_PROFILE_POINTS) {
          throw new ApiError('RANGE_TOO_LARGE', `More than ${MAX_LOAD_PROFILE_POINTS} values in the range: choose a shorter range.`);
        }
        const contiguous = previous && usable && previous.usable && period !== undefined && time - previous.time === period * 1000;
        const point: LoadProfilePoint = {
          time: formatBerlinIso(time),
          captureTime: formatBerlinIso(reading.captureTime),
          value: round(reading.value * unit.factor),
          delta: contiguous ? round((reading.value - previous!.value) * unit.factor) : null,
          ptb,
          signature: signatureVerdict(reading.signature, verdicts?.[index]),
        };
        if (reading.statusFNN) point.statusFNN = reading.statusFNN;
        points.push(point);
      }
      previous = { time, value: reading.value, usable };
    }
  }
  return {
    channelId,
    obis: obisHexToText(obisCode) ?? obisCode,
    displayUnit: unit.unit,
    periodSeconds: period ?? null,
    points,
    gaps: period ? gapsIn(points, from, to, period * 1000) : [],
  };
}

function signatureVerdict(signature: string | undefined, code: number | undefined): SignatureVerdict {
  if (code !== undefined) return verdictName(code);
  return signature ? 'unverified' : 'absent';
}

function gapsIn(points: LoadProfilePoint[], from: number, to: number, periodMs: number): string[] {
  const present = new Set(points.map((p) => Date.parse(p.time)));
  const first = Math.ceil(from / periodMs) * periodMs;
  const gaps: string[] = [];
  for (let t = first; t < to && gaps.length < MAX_LOAD_PROFILE_POINTS; t += periodMs) {
    if (!present.has(t)) gaps.push(formatBerlinIso(t));
  }
  return gaps;
}

function round(value: number): number {
  return Number(value.toFixed(6));
}

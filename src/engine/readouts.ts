/**
 * The read-outs the engine has loaded, by id, with what the UI needs from them: the model, the original
 * bytes (never rewritten), and channel summaries.
 */
import type { ChannelSummary, ReadoutSummary } from '../api/dto';
import { ApiError } from '../api/errors';
import type { Ar2418Document, MeterReading } from '../model/types';
import { formatBerlinIso } from '../model/time/berlin';
import type { RegisterSeries } from './series';

export interface LoadedReadout {
  summary: ReadoutSummary;
  document: Ar2418Document;
  /** What the gateway or the file delivered, byte for byte (absent for generated in-memory data). */
  original?: Uint8Array;
}

export class ReadoutStore {
  private readonly readouts = new Map<string, LoadedReadout>();
  private counter = 0;

  add(source: ReadoutSummary['source'], document: Ar2418Document, options: { demo: boolean; original?: Uint8Array }): LoadedReadout {
    const readoutId = `${source}-${++this.counter}`;
    const loaded: LoadedReadout = { summary: summarize(readoutId, source, document, options.demo), document };
    if (options.original) loaded.original = options.original;
    this.readouts.set(readoutId, loaded);
    return loaded;
  }

  get(readoutId: string): LoadedReadout {
    const loaded = this.readouts.get(readoutId);
    if (!loaded) throw new ApiError('UNKNOWN_READOUT', `No read-out with id "${readoutId}" is loaded. Open the demo, a file or a gateway first.`);
    return loaded;
  }
}

/** The OBIS C field of a 12-hex-digit code decides the direction: 1 import, 2 export. */
export function directionOf(obisHex: string): ChannelSummary['direction'] {
  const c = parseInt(obisHex.slice(4, 6), 16);
  return c === 1 ? 'import' : c === 2 ? 'export' : 'other';
}

export function readingsOf(meterReading: MeterReading) {
  return meterReading.intervalBlocks.flatMap((block) => block.readings);
}

function summarize(readoutId: string, source: ReadoutSummary['source'], document: Ar2418Document, demo: boolean): ReadoutSummary {
  const usagePoint = document.usagePoints[0];
  if (!usagePoint) throw new ApiError('EMPTY_DOCUMENT', 'The read-out contains no usage point.');
  let first = Infinity;
  let last = -Infinity;
  const channels: ChannelSummary[] = usagePoint.meterReadings.map((meterReading) => {
    const readings = readingsOf(meterReading);
    for (const r of readings) {
      const t = r.targetTime ?? r.captureTime;
      if (t < first) first = t;
      if (t > last) last = t;
    }
    return {
      channelId: meterReading.meterReadingId,
      obis: meterReading.readingType.obisCode,
      direction: directionOf(meterReading.readingType.obisCode),
      unit: meterReading.readingType.uom === 72 ? 'Wh' : String(meterReading.readingType.uom),
      readings: readings.length,
      period: meterReading.readingType.measurementPeriod ?? 0,
    };
  });
  return {
    readoutId,
    source,
    demo,
    gatewayId: usagePoint.smgw.smgwId,
    usagePointId: usagePoint.usagePointId,
    channels,
    first: Number.isFinite(first) ? formatBerlinIso(first) : '',
    last: Number.isFinite(last) ? formatBerlinIso(last) : '',
  };
}

/** Register series of the channel with the given direction, in kWh, by target time. */
export function registerSeries(readout: LoadedReadout, direction: 'import' | 'export'): RegisterSeries | undefined {
  const usagePoint = readout.document.usagePoints[0];
  const meterReading = usagePoint?.meterReadings.find((m) => directionOf(m.readingType.obisCode) === direction);
  if (!meterReading) return undefined;
  const { scaler, powerOfTenMultiplier } = meterReading.readingType;
  const toKwh = 10 ** (scaler + powerOfTenMultiplier - 3);
  const readings = readingsOf(meterReading).filter((r) => (r.statusPTB ?? 0) < 3);
  return {
    times: readings.map((r) => r.targetTime ?? r.captureTime),
    kwh: readings.map((r) => r.value * toKwh),
  };
}

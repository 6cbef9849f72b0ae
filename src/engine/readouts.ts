/**
 * The read-outs the engine has loaded, by id, with what the UI needs from them: the model, the original
 * bytes (never rewritten), what reading and validation found, and results computed once per read-out.
 */
import type { DiagnosticsRecorder } from '../han/diagnostics';
import type { ChannelSummary, ProblemDto, ReadoutSummary } from '../api/dto';
import { ApiError } from '../api/errors';
import { computeConsumption, type ConsumptionReport } from '../analysis/consumption';
import { prepareChannel } from '../analysis/channel';
import type { DocumentVerification } from '../crypto/verify-document';
import type { Ar2418Document, UsagePoint } from '../model/types';
import { formatBerlinIso } from '../model/time/berlin';

export interface LoadedReadout {
  summary: ReadoutSummary;
  document: Ar2418Document;
  /** What the gateway or the file delivered, byte for byte (absent for generated in-memory data). */
  original?: Uint8Array;
  problems: ProblemDto[];
  /** Results computed on first use. */
  consumption?: ConsumptionReport;
  verification?: DocumentVerification;
  /** HAN read-outs: every request and answer of the gateway session (credentials removed). */
  gatewaySession?: DiagnosticsRecorder;
}

export interface AddReadoutOptions {
  demo: boolean;
  original?: Uint8Array;
  fileName?: string;
  problems?: ProblemDto[];
}

export class ReadoutStore {
  private readonly readouts = new Map<string, LoadedReadout>();
  private counter = 0;

  add(source: ReadoutSummary['source'], document: Ar2418Document, options: AddReadoutOptions): LoadedReadout {
    const readoutId = `${source}-${++this.counter}`;
    const problems = options.problems ?? [];
    const summary = summarize(readoutId, source, document, options.demo, problems);
    if (options.fileName) summary.fileName = options.fileName;
    const loaded: LoadedReadout = { summary, document, problems };
    if (options.original) loaded.original = options.original;
    this.readouts.set(readoutId, loaded);
    return loaded;
  }

  get(readoutId: unknown): LoadedReadout {
    const loaded = typeof readoutId === 'string' ? this.readouts.get(readoutId) : undefined;
    if (!loaded) throw new ApiError('UNKNOWN_READOUT', `No read-out with id "${String(readoutId)}" is loaded. Open the demo, a file or a gateway first.`);
    return loaded;
  }
}

/** The usage point the views show (read-outs of one gateway contract have exactly one). */
export function mainUsagePoint(readout: LoadedReadout): UsagePoint {
  const usagePoint = readout.document.usagePoints[0];
  if (!usagePoint) throw new ApiError('EMPTY_DOCUMENT', 'The read-out contains no usage point.');
  return usagePoint;
}

export function consumptionOf(readout: LoadedReadout): ConsumptionReport {
  readout.consumption ??= computeConsumption(mainUsagePoint(readout));
  return readout.consumption;
}

function summarize(readoutId: string, source: ReadoutSummary['source'], document: Ar2418Document, demo: boolean, problems: ProblemDto[]): ReadoutSummary {
  const usagePoint = document.usagePoints[0];
  let first = Infinity;
  let last = -Infinity;
  const channels: ChannelSummary[] = (usagePoint?.meterReadings ?? []).map((meterReading) => {
    const channel = prepareChannel(meterReading, usagePoint!.serviceCategory);
    const n = channel.times.length;
    if (n > 0) {
      first = Math.min(first, channel.times[0]!);
      last = Math.max(last, channel.times[n - 1]!);
    }
    return {
      channelId: meterReading.meterReadingId,
      obis: meterReading.readingType.obisCode,
      direction: channel.direction,
      unit: channel.unit,
      readings: n,
      period: channel.periodSeconds ?? 0,
    };
  });
  return {
    readoutId,
    source,
    demo,
    gatewayId: usagePoint?.smgw.smgwId ?? '',
    usagePointId: usagePoint?.usagePointId ?? '',
    channels,
    first: Number.isFinite(first) ? formatBerlinIso(first) : '',
    last: Number.isFinite(last) ? formatBerlinIso(last) : '',
    problems: {
      errors: problems.filter((p) => p.severity === 'error').length,
      warnings: problems.filter((p) => p.severity === 'warning').length,
    },
  };
}

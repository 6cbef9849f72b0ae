/**
 * What a simulated gateway serves: one AR 2418-6 device document (the internal model), indexed for range
 * queries. Any document works: the signed sample (src/simulator/sample) or the interim one below.
 */
import type { Ar2418Document, CertificateEntry, IntervalReading, LogEntry, MeterReading, UsagePoint } from '../../model/types';

export interface SimChannel {
  meterId: string;
  obis: string;
  reading: MeterReading;
  /** All readings sorted by capture time. */
  readings: IntervalReading[];
}

export interface SimContract {
  /** The gateway's contract / usage point id (AR 2418-6 tariffName). */
  id: string;
  usagePoint: UsagePoint;
  channels: SimChannel[];
  first: number;
  last: number;
}

export interface GatewayDataset {
  document: Ar2418Document;
  smgwId: string;
  contracts: SimContract[];
  log: LogEntry[];
  certificates: CertificateEntry[];
  /**
   * The signed-message format of the readings when the document names one (`signed-message-format=` in
   * GeneratorVersion, e.g. trudi-sim-1). The simulator announces it; real gateways do not.
   */
  signedMessageFormat?: string;
}

export function datasetFromDocument(document: Ar2418Document): GatewayDataset {
  const first = document.usagePoints[0];
  if (!first) throw new Error('The simulator needs a device document with at least one usage point.');
  const contracts = document.usagePoints.map((usagePoint): SimContract => {
    const channels = usagePoint.meterReadings.map((reading) => {
      const readings = reading.intervalBlocks.flatMap((b) => b.readings).sort((a, b) => a.captureTime - b.captureTime);
      return { meterId: reading.meterId, obis: reading.readingType.obisCode.toLowerCase(), reading, readings };
    });
    const times = channels.flatMap((c) => (c.readings.length ? [c.readings[0]!.captureTime, c.readings.at(-1)!.captureTime] : []));
    return { id: usagePoint.tariffName, usagePoint, channels, first: Math.min(...times), last: Math.max(...times) };
  });
  return {
    document,
    smgwId: first.smgw.smgwId,
    contracts,
    log: document.usagePoints.flatMap((u) => u.logEntries).sort((a, b) => (a.recordNumber ?? 0) - (b.recordNumber ?? 0) || (a.timestamp ?? 0) - (b.timestamp ?? 0)),
    certificates: first.certificates,
    signedMessageFormat: document.generatorVersion?.split(/\s+/).find((t) => t.startsWith('signed-message-format='))?.slice('signed-message-format='.length),
  };
}

/** First index with captureTime > t (binary search). */
export function upperBound(readings: readonly IntervalReading[], t: number): number {
  let lo = 0;
  let hi = readings.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (readings[mid]!.captureTime <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Readings with from < captureTime ≤ to (Theben semantics: fromtime exclusive, totime inclusive). */
export function readingsInRange(readings: readonly IntervalReading[], fromExclusive: number, toInclusive: number): IntervalReading[] {
  return readings.slice(upperBound(readings, fromExclusive), upperBound(readings, toInclusive));
}

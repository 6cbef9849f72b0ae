/** Shared helpers of the HAN integration tests: generated sample documents, closed ports, comparisons. */
import { createServer, type AddressInfo } from 'node:net';
import { berlinTime } from '../../model/time/berlin';
import type { Ar2418Document, IntervalReading, LogEntry, UsagePoint } from '../../model/types';
import { generateSampleDocument, generateSignedSampleDocument } from '../../simulator/sample/sample-document';
import type { PkiCurve } from '../../simulator/sample/sample-options';
import type { RunningSimulator } from '../../simulator/gateway/server';

export const SAMPLE_START = berlinTime(2024, 10, 1);
const cache = new Map<string, Promise<Ar2418Document>>();

/**
 * Signed sample data (trudi-sim-1) from 2024-10-01 (Berlin), with a long consumer log (2,000 entries) so that
 * the Theben 1,500-entry log window has to be paged. P-256 keeps signing 140,000 readings at a few seconds.
 */
export function signedSample(months: number, curve: PkiCurve = 'P-256', gatewayId = 'ETHE0012345678'): Promise<Ar2418Document> {
  const key = `${months}|${curve}|${gatewayId}`;
  let promise = cache.get(key);
  if (!promise) {
    promise = generateSignedSampleDocument({ months, curve, gatewayId, start: SAMPLE_START, seed: 'han-tests' }).then(({ document }) => withLongLog(document));
    cache.set(key, promise);
  }
  return promise;
}

/** Unsigned sample (fast) for tests that do not look at signatures. */
export function unsignedSample(months: number, gatewayId = 'ETHE0012345678'): Ar2418Document {
  return generateSampleDocument({ months, gatewayId, start: SAMPLE_START, seed: 'han-tests' });
}

function withLongLog(document: Ar2418Document): Ar2418Document {
  const up = document.usagePoints[0]!;
  const first = up.meterReadings[0]!.intervalBlocks[0]!.start;
  const entries: LogEntry[] = [];
  for (let i = 0; i < 2000; i++) {
    entries.push({ recordNumber: i + 1, level: 1 + (i % 3), outcome: i % 7 === 0 ? 1 : 0, text: `Ereignis ${i + 1}`, timestamp: first + 3600_000 * (i + 1), subjectIdentity: 'SMGW' });
  }
  up.logEntries = entries;
  return document;
}

/** A loopback port nobody listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const pick = (r: IntervalReading) => ({ value: r.value, captureTime: r.captureTime, targetTime: r.targetTime, statusFNN: r.statusFNN, signature: r.signature });

/** Readings per qualified logical name, in capture order, reduced to what the gateway transports. */
export function readingsByChannel(usagePoint: UsagePoint, range?: [number, number]): Record<string, ReturnType<typeof pick>[]> {
  const out: Record<string, ReturnType<typeof pick>[]> = {};
  for (const m of usagePoint.meterReadings) {
    out[m.readingType.qualifiedLogicalName] = m.intervalBlocks
      .flatMap((b) => b.readings)
      .filter((r) => !range || (r.captureTime >= range[0] && r.captureTime <= range[1]))
      .sort((a, b) => a.captureTime - b.captureTime)
      .map(pick);
  }
  return out;
}

export function simulatorUsagePoint(sim: RunningSimulator): UsagePoint {
  return sim.dataset.contracts[0]!.usagePoint;
}

/**
 * Compares two channel maps exactly; serialised comparison because deep equality over 140,000 readings is slow.
 * Returns a description of the first difference, or 'equal'.
 */
export function compareReadings(actual: ReturnType<typeof readingsByChannel>, expected: ReturnType<typeof readingsByChannel>): string {
  const keys = Object.keys(expected).sort();
  if (JSON.stringify(Object.keys(actual).sort()) !== JSON.stringify(keys)) return `channels ${Object.keys(actual).join(',')} ≠ ${keys.join(',')}`;
  for (const k of keys) {
    const a = actual[k]!;
    const e = expected[k]!;
    if (a.length !== e.length) return `${k}: ${a.length} readings ≠ ${e.length}`;
    for (let i = 0; i < e.length; i++) {
      const sa = JSON.stringify(a[i]);
      const se = JSON.stringify(e[i]);
      if (sa !== se) return `${k}[${i}]: ${sa} ≠ ${se}`;
    }
  }
  return 'equal';
}

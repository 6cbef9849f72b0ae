/** Shared helpers of the HAN integration tests: one generated 24-month document, closed ports, comparisons. */
import { createServer, type AddressInfo } from 'node:net';
import type { Ar2418Document, IntervalReading, UsagePoint } from '../../model/types';
import { interimSampleDocument } from '../../simulator/gateway/interim-sample';
import type { RunningSimulator } from '../../simulator/gateway/server';

let cached: Ar2418Document | undefined;

/** 24 months of 15-minute import/export readings ending 2026-10-01 (deterministic). */
export function sampleDocument(smgwId = 'ETHE0012345678'): Ar2418Document {
  cached ??= interimSampleDocument({ smgwId, months: 24, end: Date.UTC(2026, 9, 1, 12) });
  return cached;
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

/**
 * Interim data for the gateway simulator until the signed sample generator (src/simulator/sample) offers
 * `generateSampleDocument`: a household with PV, 15-minute import/export registers, a few status words and
 * gaps, and log entries. Readings carry no signatures (honestly absent, not fake).
 */
import { berlinParts, berlinTime } from '../../model/time/berlin';
import type { Ar2418Document, IntervalReading, LogEntry, MeterReading } from '../../model/types';
import { generateHouseholdSeries } from '../sample/load-shapes';

export interface InterimSampleOptions {
  smgwId: string;
  months: number;
  /** Last Berlin midnight covered (default: today's). */
  end?: number;
  seed?: number | string;
  meterId?: string;
  contractId?: string;
}

const OK = 'A000000020000000';

export function interimSampleDocument(options: InterimSampleOptions): Ar2418Document {
  const now = berlinParts(options.end ?? Date.now());
  const end = berlinTime(now.year, now.month, now.day);
  const start = berlinTime(now.year, now.month - options.months, now.day);
  const series = generateHouseholdSeries({ start, end, pv: true, seed: options.seed ?? options.smgwId });
  const meterId = options.meterId ?? '1ESY1160669767';
  const gw = options.smgwId.toLowerCase();
  const contractId = options.contractId ?? `${gw}.taf7-1.sm`;
  const channel = (obis: string, values: number[]): MeterReading => {
    const readings: IntervalReading[] = [];
    series.times.forEach((t, i) => {
      // A gap every ~10 days and a few status words, so that clients meet them.
      if (i % 997 === 500) return;
      const statusFNN = i % 1511 === 700 ? 'A002000020000000' : i % 2003 === 900 ? 'A008000020000000' : OK;
      readings.push({ value: values[i]!, captureTime: t + 1000 * (i % 4), duration: 0, targetTime: t, statusFNN });
    });
    return {
      meterId,
      meterReadingId: `${obis}.${meterId}`,
      readingType: { powerOfTenMultiplier: 0, uom: 72, scaler: 0, obisCode: obis, qualifiedLogicalName: `${obis}.${meterId}.sm`, measurementPeriod: 900 },
      intervalBlocks: [{ start: series.times[0]!, duration: (series.times.at(-1)! - series.times[0]!) / 1000, readings }],
    };
  };
  const logEntries: LogEntry[] = [];
  const levels = [1, 1, 1, 2, 1, 3];
  for (let t = start, n = 1; t <= end; t += 6 * 3600_000, n++) {
    logEntries.push({ recordNumber: n, level: levels[n % levels.length], outcome: n % 17 === 0 ? 1 : 0, timestamp: t + 17_000, text: n % 17 === 0 ? 'Zeitsynchronisation fehlgeschlagen' : 'Messwert versendet' });
  }
  return {
    kind: 'device',
    schemaVersion: '1.4',
    usagePoints: [
      {
        serviceCategory: 0,
        usagePointId: 'DE0001234567890000000000000123456',
        customerId: 'consumer1',
        invoicingPartyId: '9900000000001',
        smgw: { certIds: [], smgwId: options.smgwId, manufacturer: options.smgwId.slice(1, 4), firmwareComponents: [] },
        certificates: [],
        tariffName: contractId,
        logEntries,
        meterReadings: [channel('0100010800ff', series.importWh), channel('0100020800ff', series.exportWh)],
      },
    ],
  };
}

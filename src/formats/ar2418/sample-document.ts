/**
 * Generated device documents for tests and benchmarks (deterministic; no real data involved).
 * Readings are register values every period, captured a few seconds late, with FNN and PTB status and,
 * optionally, signature-like hex fields of the size real gateways write.
 */
import type { Ar2418Document, IntervalReading, MeterReading } from '../../model/types';
import { berlinTime } from '../../model/time/berlin';
import { statusFnnForPtb } from '../../model/status';
import { makeSampleCertificate } from './sample-certificate';

export interface SampleOptions {
  /** First target time (default 2024-01-01 00:00 Berlin). */
  start?: number;
  /** Number of readings per channel (default 97 = one day of quarter hours and the end value). */
  readings?: number;
  periodSeconds?: number;
  /** OBIS hex of each channel (default import and export total). */
  channels?: string[];
  /** Add signature (64 bytes), meterSig and certId to each reading. */
  signed?: boolean;
  /** Capture delay in seconds added to every n-th reading (default 3 s on odd readings). */
  captureDelaySeconds?: number;
  /** DER of the gateway certificate (default: a freshly made self-signed test certificate). */
  certificate?: Uint8Array;
}

const METER_ID = '1XXX0012345678';

function pseudoHex(seed: number, bytes: number): string {
  let x = seed >>> 0 || 1;
  const out = Buffer.allocUnsafe(bytes);
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out.toString('hex').toUpperCase();
}

export function makeSampleDevice(options: SampleOptions = {}): Ar2418Document {
  const start = options.start ?? berlinTime(2024, 1, 1);
  const count = options.readings ?? 97;
  const period = options.periodSeconds ?? 900;
  const channels = options.channels ?? ['0100010800ff', '0100020800ff'];
  const delay = options.captureDelaySeconds ?? 3;
  const ok = statusFnnForPtb(0);
  const meterReadings: MeterReading[] = channels.map((obis, channel) => {
    const readings: IntervalReading[] = new Array(count);
    let value = 1_000_000 * (channel + 1);
    for (let i = 0; i < count; i++) {
      const target = start + i * period * 1000;
      const r: IntervalReading = { value, captureTime: target + (i % 2 === 1 ? delay * 1000 : 0), duration: 0, targetTime: target };
      if (options.signed) {
        r.certId = 1;
        r.meterSig = pseudoHex(i * 7 + channel + 1, 32);
        r.signature = pseudoHex(i * 13 + channel + 5, 64);
      }
      r.statusFNN = ok;
      r.statusPTB = 0;
      readings[i] = r;
      value += (i * 7919 + channel * 104729) % 37;
    }
    return {
      meterId: METER_ID,
      meterReadingId: `${obis.toUpperCase()}.${METER_ID}`,
      readingType: {
        powerOfTenMultiplier: 0,
        uom: 72,
        scaler: -1,
        obisCode: obis,
        qualifiedLogicalName: `${obis.toUpperCase()}.${METER_ID}.sm`,
        measurementPeriod: period,
      },
      intervalBlocks: [{ duration: Math.max(0, count - 1) * period, start, readings }],
    };
  });
  return {
    kind: 'device',
    schemaVersion: '1.2',
    usagePoints: [
      {
        serviceCategory: 0,
        usagePointId: 'DE0000000000000000000000000000001',
        customerId: 'consumer-01',
        invoicingPartyId: 'Lieferant-AG',
        smgw: { certIds: [1], smgwId: 'EXXX0012345678', firmwareComponents: [] },
        certificates: [{ certId: 1, certType: 1, certContent: options.certificate ?? makeSampleCertificate() }],
        tariffName: 'TAF7-Beispiel',
        logEntries: [{ recordNumber: 1, level: 1, text: 'consumer: http authorization', outcome: 0, timestamp: start + 300_000 }],
        meterReadings,
      },
    ],
  };
}


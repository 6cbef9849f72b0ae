/**
 * Signed sample data: a realistic AR 2418-6 device document of a household (with PV when export is
 * asked for) as a gateway would deliver it for TAF-7: 15-minute original value lists of the import and
 * export registers, capture times a few seconds after the quarter hour, DST switches, a few gaps and
 * status words, log entries, and the certificates of the test SM-PKI. Every reading is signed by the
 * gateway's signature key in the `trudi-sim-1` format (src/crypto/signatures/README.md).
 *
 * The data (values, times, gaps, status words, certificates) are a pure function of the options; only the
 * ECDSA signatures of the readings differ between runs (OpenSSL uses random nonces).
 */
import type { PkiCurve } from './sample-options';
import { FORMAT_TOKEN_PREFIX, TRUDI_SIM_FORMAT_ID, trudiSimMessage } from '../../crypto/signatures/message-formats';
import { signMessage } from '../../crypto/signatures/ecdsa';
import { packItems } from '../../crypto/workers/verify-job';
import { sharedVerifyPool, type VerifyPool } from '../../crypto/workers/verify-pool';
import { berlinParts, berlinStartOfDay, berlinTime } from '../../model/time/berlin';
import type { Ar2418Document, IntervalBlock, IntervalReading, LogEntry, MeterReading, UsagePoint } from '../../model/types';
import { createTestPki, type TestPki } from '../pki/test-pki';
import { createPrng, generateHouseholdSeries } from './load-shapes';

export type SampleChannel = 'import' | 'export';

export interface SampleOptions {
  /** Berlin calendar months of data (default 1). */
  months?: number;
  /** First reading, epoch ms (default 2024-01-01 00:00 Berlin). */
  start?: number;
  channels?: SampleChannel[];
  curve?: PkiCurve;
  seed?: string;
  gatewayId?: string;
  /** Reading period in seconds (default 900). */
  periodSeconds?: number;
  /** Whether to leave a few gaps (default true). */
  gaps?: boolean;
  /** Certificate validity of the gateway certificates (default 2020 … 2032). */
  certificateNotBefore?: Date;
  certificateNotAfter?: Date;
}

export interface SampleResult {
  document: Ar2418Document;
  pki: TestPki;
}

export const SAMPLE_GENERATOR_VERSION = `TRuDI-sample/1 ${FORMAT_TOKEN_PREFIX}${TRUDI_SIM_FORMAT_ID}`;
const CHANNEL_OBIS: Record<SampleChannel, string> = { import: '0100010800ff', export: '0100020800ff' };
const STATUS_OK = 'A000000020000000';
const STATUS_WARNING = 'A008000020000000';
const STATUS_NO_VALUE = 'A004000020000000';
const STATUS_INVALID = 'A002000020000000';

/** The sample document WITHOUT signatures (fast, synchronous; readings carry no `signature`). Use `generateSignedSampleDocument` for signed data. */
export function generateSampleDocument(options: SampleOptions = {}): Ar2418Document {
  return buildSample(options).document;
}

/** The sample document with every reading signed (uses the worker pool for large documents). */
export async function generateSignedSampleDocument(options: SampleOptions = {}, pool?: VerifyPool): Promise<SampleResult> {
  const sample = buildSample(options);
  await signDocument(sample.document, sample.pki, pool);
  return sample;
}

function buildSample(options: SampleOptions): SampleResult {
  const seed = options.seed ?? 'trudi-sample';
  const months = options.months ?? 1;
  if (!Number.isInteger(months) || months < 1 || months > 36) throw new RangeError(`months must be 1 … 36, got ${months}`);
  const channels = options.channels ?? ['import', 'export'];
  if (channels.length === 0) throw new RangeError('at least one channel is needed');
  const periodSeconds = options.periodSeconds ?? 900;
  const start = options.start ?? berlinTime(2024, 1, 1);
  const p = berlinParts(start);
  const end = berlinTime(p.year, p.month + months, p.day, p.hour, p.minute, p.second);
  const random = createPrng(`${seed}|document`);

  const pki = createTestPki({
    curve: options.curve ?? 'brainpoolP256r1',
    seed,
    ...(options.gatewayId ? { gatewayId: options.gatewayId } : {}),
    ...(options.certificateNotBefore ? { notBefore: options.certificateNotBefore } : {}),
    ...(options.certificateNotAfter ? { notAfter: options.certificateNotAfter } : {}),
  });
  const gatewayId = pki.gatewayId;
  const meterId = `1TRU${gatewayId.slice(4)}`;
  const series = generateHouseholdSeries({ start, end: end - periodSeconds * 1000, periodSeconds, seed, pv: channels.includes('export') });

  // A few gaps (no reading delivered) and status words, placed deterministically.
  const count = series.times.length;
  const gaps = new Set<number>();
  const readingsIn = (seconds: number) => Math.max(1, Math.round(seconds / periodSeconds));
  const gapPlan = [
    { at: 0.23, length: readingsIn(7200) }, // two hours
    { at: 0.51, length: readingsIn(86_400) }, // one day
    { at: 0.77, length: readingsIn(2700) }, // 45 minutes
  ];
  const statusAt = new Map<number, string>();
  for (const gap of options.gaps === false ? [] : gapPlan) {
    const first = Math.floor(count * gap.at);
    for (let i = first; i < Math.min(count, first + gap.length); i++) gaps.add(i);
    if (first - 1 >= 0) statusAt.set(first - 1, STATUS_WARNING);
    if (first + gap.length < count) statusAt.set(first + gap.length, STATUS_NO_VALUE);
  }
  statusAt.set(Math.floor(count * 0.64), STATUS_INVALID);

  const captureOffsets = series.times.map(() => 1 + Math.floor(random() * 4));
  const meterReadings: MeterReading[] = channels.map((channel) => {
    const registers = channel === 'import' ? series.importWh : series.exportWh;
    const obis = CHANNEL_OBIS[channel];
    const blocks: IntervalBlock[] = [];
    let block: IntervalBlock | undefined;
    for (let i = 0; i < count; i++) {
      const t = series.times[i]!;
      const dayStart = berlinStartOfDay(t);
      if (!block || t >= block.start + block.duration * 1000) {
        const q = berlinParts(dayStart);
        const next = berlinTime(q.year, q.month, q.day + 1);
        block = { start: dayStart, duration: (next - dayStart) / 1000, readings: [] };
        blocks.push(block);
      }
      if (gaps.has(i)) continue;
      const reading: IntervalReading = {
        value: registers[i]!,
        captureTime: t + captureOffsets[i]! * 1000,
        duration: 0,
        statusFNN: statusAt.get(i) ?? STATUS_OK,
      };
      block.readings.push(reading);
    }
    return {
      meterId,
      meterReadingId: `${channel}-${meterId}`,
      readingType: { powerOfTenMultiplier: 0, uom: 72, scaler: 0, obisCode: obis, qualifiedLogicalName: `${obis}.${meterId}.sm`, measurementPeriod: periodSeconds },
      intervalBlocks: blocks.filter((b) => b.readings.length > 0),
    };
  });

  const usagePoint: UsagePoint = {
    serviceCategory: 0,
    usagePointId: `DE000${String(Math.floor(createPrng(seed)() * 1e9)).padStart(9, '0')}TRUDI0000000000001`.slice(0, 33),
    customerId: `consumer.${gatewayId.toLowerCase()}`,
    invoicingPartyId: '9900000000003',
    smgw: {
      certIds: [1, 2, 3],
      smgwId: gatewayId,
      manufacturer: 'TRuDI test gateway (simulated)',
      firmwareVersion: '1.0.0-test',
      firmwareComponents: [
        { name: 'smgw-core', version: '1.0.0', checksum: 'a3f1c2d4' },
        { name: 'smgw-han', version: '1.0.0', checksum: '5e6f7a8b' },
      ],
      systemTime: end,
    },
    certificates: [
      { certId: 1, certType: 1, parentCertId: 2, certContent: pki.gatewaySignature.certificate },
      { certId: 2, certType: 2, certContent: pki.subCa.certificate },
      { certId: 3, certType: 3, parentCertId: 2, certContent: pki.gatewayTls.certificate },
    ],
    tariffName: 'TAF-7',
    logEntries: logEntries(start, end, random),
    meterReadings,
  };
  const document: Ar2418Document = { kind: 'device', schemaVersion: '1.4', generatorVersion: SAMPLE_GENERATOR_VERSION, usagePoints: [usagePoint] };
  return { document, pki };
}

function logEntries(start: number, end: number, random: () => number): LogEntry[] {
  const texts: [number, number, string][] = [
    [1, 0, 'Zeitsynchronisation erfolgreich'],
    [1, 0, 'Letztverbraucher hat sich an der HAN-Schnittstelle angemeldet'],
    [1, 0, 'Messwerte abgerufen'],
    [2, 0, 'Zähler hat innerhalb der Frist keinen Messwert geliefert'],
    [1, 0, 'Firmware-Selbsttest bestanden'],
    [3, 1, 'Verbindung zum Zähler unterbrochen'],
    [1, 0, 'Verbindung zum Zähler wiederhergestellt'],
    [2, 1, 'Anmeldung an der HAN-Schnittstelle fehlgeschlagen (falsches Passwort)'],
  ];
  const entries: LogEntry[] = [];
  const span = end - start;
  for (let i = 0; i < 24; i++) {
    const [level, outcome, text] = texts[Math.floor(random() * texts.length)]!;
    entries.push({ level, outcome, text, timestamp: Math.floor((start + (span * (i + random())) / 24) / 1000) * 1000, subjectIdentity: 'SMGW' });
  }
  entries.sort((a, b) => a.timestamp! - b.timestamp!);
  entries.forEach((e, i) => (e.recordNumber = i + 1));
  return entries;
}

const SIGN_BATCH = 1024;

/** Signs every reading of the document in place (trudi-sim-1, raw r‖s, upper-case hex). */
export async function signDocument(document: Ar2418Document, pki: TestPki, pool?: VerifyPool): Promise<void> {
  const key = pki.gatewaySignature.key;
  const targets: IntervalReading[] = [];
  const messages: Uint8Array[] = [];
  for (const usagePoint of document.usagePoints) {
    for (const meterReading of usagePoint.meterReadings) {
      for (const block of meterReading.intervalBlocks) {
        for (const reading of block.readings) {
          targets.push(reading);
          messages.push(trudiSimMessage({ usagePoint, meterReading, reading }));
        }
      }
    }
  }
  if (targets.length < 512) {
    targets.forEach((reading, i) => (reading.signature = Buffer.from(signMessage(key.curve.hash, messages[i]!, key.privateKey)).toString('hex').toUpperCase()));
    return;
  }
  const workers = pool ?? sharedVerifyPool();
  const pkcs8 = new Uint8Array(key.privateKey.export({ format: 'der', type: 'pkcs8' }));
  const jobs: Promise<void>[] = [];
  for (let startIndex = 0; startIndex < targets.length; startIndex += SIGN_BATCH) {
    const end = Math.min(targets.length, startIndex + SIGN_BATCH);
    const packed = packItems(messages.slice(startIndex, end), []);
    jobs.push(
      workers.sign({ pkcs8, hash: key.curve.hash, encoding: 'ieee-p1363', messages: packed.messages, messageOffsets: packed.messageOffsets }).then(({ signatures, signatureOffsets }) => {
        for (let i = startIndex; i < end; i++) {
          const j = i - startIndex;
          targets[i]!.signature = Buffer.from(signatures.subarray(signatureOffsets[j]!, signatureOffsets[j + 1]!)).toString('hex').toUpperCase();
        }
      }),
    );
  }
  await Promise.all(jobs);
}

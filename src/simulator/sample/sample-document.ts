/**
 * The one generator of sample AR 2418-6 device documents (for the simulator, `trudi sample`, tests and
 * benches; production code does not import it, apart from the CLI's `sample` command). Two styles:
 *
 * - `household` (default): a realistic document of a household (with PV when export is asked for) as a
 *   gateway would deliver it for TAF-7: 15-minute original value lists of the import and export registers,
 *   capture times a few seconds after the quarter hour, one interval block per Berlin day (23/25-hour blocks
 *   on the DST days), a few gaps and status words, log entries, and the certificates of the test SM-PKI.
 *   With `generateSignedSampleDocument` every reading is signed by the gateway's signature key in the
 *   `trudi-sim-1` format (src/crypto/signatures/README.md).
 * - `minimal`: the smallest document that fills every reading field the format has (targetTime, statusPTB,
 *   schema 1.2), with fixed ids (gateway EXXX0012345678, meter 1XXX0012345678, tariff `TAF7-Beispiel`), a
 *   self-signed certificate and register steps of a few Wh from 1,000,000 Wh × channel number; every odd
 *   reading captured `captureDelaySeconds` late. Fast and synchronous, for format, archive and parser tests.
 *
 * Shared by both: the reading grid (`readings` or `months`, `periodSeconds`, Berlin calendar steps for day
 * and month periods), the channels, the gap plan (`gaps`) and the placeholder signatures
 * (`placeholderSignatures`). The data are a pure function of the options; only real ECDSA signatures differ
 * between runs (OpenSSL uses random nonces).
 */
import type { PkiCurve } from './sample-options';
import { FORMAT_TOKEN_PREFIX, TRUDI_SIM_FORMAT_ID, trudiSimMessage } from '../../crypto/signatures/message-formats';
import { signMessage } from '../pki/sign-message';
import { packItems } from '../../crypto/workers/verify-job';
import { sharedVerifyPool, type VerifyPool } from '../../crypto/workers/verify-pool';
import { nextGridTime } from '../../model/calendar-steps';
import { statusFnnForPtb, type PtbStatus } from '../../model/status';
import { berlinParts, berlinStartOfDay, berlinTime } from '../../model/time/berlin';
import type { Ar2418Document, IntervalBlock, IntervalReading, LogEntry, MeterReading, UsagePoint } from '../../model/types';
import { createTestPki, type TestPki } from '../pki/test-pki';
import { createPrng, generateHouseholdSeries } from './load-shapes';
import { makeSampleCertificate } from './sample-certificate';

export type SampleChannel = 'import' | 'export';
export type SampleStyle = 'household' | 'minimal';

export interface SampleOptions {
  /** `household` (default) or `minimal` (see the module comment). */
  style?: SampleStyle;
  /** Berlin calendar months of data (default 1; ignored when `readings` is given). */
  months?: number;
  /** Readings per channel, first and last included (instead of `months`). */
  readings?: number;
  /** First reading, epoch ms (default 2024-01-01 00:00 Berlin). */
  start?: number;
  /** `import`/`export` or an OBIS code in hex, e.g. `0100010800ff` (default import and export). */
  channels?: (SampleChannel | string)[];
  curve?: PkiCurve;
  seed?: string;
  gatewayId?: string;
  /** Reading period in seconds (default 900). */
  periodSeconds?: number;
  /** Whether to leave a few gaps (default: true for `household`, false for `minimal`). */
  gaps?: boolean;
  /**
   * Signature-sized hex in every reading (certId 1, meterSig of 32 bytes, signature of 64 bytes) that is NOT
   * a valid signature: for parsers, the archive and benches that do not verify. Real signatures:
   * `generateSignedSampleDocument`.
   */
  placeholderSignatures?: boolean;
  /** `minimal` only: seconds every odd reading is captured after its target time (default 3). */
  captureDelaySeconds?: number;
  /** `minimal` only: DER of the gateway certificate (default a cached self-signed test certificate). */
  certificate?: Uint8Array;
  /** `household` only: validity of the gateway certificates (default 2020 … 2032). */
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

/** The sample document WITHOUT valid signatures (fast, synchronous). Use `generateSignedSampleDocument` for signed data. */
export function generateSampleDocument(options: SampleOptions = {}): Ar2418Document {
  const document = options.style === 'minimal' ? buildMinimal(options) : buildHousehold(options).document;
  if (options.placeholderSignatures) addPlaceholderSignatures(document);
  return document;
}

/** The `household` sample document with every reading signed (uses the worker pool for large documents). */
export async function generateSignedSampleDocument(options: SampleOptions = {}, pool?: VerifyPool): Promise<SampleResult> {
  if (options.style === 'minimal') throw new RangeError('minimal sample documents carry placeholder signatures only (placeholderSignatures); use the household style for real ones');
  if (options.placeholderSignatures) throw new RangeError('placeholderSignatures and real signatures exclude each other');
  const sample = buildHousehold(options);
  await signDocument(sample.document, sample.pki, pool);
  return sample;
}

/**
 * The reading times: `readings` of them from `start`, or those of `months` Berlin calendar months (the
 * month end excluded); `end` is the instant after the last period (the gateway's system time).
 */
function readingGrid(options: SampleOptions): { times: number[]; end: number } {
  const periodSeconds = options.periodSeconds ?? 900;
  const start = options.start ?? berlinTime(2024, 1, 1);
  const times: number[] = [];
  if (options.readings !== undefined) {
    if (!Number.isInteger(options.readings) || options.readings < 1) throw new RangeError(`readings must be a whole number >= 1, got ${options.readings}`);
    let t = start;
    for (let i = 0; i < options.readings; i++, t = nextGridTime(t, periodSeconds)) times.push(t);
    return { times, end: t };
  }
  const months = options.months ?? 1;
  if (!Number.isInteger(months) || months < 1 || months > 36) throw new RangeError(`months must be 1 … 36, got ${months}`);
  const p = berlinParts(start);
  const end = berlinTime(p.year, p.month + months, p.day, p.hour, p.minute, p.second);
  for (let t = start; t <= end - periodSeconds * 1000; t = nextGridTime(t, periodSeconds)) times.push(t);
  return { times, end };
}

function channelsOf(options: SampleOptions): { obis: string; name: string; exportRegister: boolean }[] {
  const channels = options.channels ?? ['import', 'export'];
  if (channels.length === 0) throw new RangeError('at least one channel is needed');
  return channels.map((c) => {
    if (c === 'import' || c === 'export') return { obis: CHANNEL_OBIS[c], name: c, exportRegister: c === 'export' };
    if (!/^[0-9a-f]{12}$/i.test(c)) throw new RangeError(`a channel is import, export or an OBIS code of 12 hex digits, got "${c}"`);
    return { obis: c.toLowerCase(), name: c.toLowerCase(), exportRegister: c.slice(4, 6) === '02' };
  });
}

/** A few gaps (no reading delivered) and status words around them, placed at fixed shares of the list. */
function gapPlan(count: number, periodSeconds: number, withGaps: boolean, invalidStatus: boolean): { gaps: Set<number>; statusAt: Map<number, string> } {
  const gaps = new Set<number>();
  const statusAt = new Map<number, string>();
  const readingsIn = (seconds: number) => Math.max(1, Math.round(seconds / periodSeconds));
  const plan = [
    { at: 0.23, length: readingsIn(7200) }, // two hours
    { at: 0.51, length: readingsIn(86_400) }, // one day
    { at: 0.77, length: readingsIn(2700) }, // 45 minutes
  ];
  for (const gap of withGaps ? plan : []) {
    const first = Math.floor(count * gap.at);
    for (let i = first; i < Math.min(count, first + gap.length); i++) gaps.add(i);
    if (first - 1 >= 0) statusAt.set(first - 1, STATUS_WARNING);
    if (first + gap.length < count) statusAt.set(first + gap.length, STATUS_NO_VALUE);
  }
  if (invalidStatus) statusAt.set(Math.floor(count * 0.64), STATUS_INVALID);
  return { gaps, statusAt };
}

function meterReadingOf(meterId: string, meterReadingId: string, obis: string, qualifiedObis: string, scaler: number, periodSeconds: number, intervalBlocks: IntervalBlock[]): MeterReading {
  return {
    meterId,
    meterReadingId,
    readingType: { powerOfTenMultiplier: 0, uom: 72, scaler, obisCode: obis, qualifiedLogicalName: `${qualifiedObis}.${meterId}.sm`, measurementPeriod: periodSeconds },
    intervalBlocks,
  };
}

/** The PTB status of the FNN words the gap plan writes (the minimal style writes both fields). */
const PTB_OF_STATUS: Record<string, PtbStatus> = { [STATUS_OK]: 0, [STATUS_WARNING]: 1, [STATUS_NO_VALUE]: 2, [STATUS_INVALID]: 3 };

const MINIMAL_METER_ID = '1XXX0012345678';
const MINIMAL_GATEWAY_ID = 'EXXX0012345678';

function buildMinimal(options: SampleOptions): Ar2418Document {
  const { times } = readingGrid(options);
  const start = times[0]!;
  const period = options.periodSeconds ?? 900;
  const delay = options.captureDelaySeconds ?? 3;
  const count = times.length;
  const { gaps, statusAt } = gapPlan(count, period, options.gaps ?? false, false);
  const meterReadings = channelsOf(options).map(({ obis }, channel) => {
    const readings: IntervalReading[] = [];
    let value = 1_000_000 * (channel + 1);
    for (let i = 0; i < count; i++) {
      const target = times[i]!;
      if (!gaps.has(i)) {
        const ptb = PTB_OF_STATUS[statusAt.get(i) ?? STATUS_OK] ?? 0;
        readings.push({ value, captureTime: target + (i % 2 === 1 ? delay * 1000 : 0), duration: 0, targetTime: target, statusFNN: statusFnnForPtb(ptb), statusPTB: ptb });
      }
      value += (i * 7919 + channel * 104729) % 37;
    }
    return meterReadingOf(MINIMAL_METER_ID, `${obis.toUpperCase()}.${MINIMAL_METER_ID}`, obis, obis.toUpperCase(), -1, period, [{ duration: (times.at(-1)! - start) / 1000, start, readings }]);
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
        smgw: { certIds: [1], smgwId: MINIMAL_GATEWAY_ID, firmwareComponents: [] },
        certificates: [{ certId: 1, certType: 1, certContent: options.certificate ?? makeSampleCertificate() }],
        tariffName: 'TAF7-Beispiel',
        logEntries: [{ recordNumber: 1, level: 1, text: 'consumer: http authorization', outcome: 0, timestamp: start + 300_000 }],
        meterReadings,
      },
    ],
  };
}

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

/** certId, meterSig and signature of the real sizes, deterministic and invalid (see `placeholderSignatures`). */
function addPlaceholderSignatures(document: Ar2418Document): void {
  for (const usagePoint of document.usagePoints) {
    usagePoint.meterReadings.forEach((meterReading, channel) => {
      let i = 0;
      for (const block of meterReading.intervalBlocks) {
        for (const reading of block.readings) {
          reading.certId = 1;
          reading.meterSig = pseudoHex(i * 7 + channel + 1, 32);
          reading.signature = pseudoHex(i * 13 + channel + 5, 64);
          i++;
        }
      }
    });
  }
}

function buildHousehold(options: SampleOptions): SampleResult {
  const seed = options.seed ?? 'trudi-sample';
  const channels = channelsOf(options);
  const periodSeconds = options.periodSeconds ?? 900;
  const { times, end } = readingGrid(options);
  const start = times[0]!;
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
  const series = generateHouseholdSeries({ start, end: times.at(-1)!, periodSeconds, seed, pv: channels.some((c) => c.exportRegister) });

  const count = times.length;
  const { gaps, statusAt } = gapPlan(count, periodSeconds, options.gaps ?? true, true);

  const captureOffsets = series.times.map(() => 1 + Math.floor(random() * 4));
  const meterReadings: MeterReading[] = channels.map((channel) => {
    const registers = channel.exportRegister ? series.exportWh : series.importWh;
    const obis = channel.obis;
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
    return meterReadingOf(meterId, `${channel.name}-${meterId}`, obis, obis, 0, periodSeconds, blocks.filter((b) => b.readings.length > 0));
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

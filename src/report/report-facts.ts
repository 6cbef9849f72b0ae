/**
 * Everything the report states, computed once and without language: the bill check (TAF-1/TAF-2) or, without
 * a supplier file, the meter's own registers over the period; the per-day status; the daily energies for the
 * chart; the signature verification; the checksums; the files to attach.
 */
import { createHash } from 'node:crypto';
import { ApiError, CancelledError } from '../api/errors';
import { computeBillCost, costOfTaf, type BillCost, type CostRegister } from '../analysis/bill-cost';
import { prepareChannels, type Channel } from '../analysis/channel';
import { selectChannels, seriesFor, type SeriesPoint } from '../analysis/consumption';
import { AnalysisError } from '../analysis/errors';
import type { Prices } from '../analysis/prices';
import { dailyStatusOverview, type DayStatus } from '../analysis/status-overview';
import { computeTaf } from '../analysis/taf';
import type { TafResult } from '../analysis/taf-result';
import { toSummary, verifyDocument, type VerificationSummary } from '../crypto/verify-document';
import { writeAr2418Bytes } from '../formats/ar2418/writer';
import { berlinStartOfDay, formatBerlinIso, nextBerlinDay } from '../model/time/berlin';
import type { UsagePoint } from '../model/types';
import { rawToDisplay, registerRows, scaling, type RegisterRow } from './register-rows';
import type { ReportAttachment, ReportInput, ReportOptions } from './types';

export interface FileFacts {
  fileName: string;
  size: number;
  sha256: string;
  sha3_256: string;
}

export interface ReportFacts {
  usagePoint: UsagePoint;
  supplierPoint?: UsagePoint;
  /** The original value lists of the usage point (meter readings every 15 minutes, …). */
  originals: Channel[];
  /** The range the numbers cover (epoch ms). */
  begin: number;
  end: number;
  /** The billing period as the supplier file states it. */
  billingPeriod?: { start: number; end: number };
  taf?: TafResult;
  /** Why the bill check could not be made (the rest of the report still stands). */
  tafError?: { code: string; de: string; en: string };
  registers: RegisterRow[];
  totals: RegisterRow[];
  /** The cost when prices were given: the bill check's registers, or the meter's registers over the range. */
  cost?: BillCost;
  /** Energy per day in kWh: per register with a supplier file, else import/export. */
  daily: DailyEnergy;
  statusDays: DayStatus[];
  verification: VerificationSummary | null;
  verificationError?: string;
  device: FileFacts & { generated: boolean };
  supplier?: FileFacts;
  attachments: ReportAttachment[];
}

export interface DailyEnergy {
  /** `YYYY-MM-DD` per day. */
  days: string[];
  series: { key: string; obis: string; tariffNumber: number | null; direction: 'import' | 'export'; values: (number | null)[] }[];
  unit: string;
  /** Decimal places the values carry exactly. */
  decimals: number;
}

/**
 * With a supplier file the cost is the bill check's (its billing period); without one the meter's registers
 * over the report's range are priced. Rows that are only the gateway's registers (no recomputation without a
 * tariff file) are left out: they cannot be priced, and pricing the meter's total register is what is possible.
 */
function reportCost(prices: Prices, taf: TafResult | undefined, registers: RegisterRow[], begin: number, end: number): BillCost {
  if (taf) return costOfTaf(taf, prices);
  const priced = registers.filter((r) => r.recomputedMissing !== 'needs-supplier-file').map(costRegisterOfRow);
  return computeBillCost(priced, prices, { start: formatBerlinIso(begin), end: formatBerlinIso(end) });
}

/** A report row as a cost register: the recomputed kWh are exact at the row's decimals. */
function costRegisterOfRow(r: RegisterRow): CostRegister {
  const notes = Array.isArray(r.recomputedMissing) ? r.recomputedMissing.map((m) => ({ de: m.de, en: m.en })) : [];
  const amount = r.recomputed === null ? null : Number(r.recomputed.toFixed(r.decimals).replace('.', ''));
  return { obis: r.obis, tariffNumber: r.tariffNumber, amount, scaler: -r.decimals, unit: r.unit, notes };
}

export async function collectReportFacts(input: ReportInput, options: ReportOptions): Promise<ReportFacts> {
  const progress = options.onProgress ?? (() => {});
  const check = () => {
    if (options.signal?.aborted) throw new CancelledError('Report');
  };
  progress({ fraction: 0.02, message: 'report.analysing' });
  const supplierPoint = input.supplier?.document.usagePoints.find((u) => u.analysisProfile);
  const usagePoint = pickUsagePoint(input, supplierPoint);
  const channels = prepareChannels(usagePoint);
  const originals = channels.filter((c) => c.original && c.times.length > 0);

  let taf: TafResult | undefined;
  let tafError: ReportFacts['tafError'];
  if (input.supplier) {
    try {
      taf = computeTaf(usagePoint, input.supplier.document, { supplierBytes: input.supplier.bytes });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      tafError = { code: error.code, de: error instanceof AnalysisError ? error.messageDe : (error.de ?? error.message), en: error instanceof AnalysisError ? error.messageEn : (error.en ?? error.message) };
    }
  }
  check();

  const profile = supplierPoint?.analysisProfile;
  const billingPeriod = profile ? { start: profile.billingPeriod.start, end: profile.billingPeriod.start + profile.billingPeriod.duration * 1000 } : undefined;
  const { begin, end } = reportRange(input, originals, taf, billingPeriod);
  const rows = registerRows({ taf, channels, begin, end, billed: input.billed ?? [] });
  const cost = input.prices ? reportCost(input.prices, taf, rows.registers, begin, end) : undefined;

  const gasDay = originals[0]?.gasDay ?? false;
  const days = wholeDays(begin, end);
  const statusDays = days ? dailyStatusOverview(originals, days.from, days.to, gasDay) : [];
  const daily = taf ? dailyFromTaf(taf) : dailyFromReadings(channels, begin, end, gasDay);
  check();

  progress({ fraction: 0.1, message: 'report.verifying' });
  let verification: VerificationSummary | null = input.verification ?? null;
  let verificationError: string | undefined;
  if (!verification) {
    try {
      const result = await verifyDocument(input.device.document, input.device.bytes, {
        trustAnchors: options.trustAnchors ?? [],
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: ({ done, total }) => progress({ fraction: 0.1 + 0.6 * (total ? done / total : 1), message: 'report.verifying' }),
      });
      verification = toSummary(result);
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      verificationError = error instanceof Error ? error.message : String(error);
    }
  }
  check();

  const generated = !input.device.bytes;
  const deviceBytes = input.device.bytes ?? writeAr2418Bytes(input.device.document);
  const device = { ...fileFacts(input.device.fileName, deviceBytes), generated };
  const supplier = input.supplier ? fileFacts(input.supplier.fileName, input.supplier.bytes) : undefined;
  const attachments = attachmentsOf(input, deviceBytes, generated);

  return {
    usagePoint,
    ...(supplierPoint ? { supplierPoint } : {}),
    originals,
    begin,
    end,
    ...(billingPeriod ? { billingPeriod } : {}),
    ...(taf ? { taf } : {}),
    ...(tafError ? { tafError } : {}),
    registers: rows.registers,
    totals: rows.totals,
    ...(cost ? { cost } : {}),
    daily,
    statusDays,
    verification,
    ...(verificationError ? { verificationError } : {}),
    device,
    ...(supplier ? { supplier } : {}),
    attachments,
  };
}

/**
 * The whole (Berlin) days of the range, for the per-day status: a day the range covers only in part (a
 * billing period ending at 01:00) would count its hours outside the range as gaps.
 */
function wholeDays(begin: number, end: number): { from: number; to: number } | undefined {
  const from = berlinStartOfDay(begin) === begin ? begin : nextBerlinDay(berlinStartOfDay(begin));
  const to = berlinStartOfDay(end);
  return to > from ? { from, to } : undefined;
}

function pickUsagePoint(input: ReportInput, supplierPoint: UsagePoint | undefined): UsagePoint {
  const points = input.device.document.usagePoints;
  if (input.usagePointId !== undefined) {
    const named = points.find((u) => u.usagePointId === input.usagePointId);
    if (!named) {
      const known = points.map((u) => `„${u.usagePointId}“`).join(', ');
      const knownEn = points.map((u) => `"${u.usagePointId}"`).join(', ');
      throw ApiError.localized(
        'UNKNOWN_USAGE_POINT',
        `Die Ablesung hat keinen Vertrag „${input.usagePointId}“; sie hat ${known}. Wählen Sie einen davon.`,
        `The read-out has no contract "${input.usagePointId}"; it has ${knownEn}. Choose one of them.`,
      );
    }
    return named;
  }
  const withReadings = points.filter((u) => u.meterReadings.length > 0);
  const chosen = (supplierPoint && withReadings.find((u) => u.usagePointId === supplierPoint.usagePointId)) ?? withReadings[0] ?? points[0];
  if (!chosen) {
    throw ApiError.localized('EMPTY_DOCUMENT', 'Die Gerätedaten enthalten keinen Zählpunkt.', 'The device data contain no usage point.');
  }
  return chosen;
}

function reportRange(input: ReportInput, originals: Channel[], taf: TafResult | undefined, billingPeriod: { start: number; end: number } | undefined): { begin: number; end: number } {
  if (taf) return { begin: Date.parse(taf.begin), end: Date.parse(taf.end) };
  if (billingPeriod) return { begin: billingPeriod.start, end: billingPeriod.end };
  const { importChannel, exportChannel } = selectChannels(originals);
  const main = importChannel ?? exportChannel ?? originals[0];
  const first = main ? main.times[0]! : 0;
  const last = main ? main.times[main.times.length - 1]! : 0;
  const begin = input.from !== undefined ? Math.max(input.from, first) : first;
  const end = input.to !== undefined ? Math.min(input.to, last) : last;
  return { begin, end: Math.max(begin, end) };
}

/** Register amounts per day of the bill check, in kWh (raw amount × 10^scaler, Wh → kWh). */
function dailyFromTaf(taf: TafResult): DailyEnergy {
  const byObis = new Map(taf.registers.map((r) => [r.obis, r]));
  const series = taf.registers.map((r) => ({
    key: r.obis,
    obis: r.obis,
    tariffNumber: r.tariffNumber,
    direction: r.obis.includes(':2.8.') ? ('export' as const) : ('import' as const),
    values: [] as (number | null)[],
  }));
  const days: string[] = [];
  for (const day of taf.days) {
    days.push(day.date);
    const amounts = new Map(day.registers.map((r) => [r.obis, r.amount]));
    for (const s of series) {
      const register = byObis.get(s.obis)!;
      const amount = amounts.get(s.obis) ?? 0;
      s.values.push(rawToDisplay(amount, register.scaler, register.unit));
    }
  }
  const first = taf.registers[0];
  return { days, series, unit: first ? scaling(first.scaler, first.unit).unit : 'kWh', decimals: Math.max(0, ...taf.registers.map((r) => scaling(r.scaler, r.unit).decimals)) };
}

function dailyFromReadings(channels: Channel[], begin: number, end: number, gasDay: boolean): DailyEnergy {
  const { importChannel, exportChannel } = selectChannels(channels);
  const unit = (importChannel ?? exportChannel)?.display.unit ?? 'kWh';
  const decimals = Math.min(3, scaling((importChannel ?? exportChannel)?.scaler ?? 0, (importChannel ?? exportChannel)?.unit ?? '').decimals);
  if (end <= begin || (!importChannel && !exportChannel)) return { days: [], series: [], unit, decimals };
  const points: SeriesPoint[] = seriesFor(importChannel, exportChannel, 'day', begin, end, gasDay);
  const series: DailyEnergy['series'] = [];
  if (importChannel) series.push({ key: 'import', obis: importChannel.obis, tariffNumber: null, direction: 'import', values: points.map((p) => p.import) });
  if (exportChannel) series.push({ key: 'export', obis: exportChannel.obis, tariffNumber: null, direction: 'export', values: points.map((p) => p.export) });
  return { days: points.map((p) => p.start.slice(0, 10)), series, unit, decimals };
}

function fileFacts(fileName: string, bytes: Uint8Array): FileFacts {
  return { fileName, size: bytes.length, sha256: hashHex('sha256', bytes), sha3_256: hashHex('sha3-256', bytes) };
}

export function hashHex(algorithm: 'sha256' | 'sha3-256', bytes: Uint8Array): string {
  return createHash(algorithm).update(bytes).digest('hex').toUpperCase();
}

function attachmentsOf(input: ReportInput, deviceBytes: Uint8Array, generated: boolean): ReportAttachment[] {
  const list: ReportAttachment[] = [
    {
      fileName: input.device.fileName,
      bytes: deviceBytes,
      mimeType: 'application/xml',
      description: !generated
        ? 'Device data as read, byte for byte (AR 2418-6) / Gerätedaten wie gelesen, byte-genau'
        : input.source === 'demo'
          ? 'Device data: generated demo data (AR 2418-6) / Gerätedaten: erzeugte Demodaten'
          : 'Device data written from the read-out (AR 2418-6, signed readings as received) / Gerätedaten aus der Auslesung geschrieben (signierte Messwerte wie empfangen)',
      relationship: 'Source',
    },
  ];
  if (input.supplier) {
    list.push({
      fileName: input.supplier.fileName,
      bytes: input.supplier.bytes,
      mimeType: 'application/xml',
      description: 'Supplier tariff file, byte for byte (AR 2418-6) / Tarifdatei des Lieferanten, byte-genau',
      relationship: 'Source',
    });
  }
  list.push(...(input.originals ?? []));
  return list;
}

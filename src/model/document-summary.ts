/**
 * What `inspect` shows about a document (also useful for the UI): usage points, contracts, channels with
 * OBIS, counts, first/last, measurement period, gaps, status counts, log entries, certificates.
 * JSON-safe (times as ISO 8601 with the Berlin offset).
 */
import type { Ar2418Document, MeterReading } from './types';
import { obisHexToText, describeObis } from './obis';
import { isOriginalValueList, readingCount } from './value-list';
import { measurementPeriodOf } from './measurement-period';
import { findGapsInTimes, targetTimes } from './gaps';
import { decodeStatusFnn, ptbStatusOf } from './status';
import { unitText } from './units';
import { gatewayFlag, FLAG_VENDORS } from './gateway-id';
import { formatBerlinIso } from './time/berlin';

export interface ChannelSummary {
  obis: string;
  obisText: string;
  description: { de: string; en: string };
  qualifiedLogicalName: string;
  meterId: string;
  kind: 'original value list' | 'derived registers';
  unit: string;
  scaler: number;
  readings: number;
  intervalBlocks: number;
  first?: string;
  last?: string;
  measurementPeriodSeconds?: number;
  measurementPeriodSource: 'document' | 'detected' | 'unknown';
  gaps: number;
  missingValues: number;
  /** Count per PTB status 0-4 and readings without status. */
  status: { ptb0: number; ptb1: number; ptb2: number; ptb3: number; ptb4: number; none: number };
  /** FNN bit orders seen, e.g. ['lsb-first'] or ['msb-first'] (the older TRuDI order). */
  fnnBitOrders: string[];
}

export interface UsagePointSummary {
  usagePointId: string;
  serviceCategory: number;
  customerId: string;
  invoicingPartyId: string;
  smgwId: string;
  vendor?: string;
  firmwareVersion?: string;
  tariffName: string;
  analysisProfile?: { tariffUseCase: number; tariffId: string; billingPeriodStart: string; billingPeriodEnd: string; tariffStages: number };
  certificates: { certId: number; certType: number; bytes: number }[];
  logEntries: { count: number; byLevel: Record<string, number>; first?: string; last?: string };
  channels: ChannelSummary[];
}

export interface DocumentSummary {
  kind: Ar2418Document['kind'];
  schemaVersion: Ar2418Document['schemaVersion'];
  generatorVersion?: string;
  usagePoints: UsagePointSummary[];
}

const iso = (t: number | undefined) => (t === undefined ? undefined : formatBerlinIso(t));

export function summarizeChannel(mr: MeterReading): ChannelSummary {
  const stated = mr.readingType.measurementPeriod;
  const period = measurementPeriodOf(mr);
  const readings = mr.intervalBlocks.flatMap((b) => b.readings);
  const times = period === undefined ? [] : targetTimes(readings, period).sort((a, b) => a - b);
  const gaps = period === undefined ? [] : findGapsInTimes(times, period);
  const status = { ptb0: 0, ptb1: 0, ptb2: 0, ptb3: 0, ptb4: 0, none: 0 };
  const orders = new Set<string>();
  let first: number | undefined;
  let last: number | undefined;
  for (const r of readings) {
    const p = ptbStatusOf(r);
    if (p === undefined) status.none++;
    else status[`ptb${p}`]++;
    if (r.statusFNN !== undefined) {
      const order = decodeStatusFnn(r.statusFNN)?.bitOrder;
      if (order) orders.add(order);
    }
    const t = r.targetTime ?? r.captureTime;
    if (first === undefined || t < first) first = t;
    if (last === undefined || t > last) last = t;
  }
  const summary: ChannelSummary = {
    obis: mr.readingType.obisCode,
    obisText: obisHexToText(mr.readingType.obisCode) ?? mr.readingType.obisCode,
    description: describeObis(mr.readingType.obisCode),
    qualifiedLogicalName: mr.readingType.qualifiedLogicalName,
    meterId: mr.meterId,
    kind: isOriginalValueList(mr) ? 'original value list' : 'derived registers',
    unit: unitText(mr.readingType),
    scaler: mr.readingType.scaler,
    readings: readingCount(mr),
    intervalBlocks: mr.intervalBlocks.length,
    measurementPeriodSource: stated !== undefined && stated > 0 ? 'document' : period !== undefined ? 'detected' : 'unknown',
    gaps: gaps.length,
    missingValues: gaps.reduce((n, g) => n + g.missing, 0),
    status,
    fnnBitOrders: [...orders],
  };
  if (first !== undefined) summary.first = iso(first);
  if (last !== undefined) summary.last = iso(last);
  if (period !== undefined) summary.measurementPeriodSeconds = period;
  return summary;
}

export function summarizeDocument(doc: Ar2418Document): DocumentSummary {
  const summary: DocumentSummary = {
    kind: doc.kind,
    schemaVersion: doc.schemaVersion,
    usagePoints: doc.usagePoints.map((up) => {
      const byLevel: Record<string, number> = {};
      let first: number | undefined;
      let last: number | undefined;
      for (const e of up.logEntries) {
        const level = String(e.level ?? 'none');
        byLevel[level] = (byLevel[level] ?? 0) + 1;
        if (e.timestamp !== undefined) {
          if (first === undefined || e.timestamp < first) first = e.timestamp;
          if (last === undefined || e.timestamp > last) last = e.timestamp;
        }
      }
      const flag = gatewayFlag(up.smgw.smgwId);
      const s: UsagePointSummary = {
        usagePointId: up.usagePointId,
        serviceCategory: up.serviceCategory,
        customerId: up.customerId,
        invoicingPartyId: up.invoicingPartyId,
        smgwId: up.smgw.smgwId,
        tariffName: up.tariffName,
        certificates: up.certificates.map((c) => ({ certId: c.certId, certType: c.certType, bytes: c.certContent.length })),
        logEntries: { count: up.logEntries.length, byLevel },
        channels: up.meterReadings.map(summarizeChannel),
      };
      if (flag) s.vendor = FLAG_VENDORS[flag] ?? flag;
      if (up.smgw.firmwareVersion !== undefined) s.firmwareVersion = up.smgw.firmwareVersion;
      if (first !== undefined) s.logEntries.first = iso(first);
      if (last !== undefined) s.logEntries.last = iso(last);
      const ap = up.analysisProfile;
      if (ap) {
        s.analysisProfile = {
          tariffUseCase: ap.tariffUseCase,
          tariffId: ap.tariffId,
          billingPeriodStart: formatBerlinIso(ap.billingPeriod.start),
          billingPeriodEnd: formatBerlinIso(ap.billingPeriod.start + ap.billingPeriod.duration * 1000),
          tariffStages: ap.tariffStages.length,
        };
      }
      return s;
    }),
  };
  if (doc.generatorVersion !== undefined) summary.generatorVersion = doc.generatorVersion;
  return summary;
}

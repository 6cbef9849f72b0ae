/**
 * Kinds of value lists. A MeterReading's `qualifiedLogicalName` is `<OBIS>.<X>.sm`: when X is the meter
 * id the list is an original value list (OVL: the meter's register readings); otherwise X names a tariff
 * (TAF) and the list holds derived registers.
 */
import type { Ar2418Document, MeterReading } from './types';
import { normalizeObisHex } from './obis';

export interface QualifiedLogicalName {
  obisCode: string;
  /** Meter id (OVL) or TAF id (derived register). */
  owner: string;
}

/** Splits `<OBIS>.<X>.sm`; undefined when the name has another shape. */
export function parseQualifiedLogicalName(name: string): QualifiedLogicalName | undefined {
  const t = name.trim();
  const withoutSuffix = t.toLowerCase().endsWith('.sm') ? t.slice(0, -3) : t;
  const dot = withoutSuffix.indexOf('.');
  if (dot < 0) return undefined;
  const obisCode = normalizeObisHex(withoutSuffix.slice(0, dot));
  const owner = withoutSuffix.slice(dot + 1);
  if (!obisCode || !owner) return undefined;
  return { obisCode, owner };
}

/** True for an original value list (the owner in qualifiedLogicalName is the meter id). */
export function isOriginalValueList(mr: Pick<MeterReading, 'meterId' | 'readingType'>): boolean {
  const q = parseQualifiedLogicalName(mr.readingType.qualifiedLogicalName);
  return q !== undefined && q.owner.toLowerCase() === mr.meterId.trim().toLowerCase();
}

/** Derived register list: the owner is a tariff (TAF) id. */
export function isDerivedRegisterList(mr: Pick<MeterReading, 'meterId' | 'readingType'>): boolean {
  const q = parseQualifiedLogicalName(mr.readingType.qualifiedLogicalName);
  return q !== undefined && !isOriginalValueList(mr);
}

/** OBIS hex of a MeterReading: `obisCode`, else the one in its qualifiedLogicalName. */
export function obisOf(mr: Pick<MeterReading, 'readingType'>): string | undefined {
  return normalizeObisHex(mr.readingType.obisCode) ?? parseQualifiedLogicalName(mr.readingType.qualifiedLogicalName)?.obisCode;
}

export function readingCount(mr: Pick<MeterReading, 'intervalBlocks'>): number {
  let n = 0;
  for (const b of mr.intervalBlocks) n += b.readings.length;
  return n;
}

/** The schema version a document needs: '1.4' when it uses anything v1.2 lacks. */
export function requiredSchemaVersion(doc: Ar2418Document): '1.2' | '1.4' {
  if (doc.generatorVersion !== undefined) return '1.4';
  for (const up of doc.usagePoints) {
    if (up.vendorConfig || up.certificates.length > 1 || up.smgw.firmwareComponents.length > 0) return '1.4';
    if (up.logEntries.some((e) => e.destination !== undefined || e.userIdentity !== undefined)) return '1.4';
    for (const mr of up.meterReadings) {
      for (const b of mr.intervalBlocks) {
        for (const r of b.readings) if (r.measurementTimeMeter !== undefined || r.statusVendor !== undefined) return '1.4';
      }
    }
  }
  return '1.2';
}

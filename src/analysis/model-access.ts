/**
 * The model facts the analysis reads from a MeterReading, taken from the shared model helpers
 * (src/model/) so that every part of the program reads a reading the same way.
 */
import type { IntervalReading, MeterReading } from '../model/types';
import { ptbStatusOf } from '../model/status';
import { measurementPeriodOf as modelMeasurementPeriodOf } from '../model/measurement-period';
import { isOriginalValueList as modelIsOriginalValueList, parseQualifiedLogicalName } from '../model/value-list';
import { obisHexToText, obisParts, type ObisParts } from '../model/obis';

/** Status code used in prepared channels for a reading that carries no valid status at all. */
export const NO_STATUS = 5;

/** PTB status 0..4 by precedence (statusPTB, else mapped statusFNN); NO_STATUS when there is none. */
export function ptbStatus(reading: IntervalReading): number {
  return ptbStatusOf(reading) ?? NO_STATUS;
}

export function measurementPeriodOf(meterReading: MeterReading): number | undefined {
  return modelMeasurementPeriodOf(meterReading);
}

export function isOriginalValueList(meterReading: MeterReading): boolean {
  return modelIsOriginalValueList(meterReading);
}

/** The X of `<OBIS>.<X>.sm` (meter id or TAF id). */
export function logicalNameOwner(meterReading: MeterReading): string | undefined {
  return parseQualifiedLogicalName(meterReading.readingType.qualifiedLogicalName)?.owner;
}

export type ObisFields = ObisParts;

export function obisFields(hex: string): ObisFields | undefined {
  return obisParts(hex);
}

/** `0100010801ff` → `1-0:1.8.1*255`. Unparseable codes are returned as written. */
export function formatObis(hex: string): string {
  return obisHexToText(hex) ?? hex;
}

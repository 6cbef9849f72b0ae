/**
 * Value list export `Zeitstempel;Sollzeitstempel;Status PTB;Status FNN;Wert;Einheit;Signatur des SMGWs;Signatur des Sensors;`
 * (UTF-8 with BOM, `;`, decimal comma), the layout TRuDI used for original value lists. Missing values
 * inside the list appear as rows "kein Messwert vorhanden", never filled in.
 */
import type { MeterReading } from '../../model/types';
import { measurementPeriodOf } from '../../model/measurement-period';
import { targetTimeOf } from '../../model/target-time';
import { findGapsInTimes } from '../../model/gaps';
import { nextGridTime } from '../../model/calendar-steps';
import { ptbStatusOf } from '../../model/status';
import { scaledValueText, unitText } from '../../model/units';
import { obisHexToText } from '../../model/obis';
import { BOM, csvLine } from './csv';
import { germanDateTime } from './german-time';

export const READINGS_HEADER = ['Zeitstempel', 'Sollzeitstempel', 'Status PTB', 'Status FNN', 'Wert', 'Einheit', 'Signatur des SMGWs', 'Signatur des Sensors'];
export const NO_VALUE = 'kein Messwert vorhanden';

/** Rows of one value list (header included). */
export function readingsCsvRows(mr: MeterReading): string[] {
  const lines = [csvLine(READINGS_HEADER, true)];
  const period = measurementPeriodOf(mr);
  const unit = unitText(mr.readingType);
  const readings = mr.intervalBlocks.flatMap((b) => b.readings);
  let previousTarget: number | undefined;
  for (const r of readings) {
    const target = targetTimeOf(r, period);
    if (period !== undefined && previousTarget !== undefined && target !== undefined) {
      for (const gap of findGapsInTimes([previousTarget, target], period)) {
        for (let t = gap.from, n = 0; n < gap.missing; n++, t = nextGridTime(t, period)) lines.push(csvLine(['', germanDateTime(t), '', '', NO_VALUE, '', '', ''], true));
      }
    }
    if (target !== undefined) previousTarget = target;
    lines.push(
      csvLine(
        [
          germanDateTime(r.captureTime),
          target === undefined ? '' : germanDateTime(target),
          ptbStatusOf(r),
          r.statusFNN ?? '',
          scaledValueText(r.value, mr.readingType.scaler, ','),
          unit,
          r.signature ?? '',
          r.meterSig ?? '',
        ],
        true,
      ),
    );
  }
  return lines;
}

/** One value list, or several one after the other, each under a title line naming it. */
export function readingsCsv(meterReadings: readonly MeterReading[]): string {
  if (meterReadings.length === 1 && meterReadings[0]) return BOM + readingsCsvRows(meterReadings[0]).join('');
  const parts: string[] = [BOM];
  meterReadings.forEach((mr, i) => {
    if (i > 0) parts.push('\r\n');
    const obis = obisHexToText(mr.readingType.obisCode) ?? mr.readingType.obisCode;
    parts.push(csvLine([`Messwertliste ${obis} (${mr.readingType.qualifiedLogicalName}), Zähler ${mr.meterId}`]));
    parts.push(...readingsCsvRows(mr));
  });
  return parts.join('');
}

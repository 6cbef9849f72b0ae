/**
 * Context rules: what must hold across elements of a read-out (blocks, certificates, time span) and,
 * when the caller knows it, for the tariff use case (TAF) of the contract.
 */
import type { Ar2418Document, MeterReading, UsagePoint } from '../../../model/types';
import { problem, type Problem } from '../../../model/problems';
import { isOriginalValueList } from '../../../model/value-list';
import { measurementPeriodOf } from '../../../model/measurement-period';
import { alignToPeriod, targetTimeOf, TARGET_TIME_TOLERANCE } from '../../../model/target-time';
import { findGapsInTimes } from '../../../model/gaps';
import { decodeStatusFnn } from '../../../model/status';
import { formatXsdDateTime } from '../datetime';
import { parseCertContent } from '../../../crypto/certificates/cert-content';
import type { SourceLocations } from '../source-locations';

export interface ValidationContext {
  /** Tariff use case of the contract (1, 2, 6, 7, …) when known. */
  taf?: number;
  /** The billing period is completed (TAF-1/2 need enough readings then). */
  billingPeriodCompleted?: boolean;
  /** Target-time tolerance (default 1 %, TRuDI's later 3 %). */
  targetTimeTolerance?: number;
}

export const MAX_READOUT_DAYS = 1096;
const DAY_MS = 86_400_000;
/** Gaps listed one by one per value list; beyond this only the total is reported. */
const MAX_LISTED_GAPS = 20;

export function validateContext(doc: Ar2418Document, locations: SourceLocations, context: ValidationContext = {}): Problem[] {
  const out: Problem[] = [];
  let msbFirstReported = false;
  let unrecognisedReported = false;
  for (const up of doc.usagePoints) {
    validateCertificates(up, locations, out);
    for (const mr of up.meterReadings) {
      validateBlocks(mr, locations, out);
      validateValueList(mr, locations, context, out);
      if (context.taf === 7 && !isOriginalValueList(mr)) {
        out.push(
          problem(
            'context.taf7-ovl',
            'error',
            `Bei TAF-7 müssen alle Messwertlisten Originalwertlisten sein; "${mr.readingType.qualifiedLogicalName}" ist keine.`,
            `With TAF-7 every value list must be an original value list; "${mr.readingType.qualifiedLogicalName}" is not.`,
            locations.of(mr),
          ),
        );
      }
      for (const block of mr.intervalBlocks) {
        for (let i = 0; i < block.readings.length; i++) {
          const fnn = block.readings[i]?.statusFNN;
          if (fnn === undefined || (msbFirstReported && unrecognisedReported)) continue;
          const decoded = decodeStatusFnn(fnn);
          if (decoded?.bitOrder === 'msb-first' && !msbFirstReported) {
            msbFirstReported = true;
            out.push(
              problem(
                'status.fnn-msb-first',
                'info',
                `Das FNN-Statuswort "${fnn}" ist in der älteren Bitreihenfolge (höchstwertiges Bit zuerst) geschrieben; es wurde so gelesen.`,
                `The FNN status word "${fnn}" uses the older bit order (most significant bit first); it was read that way.`,
                locations.reading(block, i),
              ),
            );
          } else if (decoded && !decoded.recognised && !unrecognisedReported) {
            unrecognisedReported = true;
            out.push(
              problem(
                'status.fnn-unrecognised',
                'warning',
                `Das FNN-Statuswort "${fnn}" trägt keine gültige Kennung; es wurde mit niederwertigstem Bit zuerst gelesen.`,
                `The FNN status word "${fnn}" lacks a valid identification pattern; it was read least significant bit first.`,
                locations.reading(block, i),
              ),
            );
          }
        }
      }
    }
    if (context.taf === 1 || context.taf === 2) validateTafReadingCount(up, locations, context, out);
  }
  return out;
}

function validateCertificates(up: UsagePoint, locations: SourceLocations, out: Problem[]): void {
  const certIds = new Set(up.certificates.map((c) => c.certId));
  for (const id of up.smgw.certIds) {
    if (!certIds.has(id)) {
      out.push(
        problem(
          'context.cert-id',
          'error',
          `Das SMGW verweist auf das Zertifikat ${id}, das im Dokument fehlt.`,
          `The SMGW refers to certificate ${id}, which the document lacks.`,
          locations.of(up.smgw) ?? locations.of(up),
        ),
      );
    }
  }
  for (const cert of up.certificates) {
    const at = locations.of(cert);
    if (up.smgw.certIds.length > 0 && !up.smgw.certIds.includes(cert.certId)) {
      out.push(
        problem(
          'context.cert-unreferenced',
          'warning',
          `Das Zertifikat ${cert.certId} wird im Element SMGW nicht genannt.`,
          `Certificate ${cert.certId} is not listed in the SMGW element.`,
          at,
        ),
      );
    }
    const parsed = parseCertContent(cert.certContent);
    if (parsed.form === 'placeholder' || cert.certContent.length === 0) {
      out.push(
        problem(
          'context.cert-placeholder',
          'warning',
          `Das Zertifikat ${cert.certId} enthält nur einen Platzhalter (${cert.certContent.length} Bytes), kein X.509-Zertifikat; es kann nicht geprüft werden.`,
          `Certificate ${cert.certId} holds only a placeholder (${cert.certContent.length} bytes), no X.509 certificate; it cannot be checked.`,
          at,
        ),
      );
    } else if (parsed.certificates.length === 0 || parsed.problem) {
      out.push(
        problem(
          'context.cert-invalid',
          'error',
          `Das Zertifikat ${cert.certId} lässt sich nicht als X.509-Zertifikat lesen (${parsed.problem ?? 'no certificate found'}).`,
          `Certificate ${cert.certId} cannot be read as an X.509 certificate (${parsed.problem ?? 'no certificate found'}).`,
          at,
        ),
      );
    }
  }
}

function validateBlocks(mr: MeterReading, locations: SourceLocations, out: Problem[]): void {
  for (let i = 1; i < mr.intervalBlocks.length; i++) {
    const previous = mr.intervalBlocks[i - 1];
    const block = mr.intervalBlocks[i];
    if (!previous || !block) continue;
    const previousEnd = previous.start + previous.duration * 1000;
    if (block.start < previousEnd) {
      out.push(
        problem(
          'context.blocks-overlap',
          'error',
          `Es wurden zwei überlappende Intervallblöcke gefunden (${formatXsdDateTime(block.start)} liegt vor dem Ende des vorigen Blocks ${formatXsdDateTime(previousEnd)}).`,
          `Two overlapping IntervalBlocks were found (${formatXsdDateTime(block.start)} lies before the end of the previous block ${formatXsdDateTime(previousEnd)}).`,
          locations.of(block),
        ),
      );
    } else if (block.start > previousEnd) {
      out.push(
        problem(
          'context.blocks-gap',
          'error',
          `Lücke zwischen zwei Intervallblöcken (von ${formatXsdDateTime(previousEnd)} bis ${formatXsdDateTime(block.start)}).`,
          `Gap between two IntervalBlocks (from ${formatXsdDateTime(previousEnd)} to ${formatXsdDateTime(block.start)}).`,
          locations.of(block),
        ),
      );
    }
  }
}

function validateValueList(mr: MeterReading, locations: SourceLocations, context: ValidationContext, out: Problem[]): void {
  const period = measurementPeriodOf(mr);
  const times: number[] = [];
  let first = Infinity;
  let last = -Infinity;
  let outside = 0;
  let firstOutside: Problem['location'];
  let offGrid = 0;
  let firstOffGrid: Problem['location'];
  // capture times a few seconds off the block edges are normal (target time alignment tolerance)
  const slack = period === undefined ? 0 : period * 1000 * (context.targetTimeTolerance ?? TARGET_TIME_TOLERANCE);
  for (const block of mr.intervalBlocks) {
    const end = block.start + block.duration * 1000;
    for (let i = 0; i < block.readings.length; i++) {
      const r = block.readings[i];
      if (!r) continue;
      if (r.captureTime < first) first = r.captureTime;
      if (r.captureTime > last) last = r.captureTime;
      // a reading at the block end belongs to it (the end reading of the period)
      if (r.captureTime < block.start - slack || r.captureTime > end + slack) {
        if (outside++ === 0) firstOutside = locations.reading(block, i);
      }
      let target = targetTimeOf(r, period, context.targetTimeTolerance);
      if (r.targetTime !== undefined && period !== undefined) {
        const aligned = alignToPeriod(r.targetTime, period, context.targetTimeTolerance);
        if (aligned !== r.targetTime) {
          if (offGrid++ === 0) firstOffGrid = locations.reading(block, i);
          if (aligned !== undefined) target = aligned;
        }
      }
      if (target !== undefined) times.push(target);
    }
  }
  if (outside > 0) {
    out.push(
      problem(
        'context.reading-outside-block',
        context.taf === 7 ? 'error' : 'warning',
        `${outside} Messwert(e) liegen außerhalb ihres Intervallblocks (der erste hier).`,
        `${outside} reading(s) lie outside their IntervalBlock (the first one here).`,
        firstOutside,
      ),
    );
  }
  if (offGrid > 0) {
    out.push(
      problem(
        'context.target-time-off-grid',
        'warning',
        `${offGrid} Sollzeitstempel (targetTime) liegen nicht auf dem Raster der Messperiode (der erste hier); sie wurden auf das Raster ausgerichtet.`,
        `${offGrid} target times (targetTime) are not on the grid of the measurement period (the first one here); they were aligned to it.`,
        firstOffGrid,
      ),
    );
  }
  if (last - first > MAX_READOUT_DAYS * DAY_MS) {
    out.push(
      problem(
        'context.too-long',
        'error',
        `Die Messwerte umfassen ${Math.floor((last - first) / DAY_MS)} Tage; erlaubt sind höchstens ${MAX_READOUT_DAYS} Tage (3 Jahre) je Auslesung.`,
        `The readings span ${Math.floor((last - first) / DAY_MS)} days; at most ${MAX_READOUT_DAYS} days (3 years) are allowed per read-out.`,
        locations.of(mr),
      ),
    );
  }
  if (times.length === 0) return;
  let sorted = true;
  for (let i = 1; i < times.length && sorted; i++) if ((times[i] as number) < (times[i - 1] as number)) sorted = false;
  if (!sorted) times.sort((a, b) => a - b);
  const duplicates: number[] = [];
  for (let i = 1; i < times.length; i++) if (times[i] === times[i - 1] && duplicates[duplicates.length - 1] !== times[i]) duplicates.push(times[i] as number);
  for (const t of duplicates.slice(0, MAX_LISTED_GAPS)) {
    out.push(
      problem(
        'context.duplicate-time',
        'error',
        `Der Zeitstempel ${formatXsdDateTime(t)} kommt in der Messwertliste "${mr.readingType.qualifiedLogicalName}" mehrfach vor.`,
        `The timestamp ${formatXsdDateTime(t)} occurs more than once in the value list "${mr.readingType.qualifiedLogicalName}".`,
        locations.of(mr),
      ),
    );
  }
  if (duplicates.length > MAX_LISTED_GAPS) {
    out.push(
      problem(
        'context.duplicate-time',
        'error',
        `Insgesamt ${duplicates.length} mehrfach vorkommende Zeitstempel.`,
        `${duplicates.length} timestamps occur more than once in total.`,
        locations.of(mr),
      ),
    );
  }
  if (period === undefined) return;
  const unique = duplicates.length > 0 ? times.filter((t, i) => i === 0 || t !== times[i - 1]) : times;
  const gaps = findGapsInTimes(unique, period);
  gaps.slice(0, MAX_LISTED_GAPS).forEach((gap) => {
    out.push(
      problem(
        'context.gap',
        'info',
        `Lücke in "${mr.readingType.qualifiedLogicalName}": kein Messwert vorhanden von ${formatXsdDateTime(gap.from)} bis ${formatXsdDateTime(gap.to)} (${gap.missing} Wert(e)).`,
        `Gap in "${mr.readingType.qualifiedLogicalName}": no value from ${formatXsdDateTime(gap.from)} to ${formatXsdDateTime(gap.to)} (${gap.missing} value(s)).`,
        locations.of(mr),
      ),
    );
  });
  if (gaps.length > MAX_LISTED_GAPS) {
    const missing = gaps.reduce((n, g) => n + g.missing, 0);
    out.push(
      problem(
        'context.gap',
        'info',
        `Insgesamt ${gaps.length} Lücken mit ${missing} fehlenden Werten.`,
        `${gaps.length} gaps with ${missing} missing values in total.`,
        locations.of(mr),
      ),
    );
  }
}

function validateTafReadingCount(up: UsagePoint, locations: SourceLocations, context: ValidationContext, out: Problem[]): void {
  if (!context.billingPeriodCompleted) return;
  const needed = context.taf === 1 ? 2 : 5;
  for (const mr of up.meterReadings) {
    if (isOriginalValueList(mr)) continue;
    const count = mr.intervalBlocks.reduce((n, b) => n + b.readings.length, 0);
    if (count < needed) {
      out.push(
        problem(
          'context.taf-reading-count',
          'error',
          `Für einen abgeschlossenen TAF-${context.taf}-Abrechnungszeitraum sind mindestens ${needed} Messwerte nötig; "${mr.readingType.qualifiedLogicalName}" hat ${count}.`,
          `A completed TAF-${context.taf} billing period needs at least ${needed} readings; "${mr.readingType.qualifiedLogicalName}" has ${count}.`,
          locations.of(mr),
        ),
      );
    }
  }
}

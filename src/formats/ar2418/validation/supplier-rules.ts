/**
 * Supplier tariff files (AnalysisProfile): the file's own rules, and its match with the device data.
 */
import type { Ar2418Document, AnalysisProfile, UsagePoint } from '../../../model/types';
import { problem, type Problem } from '../../../model/problems';
import { isErrorRegister, isObisHex } from '../../../model/obis';
import { sameGatewayId } from '../../../model/gateway-id';
import { berlinParts, berlinStartOfDay, berlinTime } from '../../../model/time/berlin';
import { formatXsdDateTime } from '../datetime';
import type { SourceLocations } from '../source-locations';

export const MAX_TARIFF_STAGES = 20;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Rules of the tariff calendar; device documents that embed an AnalysisProfile (TRuDI did) are not held to them. */
export function validateSupplierProfile(doc: Ar2418Document, locations: SourceLocations): Problem[] {
  const out: Problem[] = [];
  if (doc.kind !== 'supplier') return out;
  for (const up of doc.usagePoints) {
    const ap = up.analysisProfile;
    if (!ap) {
      if (doc.kind === 'supplier') {
        out.push(
          problem('supplier.no-profile', 'error', 'Dem Lieferanten-Dokument fehlt das AnalysisProfile.', 'The supplier document lacks the AnalysisProfile.', locations.of(up)),
        );
      }
      continue;
    }
    validateProfile(ap, locations, out);
  }
  return out;
}

function validateProfile(ap: AnalysisProfile, locations: SourceLocations, out: Problem[]): void {
  const at = locations.of(ap);
  const stages = ap.tariffStages.filter((s) => !isErrorRegister(s.obisCode));
  if (stages.length > MAX_TARIFF_STAGES) {
    out.push(
      problem(
        'supplier.too-many-stages',
        'error',
        `Das Tarifprofil hat ${stages.length} Tarifstufen; erlaubt sind höchstens ${MAX_TARIFF_STAGES} (außer Stufe 63).`,
        `The tariff profile has ${stages.length} tariff stages; at most ${MAX_TARIFF_STAGES} are allowed (besides stage 63).`,
        at,
      ),
    );
  }
  for (const stage of ap.tariffStages) {
    if (!isObisHex(stage.obisCode)) {
      out.push(
        problem(
          'supplier.stage-obis',
          'error',
          `Die OBIS-Kennzahl "${stage.obisCode}" der Tarifstufe ${stage.tariffNumber} ist kein 12-stelliger Hex-Wert.`,
          `The OBIS code "${stage.obisCode}" of tariff stage ${stage.tariffNumber} is not 12 hex characters.`,
          locations.of(stage) ?? at,
        ),
      );
    }
  }
  const tariffNumbers = new Set(ap.tariffStages.map((s) => s.tariffNumber));
  const dayIds = new Set(ap.dayProfiles.map((d) => d.dayId));
  for (const dp of ap.dayProfiles) {
    const where = locations.of(dp) ?? at;
    let previous = -1;
    for (const t of dp.dayTimeProfiles) {
      if (!tariffNumbers.has(t.tariffNumber)) {
        out.push(
          problem(
            'supplier.unknown-tariff',
            'error',
            `Das Tagesprofil ${dp.dayId} verwendet die Tarifstufe ${t.tariffNumber}, die nicht definiert ist.`,
            `Day profile ${dp.dayId} uses tariff stage ${t.tariffNumber}, which is not defined.`,
            locations.of(t) ?? where,
          ),
        );
      }
      const minute = t.startHour * 60 + t.startMinute;
      if (t.startMinute % 15 !== 0 || t.startHour > 23 || t.startMinute > 59 || minute <= previous) {
        out.push(
          problem(
            'supplier.day-time',
            'error',
            `Tagesprofil ${dp.dayId}: Schaltzeit ${pad2(t.startHour)}:${pad2(t.startMinute)} liegt nicht aufsteigend auf einer Viertelstunde.`,
            `Day profile ${dp.dayId}: switching time ${pad2(t.startHour)}:${pad2(t.startMinute)} is not an ascending quarter hour.`,
            locations.of(t) ?? where,
          ),
        );
      }
      previous = Math.max(previous, minute);
    }
    const first = dp.dayTimeProfiles[0];
    if (!first || first.startHour !== 0 || first.startMinute !== 0) {
      out.push(
        problem(
          'supplier.day-slots',
          'error',
          `Tagesprofil ${dp.dayId}: nicht jede Viertelstunde des Tages hat einen Tarif (das Profil muss um 00:00 beginnen).`,
          `Day profile ${dp.dayId}: not every quarter hour of the day has a tariff (the profile must start at 00:00).`,
          where,
        ),
      );
    }
  }
  const specialDays = new Set<string>();
  for (const sd of ap.specialDayProfiles) {
    if (!dayIds.has(sd.dayId)) {
      out.push(
        problem(
          'supplier.unknown-day-id',
          'error',
          `Der Sondertag ${pad2(sd.day)}.${pad2(sd.month)}.${sd.year} verweist auf das Tagesprofil ${sd.dayId}, das nicht existiert.`,
          `The special day ${sd.year}-${pad2(sd.month)}-${pad2(sd.day)} refers to day profile ${sd.dayId}, which does not exist.`,
          locations.of(sd) ?? at,
        ),
      );
    }
    specialDays.add(`${sd.year}-${sd.month}-${sd.day}`);
  }
  const start = ap.billingPeriod.start;
  const end = start + ap.billingPeriod.duration * 1000;
  if (ap.billingPeriod.duration < 86_400) {
    out.push(
      problem(
        'supplier.short-period',
        'warning',
        `Der Abrechnungszeitraum (${formatXsdDateTime(start)}, ${ap.billingPeriod.duration} s) umfasst keinen ganzen Tag.`,
        `The billing period (${formatXsdDateTime(start)}, ${ap.billingPeriod.duration} s) does not cover a full day.`,
        at,
      ),
    );
  }
  // every calendar day from the start's day up to (excluding) the end's day, at least the first one
  let missingDays = 0;
  const lastDay = Math.max(berlinStartOfDay(end), berlinStartOfDay(start) + 1);
  for (let day = berlinStartOfDay(start); day < lastDay && missingDays <= 400; ) {
    const p = berlinParts(day);
    if (!specialDays.has(`${p.year}-${p.month}-${p.day}`)) {
      missingDays++;
      if (missingDays <= 10) {
        out.push(
          problem(
            'supplier.missing-day',
            'error',
            `Tagesprofil für Tag ${pad2(p.day)}.${pad2(p.month)}.${p.year} nicht vorhanden.`,
            `No day profile for day ${p.year}-${pad2(p.month)}-${pad2(p.day)}.`,
            at,
          ),
        );
      }
    }
    day = berlinTime(p.year, p.month, p.day + 1);
  }
  if (missingDays > 10) {
    out.push(
      problem(
        'supplier.missing-day',
        'error',
        `Insgesamt fehlen für ${missingDays} Tage Tagesprofile.`,
        `Day profiles are missing for ${missingDays} days in total.`,
        at,
      ),
    );
  }
}

/** The supplier file must belong to the device data: same usage point, supplier, service, gateway, tariff. */
export function validateSupplierAgainstDevice(
  supplier: Ar2418Document,
  supplierLocations: SourceLocations,
  device: Ar2418Document,
): Problem[] {
  const out: Problem[] = [];
  const s = supplier.usagePoints[0];
  const d = device.usagePoints[0];
  if (!s || !d) return out;
  const at = supplierLocations.of(s);
  const mismatch = (code: string, de: string, en: string, a: string | number, b: string | number, severity: 'error' | 'warning' = 'error') =>
    out.push(
      problem(
        code,
        severity,
        `${de} der Lieferantendatei ("${a}") passt nicht zu den Daten des Gateways ("${b}").`,
        `${en} of the supplier file ("${a}") does not match the gateway data ("${b}").`,
        at,
      ),
    );
  if (s.usagePointId !== d.usagePointId) mismatch('supplier.usage-point', 'Der Zählpunkt', 'The usage point', s.usagePointId, d.usagePointId);
  if (s.invoicingPartyId !== d.invoicingPartyId) mismatch('supplier.invoicing-party', 'Der Rechnungssteller', 'The invoicing party', s.invoicingPartyId, d.invoicingPartyId);
  if (s.serviceCategory !== d.serviceCategory) mismatch('supplier.service-kind', 'Die Sparte', 'The service kind', s.serviceCategory, d.serviceCategory);
  if (!sameGatewayId(s.smgw.smgwId, d.smgw.smgwId) && s.smgw.smgwId.toLowerCase() !== d.smgw.smgwId.toLowerCase()) {
    mismatch('supplier.smgw', 'Die Gateway-ID', 'The gateway id', s.smgw.smgwId, d.smgw.smgwId);
  }
  const tariffId = s.analysisProfile?.tariffId ?? s.tariffName;
  // a warning only: TAF-7 read-outs name the gateway's contract (e.g. "taf7"), not the supplier's tariff id,
  // and the original TRuDI computed such pairs (golden case TestImportExportDirections)
  if (tariffId !== d.tariffName) mismatch('supplier.tariff', 'Die Tarifbezeichnung', 'The tariff id', tariffId, d.tariffName, 'warning');
  return out;
}

export type { UsagePoint };

/**
 * Consistency checks between a supplier tariff file (AnalysisProfile) and the device data
 * (knowledge/02-ar2418-6.md, "Validation", point 4), with German and English messages.
 */
import { isErrorRegister } from '../model/obis';
import type { AnalysisProfile, UsagePoint } from '../model/types';
import { berlinDate, berlinTime, nextBerlinDay } from '../model/time/berlin';
import { AnalysisError } from './errors';
import type { TafFinding } from './taf-result';
import { calendarDates, stageRegisterC, type CalendarDates } from './tariff-calendar';

const MAX_TARIFF_STAGES = 20;
/** A read-out covers at most three years (1096 days); a billing period cannot be longer. */
const MAX_PERIOD_DAYS = 1096;

function finding(code: string, severity: TafFinding['severity'], de: string, en: string): TafFinding {
  return { code, severity, de, en };
}

function ddmmyyyy(year: number, month: number, day: number): string {
  return `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.${year}`;
}

/** Identity checks: the supplier file must be made for this metering point, supplier, gateway and contract. */
export function checkIdentity(device: UsagePoint, supplier: UsagePoint, profile: AnalysisProfile): TafFinding[] {
  const findings: TafFinding[] = [];
  const compare = (code: string, fieldDe: string, fieldEn: string, deviceValue: string, supplierValue: string, equal: boolean) => {
    if (!equal) {
      findings.push(
        finding(
          code,
          'error',
          `${fieldDe} der Lieferantendatei („${supplierValue}“) stimmt nicht mit den Gerätedaten („${deviceValue}“) überein. Bitte die zur Rechnung gehörende Lieferantendatei wählen.`,
          `The ${fieldEn} of the supplier file ("${supplierValue}") does not match the device data ("${deviceValue}"). Choose the supplier file that belongs to the bill.`,
        ),
      );
    }
  };
  compare('supplier.usage-point', 'Die Zählpunktbezeichnung (usagePointId)', 'metering point (usagePointId)', device.usagePointId, supplier.usagePointId, device.usagePointId === supplier.usagePointId);
  compare(
    'supplier.invoicing-party',
    'Der Rechnungssteller (invoicingPartyId)',
    'invoicing party (invoicingPartyId)',
    device.invoicingPartyId,
    supplier.invoicingPartyId,
    device.invoicingPartyId === supplier.invoicingPartyId,
  );
  compare(
    'supplier.service-category',
    'Die Sparte (ServiceCategory)',
    'service category',
    String(device.serviceCategory),
    String(supplier.serviceCategory),
    device.serviceCategory === supplier.serviceCategory,
  );
  compare(
    'supplier.smgw-id',
    'Die Gateway-ID (smgwId)',
    'gateway id (smgwId)',
    device.smgw.smgwId,
    supplier.smgw.smgwId,
    device.smgw.smgwId.toLowerCase() === supplier.smgw.smgwId.toLowerCase(),
  );
  compare('supplier.tariff-id', 'Die Tarifbezeichnung (tariffId)', 'tariff id (tariffId)', device.tariffName, profile.tariffId, device.tariffName === profile.tariffId);
  return findings;
}

/** Structure of the tariff calendar itself. */
export function checkCalendar(profile: AnalysisProfile, dates: CalendarDates = calendarDates(profile)): TafFinding[] {
  const findings: TafFinding[] = [];
  const stageNumbers = new Set(profile.tariffStages.map((s) => s.tariffNumber));
  const regularStages = profile.tariffStages.filter((s) => !isErrorRegister(s.obisCode));
  if (regularStages.length > MAX_TARIFF_STAGES) {
    findings.push(
      finding(
        'supplier.too-many-stages',
        'error',
        `Die Lieferantendatei enthält ${regularStages.length} Tarifstufen; erlaubt sind höchstens ${MAX_TARIFF_STAGES} (ohne Fehlerregister).`,
        `The supplier file has ${regularStages.length} tariff stages; at most ${MAX_TARIFF_STAGES} are allowed (besides the error register).`,
      ),
    );
  }
  for (const stage of profile.tariffStages) {
    const c = stageRegisterC(stage);
    if (c === undefined) {
      findings.push(
        finding(
          'supplier.stage-obis',
          'error',
          `Die Tarifstufe ${stage.tariffNumber} hat keine gültige OBIS-Kennzahl („${stage.obisCode}“).`,
          `Tariff stage ${stage.tariffNumber} has no valid OBIS code ("${stage.obisCode}").`,
        ),
      );
    }
  }
  const dayIds = new Set(profile.dayProfiles.map((d) => d.dayId));
  for (const day of profile.dayProfiles) {
    const unknown = [...new Set(day.dayTimeProfiles.map((p) => p.tariffNumber).filter((n) => !stageNumbers.has(n)))];
    if (unknown.length > 0) {
      findings.push(
        finding(
          'supplier.unknown-tariff',
          'error',
          `Das Tagesprofil ${day.dayId} verwendet die Tarifnummer(n) ${unknown.join(', ')}, für die es keine Tarifstufe gibt.`,
          `Day profile ${day.dayId} uses tariff number(s) ${unknown.join(', ')} without a tariff stage.`,
        ),
      );
    }
    const slots = new Set(day.dayTimeProfiles.map((p) => p.startHour * 60 + p.startMinute));
    const missing = [];
    for (let m = 0; m < 24 * 60; m += 15) if (!slots.has(m)) missing.push(m);
    if (missing.length > 0) {
      const first = missing[0]!;
      const at = `${String(Math.floor(first / 60)).padStart(2, '0')}:${String(first % 60).padStart(2, '0')}`;
      findings.push(
        finding(
          'supplier.day-profile-slots',
          'error',
          `Das Tagesprofil ${day.dayId} legt nicht für jede Viertelstunde einen Tarif fest (${missing.length} von 96 fehlen, zuerst ${at}).`,
          `Day profile ${day.dayId} does not give a tariff for every quarter-hour (${missing.length} of 96 missing, first ${at}).`,
        ),
      );
    }
  }
  const unknownDays = profile.specialDayProfiles.filter((s) => !dayIds.has(s.dayId));
  if (unknownDays.length > 0) {
    const shown = unknownDays.slice(0, 3);
    const more = unknownDays.length - shown.length;
    const defined = [...dayIds].join(', ') || '–';
    const de = shown.map((s) => `für den ${ddmmyyyy(s.year, s.month, s.day)} die dayId ${s.dayId}`).join(', ');
    const en = shown.map((s) => `dayId ${s.dayId} for ${ddmmyyyy(s.year, s.month, s.day)}`).join(', ');
    findings.push(
      finding(
        'supplier.unknown-day-profile',
        'error',
        `Der Kalender (SpecialDayProfile) nennt ${de}${more > 0 ? ` (und ${more} weitere Tage)` : ''}; die Lieferantendatei definiert kein Tagesprofil (DayProfile) mit dieser dayId (vorhanden: ${defined}). Bitte beim Lieferanten eine korrigierte Lieferantendatei anfordern.`,
        `The calendar (SpecialDayProfile) names ${en}${more > 0 ? ` (and ${more} more days)` : ''}; the supplier file defines no day profile (DayProfile) with that dayId (present: ${defined}). Ask the supplier for a corrected supplier file.`,
      ),
    );
  }
  const { start, duration } = profile.billingPeriod;
  const end = start + duration * 1000;
  if (!(duration > 0) || duration > MAX_PERIOD_DAYS * 86400) {
    findings.push(
      finding(
        'supplier.period-length',
        'error',
        `Die Dauer des Abrechnungszeitraums (${duration} s) ist ungültig; erlaubt sind mehr als 0 Sekunden und höchstens ${MAX_PERIOD_DAYS} Tage.`,
        `The billing period's duration (${duration} s) is invalid; it must be more than 0 seconds and at most ${MAX_PERIOD_DAYS} days.`,
      ),
    );
    return findings;
  }
  if (duration < 86400) {
    findings.push(
      finding(
        'supplier.short-period',
        'warning',
        `Der Abrechnungszeitraum umfasst keinen vollen Tag (${Math.round(duration / 3600)} Stunden).`,
        `The billing period does not cover a full day (${Math.round(duration / 3600)} hours).`,
      ),
    );
  }
  const covered = new Set<number>();
  for (let i = 0; i < profile.specialDayProfiles.length; i++) {
    if (dayIds.has(profile.specialDayProfiles[i]!.dayId)) covered.add(dates.start[i]!);
  }
  const missingDays: string[] = [];
  const first = berlinDate(start);
  for (let t = berlinTime(first.year, first.month, first.day); t < end; t = nextBerlinDay(t)) {
    if (!covered.has(t)) missingDays.push(dateLabel(t));
  }
  for (const label of missingDays.slice(0, 5)) {
    findings.push(finding('supplier.missing-day', 'error', `Tagesprofil für Tag ${label} nicht vorhanden.`, `No day profile for ${label}.`));
  }
  if (missingDays.length > 5) {
    findings.push(
      finding(
        'supplier.missing-day',
        'error',
        `… und für ${missingDays.length - 5} weitere Tage.`,
        `… and for ${missingDays.length - 5} more days.`,
      ),
    );
  }
  return findings;
}


/**
 * Refuses the computation on the first finding whose code is a key of `blocking`, with that key's error code.
 * Order of `blocking` decides which finding wins.
 */
export function refuseOnBlocking(checks: TafFinding[], blocking: Record<string, string>): void {
  for (const [check, code] of Object.entries(blocking)) {
    const found = checks.find((f) => f.code === check);
    if (found) throw new AnalysisError(code, found.de, found.en);
  }
}

function dateLabel(t: number): string {
  const d = berlinDate(t);
  return ddmmyyyy(d.year, d.month, d.day);
}

/**
 * TAF-1 recomputation (data-saving tariff): one register per original value list and billing period,
 * amount = reading at period end − reading at period start (knowledge/03-billing-transparency.md).
 */
import { berlinParts, berlinTime, formatBerlinIso } from '../model/time/berlin';
import { indexAt, isUsableStatus, type Channel } from './channel';
import { AnalysisError } from './errors';
import { compareWithGateway } from './register-comparison';
import { checkCalendar, checkIdentity, refuseOnBlocking } from './supplier-checks';
import { validDayProfileIds } from './tariff-calendar';
import { formatObis, resolveTafInputs, type DocumentOrUsagePoint } from './taf-inputs';
import type { TafFinding, TafMeasuringRange, TafRegister, TafResult } from './taf-result';
import { noOriginalValueList, totals } from './taf2';
import { dateKey } from './periods';

const ALLOWED_MONTHS = [1, 2, 3, 6, 12];
const MAX_OVLS = 3;

function invalid(code: string, de: string, en: string): AnalysisError {
  return new AnalysisError(code, de, en);
}

/** Whole months from `start` to `end` when both are the 1st of a month at 00:00 Berlin, else undefined. */
function monthsBetween(start: number, end: number): number | undefined {
  const a = berlinParts(start);
  const b = berlinParts(end);
  const isMonthStart = (p: typeof a) => p.day === 1 && p.hour === 0 && p.minute === 0 && p.second === 0;
  if (!isMonthStart(a) || !isMonthStart(b)) return undefined;
  return (b.year - a.year) * 12 + (b.month - a.month);
}

function calendarDays(start: number, end: number): number {
  let n = 0;
  let t = start;
  while (t < end) {
    // Count by dates rather than by 24-hour steps, so DST days count once.
    const p = berlinParts(t);
    t = berlinTime(p.year, p.month, p.day + 1);
    n++;
  }
  return n;
}

function readingAt(channel: Channel, t: number): number {
  const i = indexAt(channel, t);
  if (i < 0 || !isUsableStatus(channel.status[i]!)) {
    const at = formatBerlinIso(t);
    throw invalid(
      'BOUNDARY_READING_UNUSABLE',
      `Zu dem Zeitpunkt ${at} ist kein Wert vorhanden oder der Status kritisch oder fatal.`,
      `At ${at} there is no reading, or its status is critical or fatal (${channel.obis}). A TAF-1 bill check needs usable readings at both ends of the billing period.`,
    );
  }
  return channel.values[i]!;
}

/**
 * Adds a value list's amount to the summary register of its OBIS code and tariff: value lists of different
 * meters with the same OBIS code (e.g. two import meters) give one register that adds both. Amounts with
 * different scalers are added in the finer unit.
 */
function addToSummary(registers: TafRegister[], entry: TafRegister): void {
  const existing = registers.find((r) => r.obis === entry.obis && r.tariffNumber === entry.tariffNumber);
  if (!existing) {
    registers.push(entry);
    return;
  }
  if (existing.unit !== entry.unit) {
    throw invalid(
      'TAF1_UNIT_MISMATCH',
      `Die Messwertlisten für ${entry.obis} haben verschiedene Einheiten (${existing.unit}, ${entry.unit}); sie lassen sich nicht zu einem Register addieren.`,
      `The value lists for ${entry.obis} have different units (${existing.unit}, ${entry.unit}); they cannot be added into one register.`,
    );
  }
  const scaler = Math.min(existing.scaler, entry.scaler);
  existing.amount = existing.amount * 10 ** (existing.scaler - scaler) + entry.amount * 10 ** (entry.scaler - scaler);
  existing.scaler = scaler;
}

export interface Taf1Options {
  /**
   * Our own (non-TRuDI) view: where TRuDI refuses a read-out because it holds derived lists next to the
   * original value lists (TAF1_NOT_ONLY_OVL), recompute from the original value lists anyway and put the
   * gateway's derived registers beside the result; `notTrudiIdentical` then carries TRuDI's refusal verbatim.
   * Without it (default, the TRuDI-identical check) the refusal is thrown.
   */
  ownView?: boolean;
}

export function computeTaf1(device: DocumentOrUsagePoint, supplier: DocumentOrUsagePoint, options: Taf1Options = {}): TafResult {
  const inputs = resolveTafInputs(device, supplier);
  const { profile, channels } = inputs;
  const checks: TafFinding[] = [...checkIdentity(inputs.device, inputs.supplier, profile), ...checkCalendar(profile)];
  refuseOnBlocking(checks, { 'supplier.unknown-day-profile': 'UNKNOWN_DAY_PROFILE', 'supplier.period-length': 'INVALID_BILLING_PERIOD' });
  const start = profile.billingPeriod.start;
  const end = start + profile.billingPeriod.duration * 1000;
  const months = monthsBetween(start, end);
  if (berlinParts(start).day !== 1 || months === undefined) {
    throw invalid(
      'INVALID_BILLING_PERIOD',
      `Der Abrechnungszeitraum (${formatBerlinIso(start)} bis ${formatBerlinIso(end)}) muss für TAF-1 am Monatsersten um 00:00 Uhr beginnen und enden.`,
      `For TAF-1 the billing period (${formatBerlinIso(start)} to ${formatBerlinIso(end)}) must start and end on the 1st of a month at 00:00.`,
    );
  }
  if (!ALLOWED_MONTHS.includes(months)) {
    throw invalid(
      'INVALID_BILLING_PERIOD',
      `Der Abrechnungszeitraum umfasst ${months} Monate; für TAF-1 sind 1, 2, 3, 6 oder 12 Monate zulässig.`,
      `The billing period covers ${months} months; TAF-1 allows 1, 2, 3, 6 or 12 months.`,
    );
  }
  const derived = channels.filter((c) => !c.original);
  const originals = channels.filter((c) => c.original);
  if (originals.length === 0) throw noOriginalValueList();
  // TRuDI 1.0 refuses a TAF-1 read-out with any derived list (knowledge/03-billing-transparency.md: "every
  // MeterReading must be an OVL"); the TRuDI-identical check does the same. A gateway's own TAF-1 registers
  // are such derived lists, so for showing them next to a recomputation our own view (options.ownView) keeps
  // TRuDI's verdict, recomputes from the original value lists only (the derived lists take no part in the
  // amounts) and compares the gateway's registers with it; the result says it is not TRuDI-identical.
  let notTrudiIdentical: TafResult['notTrudiIdentical'];
  if (derived.length > 0) {
    const names = derived.map((c) => c.obis).join(', ');
    const refusal = invalid(
      'TAF1_NOT_ONLY_OVL',
      `Für TAF-1 müssen alle Messwertlisten originäre Messwertlisten sein; ${names} ist es nicht.`,
      `For TAF-1 every value list must be an original value list; ${names} is not.`,
    );
    if (!options.ownView) throw refusal;
    notTrudiIdentical = {
      trudiVerdict: { code: refusal.code, de: refusal.messageDe, en: refusal.messageEn },
      de: `Eigene Ansicht, nicht TRuDI-identisch: TRuDI lehnt diese Prüfung ab. Nachberechnet nur aus den originären Messwertlisten (${originals.map((c) => c.obis).join(', ')}); die Register des Gateways (${names}) stehen daneben und gehen nicht in die Rechnung ein.`,
      en: `Own view, not TRuDI-identical: TRuDI refuses this check. Recomputed from the original value lists only (${originals.map((c) => c.obis).join(', ')}); the gateway's registers (${names}) stand beside it and take no part in the computation.`,
    };
  }
  if (originals.length > MAX_OVLS) {
    throw invalid('TAF1_TOO_MANY_OVL', `Für TAF-1 sind höchstens ${MAX_OVLS} originäre Messwertlisten zulässig (${originals.length} vorhanden).`, `TAF-1 allows at most ${MAX_OVLS} original value lists (${originals.length} present).`);
  }
  if (profile.tariffStages.length > originals.length) {
    throw invalid(
      'TAF1_TOO_MANY_STAGES',
      `Die Lieferantendatei hat mehr Tarifstufen (${profile.tariffStages.length}) als Messwertlisten vorhanden sind (${originals.length}).`,
      `The supplier file has more tariff stages (${profile.tariffStages.length}) than there are value lists (${originals.length}).`,
    );
  }
  const days = calendarDays(start, end);
  if (profile.specialDayProfiles.length !== days) {
    throw invalid(
      'TAF1_CALENDAR_DAYS',
      `Die Anzahl der Tageszuordnungen (${profile.specialDayProfiles.length}) passt nicht zu den ${days} Tagen des Abrechnungszeitraums.`,
      `The number of calendar entries (${profile.specialDayProfiles.length}) does not fit the ${days} days of the billing period.`,
    );
  }
  const registers: TafRegister[] = [];
  const ranges: TafMeasuringRange[] = [];
  for (const ovl of originals) {
    const valid = [...validDayProfileIds(profile, ovl.registerC)];
    if (valid.length !== 1) {
      throw invalid(
        'TAF1_DAY_PROFILE',
        `Für die Messwertliste ${ovl.obis} muss es genau ein passendes Tagesprofil geben (gefunden: ${valid.length}).`,
        `The value list ${ovl.obis} needs exactly one matching day profile (found: ${valid.length}).`,
      );
    }
    const dayProfile = profile.dayProfiles.find((d) => d.dayId === valid[0])!;
    const tariffNumbers = [...new Set(dayProfile.dayTimeProfiles.map((p) => p.tariffNumber))];
    if (tariffNumbers.length !== 1) {
      throw invalid(
        'TAF1_DAY_PROFILE',
        `Das Tagesprofil ${dayProfile.dayId} wechselt den Tarif; TAF-1 kennt nur einen Tarif je Messwertliste.`,
        `Day profile ${dayProfile.dayId} switches tariffs; TAF-1 has one tariff per value list.`,
      );
    }
    const stage = profile.tariffStages.find((s) => s.tariffNumber === tariffNumbers[0])!;
    const startValue = readingAt(ovl, start);
    const endValue = readingAt(ovl, end);
    const obis = formatObis(stage.obisCode.toLowerCase());
    addToSummary(registers, { obis, tariffNumber: stage.tariffNumber, amount: endValue - startValue, scaler: ovl.scaler, unit: ovl.unit });
    // One accounting section per meter: its own readings, even when several meters feed one register.
    ranges.push({ obis, tariffNumber: stage.tariffNumber, meterId: ovl.meterId, start: formatBerlinIso(start), end: formatBerlinIso(end), startValue, endValue, amount: endValue - startValue });
  }
  return {
    taf: 1,
    begin: formatBerlinIso(start),
    end: formatBerlinIso(end),
    registers,
    days: [
      {
        date: dateKey(start),
        start: formatBerlinIso(start),
        end: formatBerlinIso(end),
        ranges,
        registers: registers.map((r) => ({ obis: r.obis, tariffNumber: r.tariffNumber, amount: r.amount })),
      },
    ],
    billingPeriod: { start: formatBerlinIso(start), end: formatBerlinIso(end) },
    totals: totals(registers),
    gatewayComparison: compareWithGateway(registers, originals, channels, start, end),
    checks,
    ...(notTrudiIdentical ? { notTrudiIdentical } : {}),
  };
}

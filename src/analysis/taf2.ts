/**
 * TAF-2 recomputation: the supplier's time-variable tariff applied to the original value lists, with the
 * results TRuDI gives (knowledge/03-billing-transparency.md). See tariff-booking.ts for the booking rules.
 */
import { berlinDateKey, formatBerlinIso } from '../model/time/berlin';
import { isUsableStatus, lowerBound, upperBound, type Channel } from './channel';
import { AnalysisError } from './errors';
import { compareWithGateway } from './register-comparison';
import { checkCalendar, checkIdentity, refuseOnBlocking } from './supplier-checks';
import { bookChannel, contiguousDays, ERROR_TARIFF, type BookedRanges } from './tariff-booking';
import { calendarDates, literalDays, stageRegisterC, tariffDays, validDayProfileIds, type TariffDay } from './tariff-calendar';
import { errorRegisterHex, formatObis, resolveTafInputs, type DocumentOrUsagePoint } from './taf-inputs';
import type { LiteralReadingDifference, TafDay, TafFinding, TafRegister, TafResult } from './taf-result';

/** Findings that make a recomputation meaningless, with the error code they are refused with. */
const BLOCKING_CHECKS = {
  'supplier.unknown-day-profile': 'UNKNOWN_DAY_PROFILE',
  'supplier.unknown-tariff': 'INVALID_SUPPLIER_FILE',
  'supplier.stage-obis': 'INVALID_SUPPLIER_FILE',
  'supplier.period-length': 'INVALID_SUPPLIER_FILE',
};

interface RegisterSlot {
  obisHex: string;
  registerC: number | undefined;
  tariffNumber: number;
  amount: number;
}

export function noReadingsInPeriod(): AnalysisError {
  return new AnalysisError(
    'NO_READINGS_IN_PERIOD',
    'Keine Messwerte innerhalb des Abrechnungszeitraums gefunden.',
    'No readings found within the billing period. Check that the device data cover the billing period of the supplier file.',
  );
}

export function noOriginalValueList(): AnalysisError {
  return new AnalysisError(
    'NO_ORIGINAL_VALUE_LIST',
    'Es ist keine originäre Messwertliste verfügbar.',
    'The device data contain no original value list (meter readings of the meter itself); a bill check needs one.',
  );
}

/** Registers of the supplier file in file order, plus error registers 1.8.63 (and 2.8.63) where missing. */
function registerSlots(stages: { tariffNumber: number; obisCode: string }[]): RegisterSlot[] {
  const slots: RegisterSlot[] = stages.map((s) => ({
    obisHex: s.obisCode.toLowerCase(),
    registerC: stageRegisterC(s),
    tariffNumber: s.tariffNumber,
    amount: 0,
  }));
  const hasError = (c: number) => slots.some((s) => s.registerC === c && parseInt(s.obisHex.slice(8, 10), 16) === ERROR_TARIFF);
  const needed = [1];
  if (slots.some((s) => s.registerC === 2)) needed.push(2);
  for (const c of needed) {
    if (!hasError(c)) slots.push({ obisHex: errorRegisterHex(c), registerC: c, tariffNumber: ERROR_TARIFF, amount: 0 });
  }
  return slots;
}

function errorSlot(slots: RegisterSlot[], c: number): RegisterSlot {
  const existing = slots.find((s) => s.registerC === c && parseInt(s.obisHex.slice(8, 10), 16) === ERROR_TARIFF);
  if (existing) return existing;
  const slot: RegisterSlot = { obisHex: errorRegisterHex(c), registerC: c, tariffNumber: ERROR_TARIFF, amount: 0 };
  slots.push(slot);
  return slot;
}

/** The original value list used for OBIS C: the total (E = 0) first. */
function ovlFor(originals: Channel[], c: number): Channel | undefined {
  const candidates = originals.filter((o) => o.medium === 1 && o.registerC === c);
  return candidates.find((o) => o.obisHex.slice(8, 10) === '00') ?? candidates[0];
}

/** Range of readings (any status) inside [start, end]; error when there is none or just one instant. */
export function readingRangeInside(channel: Channel, start: number, end: number): { begin: number; end: number; anyUsable: boolean } {
  const lo = lowerBound(channel.times, start);
  const hi = upperBound(channel.times, end) - 1;
  if (lo > hi || channel.times[lo] === channel.times[hi]) throw noReadingsInPeriod();
  let anyUsable = false;
  for (let i = lo; i <= hi && !anyUsable; i++) anyUsable = isUsableStatus(channel.status[i]!);
  return { begin: channel.times[lo]!, end: channel.times[hi]!, anyUsable };
}

export function allUnusable(): AnalysisError {
  return new AnalysisError(
    'ALL_READINGS_UNUSABLE',
    'Die PTB oder FNN Stati aller Messwerte sind kritisch oder fatal.',
    'The PTB or FNN status of every reading is critical or fatal; no value can be used for the bill check.',
  );
}

export function computeTaf2(device: DocumentOrUsagePoint, supplier: DocumentOrUsagePoint): TafResult {
  const inputs = resolveTafInputs(device, supplier);
  const { profile, channels } = inputs;
  // The calendar's dates, once for the check and the calendars of every register C.
  const dates = calendarDates(profile);
  const checks: TafFinding[] = [...checkIdentity(inputs.device, inputs.supplier, profile), ...checkCalendar(profile, dates)];
  if (profile.tariffUseCase !== 2) {
    checks.push({
      code: 'supplier.tariff-use-case',
      severity: 'warning',
      de: `Die Lieferantendatei ist für TAF-${profile.tariffUseCase} ausgestellt; berechnet wird TAF-2.`,
      en: `The supplier file is made for TAF-${profile.tariffUseCase}; TAF-2 is computed.`,
    });
  }
  refuseOnBlocking(checks, BLOCKING_CHECKS);

  const originals = channels.filter((c) => c.original);
  if (originals.length === 0) throw noOriginalValueList();

  const slots = registerSlots(profile.tariffStages);
  const stageCs = [...new Set(slots.map((s) => s.registerC).filter((c): c is number => c !== undefined))];
  const billingStart = profile.billingPeriod.start;
  const billingEnd = billingStart + profile.billingPeriod.duration * 1000;
  // One entry per date, found by the day's start: every calendar day (tariff-calendar.ts, contiguousDays)
  // starts at Berlin midnight, so its start names its date, and each channel's calendar names the same dates.
  const dayMap = new Map<number, TafDay>();
  let begin = Infinity;
  let end = -Infinity;
  const used: Channel[] = [];
  const literalDifferences: LiteralReadingDifference[] = [];

  for (const c of stageCs) {
    const ovl = ovlFor(originals, c);
    if (!ovl) continue;
    used.push(ovl);
    for (const other of originals.filter((o) => o !== ovl && o.medium === 1 && o.registerC === c)) {
      checks.push({
        code: 'taf2.ignored-value-list',
        severity: 'warning',
        de: `Die Messwertliste ${other.obis} (Zähler ${other.meterId}) wird nicht tarifiert; gerechnet wird mit ${ovl.obis} (Zähler ${ovl.meterId}).`,
        en: `The value list ${other.obis} (meter ${other.meterId}) is not tariffed; ${ovl.obis} (meter ${ovl.meterId}) is used.`,
      });
    }
    const inside = readingRangeInside(ovl, billingStart, billingEnd);
    if (!inside.anyUsable) throw allUnusable();
    begin = Math.min(begin, inside.begin);
    end = Math.max(end, inside.end);
    const days = contiguousDays(tariffDays(profile, validDayProfileIds(profile, c), dates).filter((d) => d.end > billingStart && d.start < billingEnd));
    if (days.length === 0) {
      checks.push({
        code: 'taf2.no-day-profile',
        severity: 'error',
        de: `Für die Messwertliste ${ovl.obis} gibt es im Tarifkalender kein passendes Tagesprofil; sie wird nicht tarifiert.`,
        en: `The tariff calendar has no day profile for the value list ${ovl.obis}; it is not tariffed.`,
      });
      continue;
    }
    const walkFrom = Math.max(inside.begin, days[0]!.start);
    const walkTo = Math.min(inside.end, days[days.length - 1]!.end);
    if (walkFrom >= walkTo) continue;
    const booking = bookChannel(ovl, days, walkFrom, walkTo);
    noteUnbooked(checks, ovl, inside, walkFrom, walkTo);
    const errorRegister = errorSlot(slots, c);
    const slotFor = (target: number) =>
      target === ERROR_TARIFF ? errorRegister : (slots.find((s) => s.registerC === c && s.tariffNumber === target) ?? errorRegister);
    for (const [target, amount] of booking.sums) slotFor(target).amount += amount;
    const literal = literalReading(ovl, days, walkFrom, walkTo, booking.sums, (target) => ({ obis: formatObis(slotFor(target).obisHex), tariffNumber: slotFor(target).tariffNumber }));
    if (literal) {
      literalDifferences.push(literal);
      checks.push(literalFinding(literal));
    }
    const obisByTarget = new Map<number, { obis: string; tariffNumber: number }>();
    const registerOf = (target: number) => {
      let register = obisByTarget.get(target);
      if (!register) {
        const slot = slotFor(target);
        register = { obis: formatObis(slot.obisHex), tariffNumber: slot.tariffNumber };
        obisByTarget.set(target, register);
      }
      return register;
    };
    addRanges(booking.ranges, days, dayMap, inside.begin, inside.end, registerOf);
  }
  if (used.length === 0) {
    throw new AnalysisError(
      'NO_MATCHING_VALUE_LIST',
      'Keine originäre Messwertliste passt zu den Tarifstufen der Lieferantendatei (Bezug 1.8 / Einspeisung 2.8).',
      'No original value list matches the tariff stages of the supplier file (import 1.8 / export 2.8).',
    );
  }
  for (const day of dayMap.values()) day.registers = dayRegisters(day);
  const registers = slots.map((s) => toRegister(s, used));
  return {
    taf: 2,
    begin: formatBerlinIso(begin),
    end: formatBerlinIso(end),
    registers,
    days: [...dayMap.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
    billingPeriod: { start: formatBerlinIso(billingStart), end: formatBerlinIso(billingEnd) },
    totals: totals(registers),
    gatewayComparison: compareWithGateway(registers, used, channels, begin, end),
    checks,
    ...(literalDifferences.length > 0 ? { literalReading: literalDifferences } : {}),
  };
}

/**
 * The booked ranges of one list as day entries (created in `dayMap` on first use). A function of its own
 * so that V8 optimises this loop soon after it starts (a loop inside computeTaf2 is compiled with the
 * whole function, later).
 */
function addRanges(
  ranges: BookedRanges,
  days: readonly TariffDay[],
  dayMap: Map<number, TafDay>,
  begin: number,
  end: number,
  registerOf: (target: number) => { obis: string; tariffNumber: number },
): void {
  const entries: (TafDay | undefined)[] = new Array(days.length);
  // Ranges chain: most start where the previous one ended, so its text is reused.
  let lastInstant = NaN;
  let lastText = '';
  for (let i = 0; i < ranges.count; i++) {
    const register = registerOf(ranges.target[i]!);
    const dayIndex = ranges.dayIndex[i]!;
    const tafDay = (entries[dayIndex] ??= dayEntry(dayMap, days[dayIndex]!, begin, end));
    const startValue = ranges.startValue[i]!;
    const endValue = ranges.endValue[i]!;
    const rangeStart = ranges.start[i]!;
    const rangeEnd = ranges.end[i]!;
    const startText = rangeStart === lastInstant ? lastText : formatBerlinIso(rangeStart);
    lastInstant = rangeEnd;
    lastText = formatBerlinIso(rangeEnd);
    tafDay.ranges.push({
      obis: register.obis,
      tariffNumber: register.tariffNumber,
      start: startText,
      end: lastText,
      startValue,
      endValue,
      amount: endValue - startValue,
    });
  }
}

/**
 * TRuDI 1.0 books 23:45–24:00 to the tariff valid before 23:45 when the day's last switch point is 23:45
 * (tariff-calendar.ts). The result follows TRuDI; this books the same list by the literal reading of the
 * file and returns where the two differ (undefined when they do not).
 */
function literalReading(
  ovl: Channel,
  days: readonly TariffDay[],
  from: number,
  to: number,
  trudiSums: Map<number, number>,
  registerOf: (target: number) => { obis: string; tariffNumber: number },
): LiteralReadingDifference | undefined {
  const affected = days.filter((d) => d.literalLastSlot && d.literalLastSlot.start < to && d.end > from);
  if (affected.length === 0) return undefined;
  const literal = bookChannel(ovl, literalDays(days), from, to).sums;
  const registers: LiteralReadingDifference['registers'] = [];
  for (const target of [...new Set([...trudiSums.keys(), ...literal.keys()])].sort((a, b) => a - b)) {
    const trudi = trudiSums.get(target) ?? 0;
    const literalAmount = literal.get(target) ?? 0;
    if (trudi !== literalAmount) registers.push({ ...registerOf(target), trudi, literal: literalAmount, difference: literalAmount - trudi });
  }
  return {
    obis: ovl.obis,
    meterId: ovl.meterId,
    dates: affected.map((d) => berlinDateKey(d.start)),
    literalTariffs: [...new Set(affected.map((d) => d.literalLastSlot!.tariffNumber))],
    registers,
  };
}

function literalFinding(literal: LiteralReadingDifference): TafFinding {
  const n = literal.dates.length;
  const first = literal.dates[0]!;
  const daysDe = n === 1 ? `am ${first}` : `an ${n} Tagen (zuerst ${first})`;
  const daysEn = n === 1 ? `on ${first}` : `on ${n} days (first ${first})`;
  const tariffs = literal.literalTariffs.join(', ');
  const diffDe = literal.registers.map((r) => `${r.obis} ${signed(r.difference)}`).join(', ');
  const noEnergyDe = 'Die Energie ist gleich, weil die betroffenen Viertelstunden ohnehin dem Fehlerregister oder keinem Verbrauch zugeordnet sind.';
  const noEnergyEn = 'The energy is the same because the quarter hours concerned are booked to the error register anyway or carry no consumption.';
  return {
    code: 'taf2.trudi-last-quarter-hour',
    severity: 'info',
    de:
      `Das Tagesprofil wechselt ${daysDe} um 23:45 Uhr auf Tarif ${tariffs} (${literal.obis}). TRuDI 1.0 bucht die Viertelstunde 23:45–24:00 dem vorher gültigen Tarif zu; ` +
      `dieses Ergebnis folgt TRuDI. ` +
      (literal.registers.length > 0 ? `Wörtlich nach der Lieferantendatei gerechnet ergäben sich diese Abweichungen (Rohwerte): ${diffDe}.` : noEnergyDe),
    en:
      `The day profile switches to tariff ${tariffs} at 23:45 ${daysEn} (${literal.obis}). TRuDI 1.0 books the quarter hour 23:45–24:00 to the tariff valid before; ` +
      `this result follows TRuDI. ` +
      (literal.registers.length > 0 ? `Read literally, the supplier file gives these differences (raw values): ${diffDe}.` : noEnergyEn),
  };
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

function dayEntry(dayMap: Map<number, TafDay>, day: TariffDay, begin: number, end: number): TafDay {
  let entry = dayMap.get(day.start);
  if (!entry) {
    entry = {
      date: berlinDateKey(day.start),
      start: formatBerlinIso(Math.max(day.start, begin)),
      end: formatBerlinIso(Math.min(day.end, end)),
      ranges: [],
      registers: [],
    };
    dayMap.set(day.start, entry);
  }
  return entry;
}

function dayRegisters(day: TafDay): TafDay['registers'] {
  const sums: TafDay['registers'] = [];
  for (const r of day.ranges) {
    let entry: TafDay['registers'][number] | undefined;
    for (const s of sums) {
      if (s.obis === r.obis && s.tariffNumber === r.tariffNumber) {
        entry = s;
        break;
      }
    }
    if (entry) entry.amount += r.amount;
    else sums.push({ obis: r.obis, tariffNumber: r.tariffNumber, amount: r.amount });
  }
  return sums;
}

export function toRegister(slot: RegisterSlot, used: Channel[]): TafRegister {
  const source = used.find((c) => c.registerC === slot.registerC) ?? used[0]!;
  return { obis: formatObis(slot.obisHex), tariffNumber: slot.tariffNumber, amount: slot.amount, scaler: source.scaler, unit: source.unit };
}

export function totals(registers: TafRegister[]): TafRegister[] {
  const byC = new Map<string, TafRegister>();
  for (const r of registers) {
    const m = /^(\d+-\d+):(\d+)\.8\.\d+\*255$/.exec(r.obis);
    if (!m) continue;
    const obis = `${m[1]}:${m[2]}.8.0*255`;
    const total = byC.get(obis) ?? { obis, tariffNumber: 0, amount: 0, scaler: r.scaler, unit: r.unit };
    total.amount += r.amount;
    byC.set(obis, total);
  }
  return [...byC.values()];
}

function noteUnbooked(checks: TafFinding[], ovl: Channel, inside: { begin: number; end: number }, walkFrom: number, walkTo: number): void {
  const parts: [number, number][] = [];
  if (inside.begin < walkFrom) parts.push([inside.begin, walkFrom]);
  if (inside.end > walkTo) parts.push([walkTo, inside.end]);
  for (const [from, to] of parts) {
    checks.push({
      code: 'taf2.outside-calendar',
      severity: 'warning',
      de: `Die Messwerte von ${formatBerlinIso(from)} bis ${formatBerlinIso(to)} (${ovl.obis}) liegen im Abrechnungszeitraum, aber an keinem Tag des Tarifkalenders; sie werden keinem Register zugeordnet.`,
      en: `The readings from ${formatBerlinIso(from)} to ${formatBerlinIso(to)} (${ovl.obis}) lie in the billing period but on no day of the tariff calendar; they are booked to no register.`,
    });
  }
}

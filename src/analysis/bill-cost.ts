/**
 * The money of a bill check: per register energy × the user's price for that tariff stage, the yearly base
 * price pro rata for the billing period, and the total. Exact decimal arithmetic (decimal.ts), no floats.
 *
 * Rules (also shown in the UI, the CLI and the report):
 * - A register's cost = its recomputed energy in kWh × the price per kWh of its register (OBIS code, i.e.
 *   direction and tariff stage), rounded to whole cents, half away from zero. A negative price (e.g. a
 *   feed-in remuneration) gives a negative cost.
 * - Base price share = yearly base price × (Berlin calendar days of the period in that year / days of that
 *   year, 365 or 366), per calendar year the period touches, each part rounded to whole cents. A day the
 *   period [start, end) covers only partly counts pro rata by time: the covered share of that day's length
 *   (23 or 25 hours on the DST days); a period from midnight to midnight counts exactly its days.
 * - Total = the sum of the rounded register costs and base price parts. A register with energy but without
 *   a price, or without a recomputed energy, is not priced: the total is then marked incomplete and names
 *   those registers. A register with exactly 0 kWh costs 0 whatever its price.
 * - VAT is not applied: the amounts are as priced by the user (net or gross as the prices were entered).
 */
import { isErrorRegister } from '../model/obis';
import { berlinDate, berlinStartOfDay, nextBerlinDay } from '../model/time/berlin';
import { decimalOf, formatDecimal, isZero, multiply, parsePlainDecimal, roundDecimal, scaleRounded, sum, type Decimal } from './decimal';
import type { Prices } from './prices';
import type { TafResult } from './taf-result';

export interface LocalizedText {
  de: string;
  en: string;
}

/** One register as the bill check (or the report) has it. */
export interface CostRegister {
  obis: string;
  tariffNumber: number;
  /** Raw integer amount before the scaler; null when the energy could not be recomputed. */
  amount: number | null;
  scaler: number;
  unit: string;
  /** Why the energy is incomplete or missing: kept in the cost line. */
  notes?: LocalizedText[];
}

export type CostLineStatus = 'priced' | 'zero-energy' | 'not-priced' | 'no-energy';

export interface CostLine {
  obis: string;
  tariffNumber: number;
  /** Exact energy in kWh, or null when there is none. */
  energyKwh: string | null;
  /** EUR per kWh as given, or null. */
  pricePerKwh: string | null;
  /** EUR rounded to cents (two decimals), or null when not priced. */
  cost: string | null;
  /** EUR before rounding (exact). */
  exactCost: string | null;
  status: CostLineStatus;
  notes: LocalizedText[];
}

export interface BaseShareYear {
  year: number;
  /** Berlin calendar days of the period in this year. */
  days: number;
  daysInYear: number;
  /** EUR rounded to cents. */
  share: string;
}

export interface BaseShare {
  perYear: string;
  days: number;
  years: BaseShareYear[];
  /** EUR, sum of the yearly parts. */
  share: string;
}

export interface BillCost {
  currency: 'EUR';
  /**
   * VAT is never added implicitly: 'not-applied' (amounts as the prices were entered, net or gross), or, with
   * a VAT rate given (prices file `vatPercent`, `--vat`), the prices are net and `total` is the gross amount:
   * net = the net total, amount = net × percent / 100 rounded to cents, gross = net + amount.
   */
  vat: 'not-applied' | { percent: string; net: string; amount: string; gross: string };
  period: { start: string; end: string };
  lines: CostLine[];
  base?: BaseShare;
  /** Sum of the register costs (EUR, cents). */
  energyTotal: string;
  /** Energy total plus base price share (EUR, cents): complete only when `complete`. */
  total: string;
  complete: boolean;
  /** The registers the total lacks, and why. */
  missing: { obis: string; reason: 'not-priced' | 'no-energy' }[];
  /** Prices for registers the bill check does not have (probably a typo). */
  unusedPrices: string[];
  rules: LocalizedText;
}

export const COST_RULES: LocalizedText = {
  de:
    'Kosten je Register = Energie (kWh) × Preis je kWh, auf ganze Cent gerundet (kaufmännisch). Grundpreis anteilig: ' +
    'Jahresgrundpreis × Kalendertage des Zeitraums im Jahr (Europe/Berlin; ein angebrochener Tag zeitanteilig, auch an 23- und 25-Stunden-Tagen) / Tage dieses Jahres (365 oder 366), je Kalenderjahr ' +
    'auf Cent gerundet. Summe = Summe der gerundeten Beträge. Ein Register ohne Preis oder ohne Energiewert fehlt in der Summe; ' +
    'die Summe ist dann unvollständig. Keine Umsatzsteuer aufgeschlagen: Beträge wie die eingegebenen Preise (netto oder brutto).',
  en:
    'Cost per register = energy (kWh) × price per kWh, rounded to whole cents (half away from zero). Base price pro rata: ' +
    'yearly base price × calendar days of the period in that year (Europe/Berlin; a partly covered day pro rata by time, also on 23- and 25-hour days) / days of that year (365 or 366), rounded ' +
    'to cents per calendar year. Total = sum of the rounded amounts. A register without a price or without an energy value is ' +
    'missing from the total, which is then incomplete. No VAT added: amounts as the prices entered (net or gross).',
};

const CENTS = 2;

/** Costs of the registers over the period [start, end) (ISO instants with offset). */
export function computeBillCost(registers: readonly CostRegister[], prices: Prices, period: { start: string; end: string }): BillCost {
  const priceOf = new Map(prices.energyPerKwh.map((p) => [p.obis, p.price]));
  const lines = registers.map((r) => costLine(r, priceOf.get(r.obis)));
  const known = new Set(registers.map((r) => r.obis));
  const unusedPrices = prices.energyPerKwh.map((p) => p.obis).filter((obis) => !known.has(obis));
  const lineCosts = lines.flatMap((l) => (l.cost === null ? [] : [parsePlainDecimal(l.cost)]));
  const energyTotal = sum(lineCosts);
  const base = prices.basePerYear ? baseShare(prices.basePerYear, period) : undefined;
  const total = base ? sum([energyTotal, parsePlainDecimal(base.share)]) : energyTotal;
  const vat = prices.vatPercent ? vatOf(total, prices.vatPercent) : undefined;
  const missing: BillCost['missing'] = lines.flatMap((l) => (l.status === 'not-priced' || l.status === 'no-energy' ? [{ obis: l.obis, reason: l.status }] : []));
  const cost: BillCost = {
    currency: 'EUR',
    vat: vat ?? 'not-applied',
    period: { start: period.start, end: period.end },
    lines,
    energyTotal: formatDecimal(energyTotal, CENTS),
    total: vat ? vat.gross : formatDecimal(total, CENTS),
    complete: missing.length === 0,
    missing,
    unusedPrices,
    rules: vat ? vatRules(vat.percent) : COST_RULES,
  };
  if (base) cost.base = base;
  return cost;
}

function costLine(register: CostRegister, price: Decimal | undefined): CostLine {
  const notes = [...(register.notes ?? [])];
  const energy = energyKwh(register);
  const line: CostLine = {
    obis: register.obis,
    tariffNumber: register.tariffNumber,
    energyKwh: energy ? formatDecimal(energy) : null,
    pricePerKwh: price ? formatDecimal(price) : null,
    cost: null,
    exactCost: null,
    status: 'no-energy',
    notes,
  };
  if (!energy) {
    if (register.amount !== null) notes.push({ de: `Einheit ${register.unit} ist keine Wirkenergie in kWh.`, en: `Unit ${register.unit} is no active energy in kWh.` });
    return line;
  }
  if (!price) {
    if (isZero(energy)) return { ...line, cost: '0.00', exactCost: '0', status: 'zero-energy' };
    return { ...line, status: 'not-priced' };
  }
  const exact = multiply(energy, price);
  return { ...line, cost: formatDecimal(roundDecimal(exact, CENTS), CENTS), exactCost: formatDecimal(exact), status: 'priced' };
}

/** The register's energy in kWh, exactly; undefined without an amount or for a unit that is no energy. */
function energyKwh(register: CostRegister): Decimal | undefined {
  if (register.amount === null) return undefined;
  if (register.unit === 'Wh') return decimalOf(register.amount, register.scaler - 3);
  if (register.unit === 'kWh') return decimalOf(register.amount, register.scaler);
  return undefined;
}

/** The rules with the VAT sentence for net prices. */
function vatRules(percent: string): LocalizedText {
  return {
    de: COST_RULES.de.replace(/Keine Umsatzsteuer aufgeschlagen:.*$/, `Die Preise sind netto: ${percent} % Umsatzsteuer auf die Nettosumme, auf Cent gerundet; Summe = brutto.`),
    en: COST_RULES.en.replace(/No VAT added:.*$/, `The prices are net: ${percent} % VAT on the net total, rounded to cents; total = gross.`),
  };
}

/** VAT on a net total: one rounding to cents (half away from zero), gross = net + VAT. */
function vatOf(net: Decimal, percent: Decimal): Exclude<BillCost['vat'], 'not-applied'> {
  const amount = roundDecimal(multiply(net, { coefficient: percent.coefficient, exponent: percent.exponent - 2 }), CENTS);
  return { percent: formatDecimal(percent), net: formatDecimal(net, CENTS), amount: formatDecimal(amount, CENTS), gross: formatDecimal(sum([net, amount]), CENTS) };
}

/** The base price share of the period, per calendar year (see the rules above). */
export function baseShare(perYear: Decimal, period: { start: string; end: string }): BaseShare {
  const years = berlinDayPartsByYear(Date.parse(period.start), Date.parse(period.end)).map(({ year, parts }) => {
    const daysInYear = isLeapYear(year) ? 366 : 365;
    // Exact: share = perYear × (parts / DAY_PARTS) / daysInYear, one rounding to cents.
    return { year, days: Number((parts / DAY_PARTS).toFixed(6)), daysInYear, share: formatDecimal(scaleRounded(perYear, parts, DAY_PARTS * daysInYear, CENTS), CENTS) };
  });
  return {
    perYear: formatDecimal(perYear, CENTS),
    days: Number(years.reduce((n, y) => n + y.days, 0).toFixed(6)),
    years,
    share: formatDecimal(sum(years.map((y) => parsePlainDecimal(y.share))), CENTS),
  };
}

/**
 * One Berlin day in integer parts: the least common multiple of the lengths of a 23-, 24- and 25-hour day in
 * milliseconds, so that a part of any day is a whole number of parts (exact, no floats). A year of them stays a
 * safe integer (366 × 4.968e10 ≈ 1.8e13).
 */
const DAY_PARTS = 49_680_000_000;

/**
 * The Berlin calendar days of [startMs, endMs) per calendar year, in DAY_PARTS per day: a day the period
 * covers fully counts one day, a day it covers partly the share of that day's length (23 or 25 hours on
 * the DST days) it covers.
 */
export function berlinDayPartsByYear(startMs: number, endMs: number): { year: number; parts: number }[] {
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) throw new RangeError('period start or end is not a time');
  const result: { year: number; parts: number }[] = [];
  for (let day = berlinStartOfDay(startMs); day < endMs; day = nextBerlinDay(day)) {
    const next = nextBerlinDay(day);
    const covered = Math.min(next, endMs) - Math.max(day, startMs);
    const parts = covered * (DAY_PARTS / (next - day));
    const year = berlinDate(day).year;
    const last = result.at(-1);
    if (last && last.year === year) last.parts += parts;
    else result.push({ year, parts });
  }
  return result;
}

/** Berlin calendar days of [startMs, endMs) per calendar year, a partly covered day as its covered share. */
export function berlinDaysByYear(startMs: number, endMs: number): { year: number; days: number }[] {
  return berlinDayPartsByYear(startMs, endMs).map(({ year, parts }) => ({ year, days: parts / DAY_PARTS }));
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The bill check's registers as cost registers; the error register says what its energy is. */
export function costRegistersOfTaf(result: Pick<TafResult, 'registers'>): CostRegister[] {
  return result.registers.map((r) => {
    const register: CostRegister = { obis: r.obis, tariffNumber: r.tariffNumber, amount: r.amount, scaler: r.scaler, unit: r.unit };
    if (isErrorRegister(r.obis) && r.amount !== 0) {
      register.notes = [
        {
          de: 'Fehlerregister: Energie aus Zeiten mit fehlenden oder fehlerhaften Messwerten, keiner Tarifstufe zuzuordnen.',
          en: 'Error register: energy of times with missing or faulty readings, not assignable to a tariff stage.',
        },
      ];
    }
    return register;
  });
}

/** The bill check's cost for its billing period. */
export function costOfTaf(result: Pick<TafResult, 'registers' | 'billingPeriod'>, prices: Prices): BillCost {
  return computeBillCost(costRegistersOfTaf(result), prices, result.billingPeriod);
}

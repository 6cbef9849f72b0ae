/**
 * The bill check's money as the view writes it. The engine computes every amount as an exact decimal string
 * rounded to cents; here they are only formatted in the UI's locale, and a missing amount says why.
 */
import type { BillCostDto, CostLineDto } from '../../../src/api/dto';
import { formatNumber } from '../format';

/** vue-i18n's `t` as far as these texts need it. */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

const euroFormats = new Map<string, Intl.NumberFormat>();

/** EUR with two decimals in the UI's locale (`1,26 €`). */
export function formatEuro(amount: string, intlLocale: string): string {
  let format = euroFormats.get(intlLocale);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale, { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 });
    euroFormats.set(intlLocale, format);
  }
  return format.format(Number(amount));
}

/** The engine's decimal string in the UI's locale with the decimals it has, at least `minDecimals` (`7.5` → `7,5`). */
function formatAsGiven(amount: string, intlLocale: string, minDecimals = 0): string {
  return formatNumber(Number(amount), intlLocale, Math.max(minDecimals, amount.split('.')[1]?.length ?? 0));
}

/** A price per kWh with every decimal it was entered with, at least two (`12,3456 €/kWh`). */
export function formatPricePerKwh(amount: string, intlLocale: string): string {
  return `${formatAsGiven(amount, intlLocale, 2)} €/kWh`;
}

/** The applied VAT as the total's rows write it: the net total, the VAT line (`19 % USt.`) and the gross total. */
export function vatRows(vat: BillCostDto['vat'], intlLocale: string, t: Translate): { net: string; label: string; amount: string; gross: string } | undefined {
  if (vat === 'not-applied') return undefined;
  return {
    net: formatEuro(vat.net, intlLocale),
    label: t('bill.vatLine', { percent: formatAsGiven(vat.percent, intlLocale) }),
    amount: formatEuro(vat.amount, intlLocale),
    gross: formatEuro(vat.gross, intlLocale),
  };
}

/** Why a register has no cost: no price entered, or no energy value to price. */
function shortfallText(reason: CostLineDto['status'], t: Translate): string {
  return t(reason === 'not-priced' ? 'bill.costNotPriced' : 'bill.costNoEnergy');
}

/** A register's cost, or why it has none; empty when the cost has no line for the register. */
export function lineCostText(line: CostLineDto | undefined, intlLocale: string, t: Translate): string {
  if (!line) return '';
  return line.cost !== null ? formatEuro(line.cost, intlLocale) : shortfallText(line.status, t);
}

/** The base price's share per calendar year (`2017: 1/365 Tage = 0,33 €`), joined by `+`. */
export function baseShareParts(base: BillCostDto['base'], intlLocale: string, t: Translate): string {
  return (base?.years ?? [])
    .map((y) => t('bill.baseShareYear', { year: y.year, days: y.days, daysInYear: y.daysInYear, share: formatEuro(y.share, intlLocale) }))
    .join(' + ');
}

/** The registers an incomplete total lacks, each with why (`1-0:1.8.63*255 (ohne Preis)`). */
export function missingRegistersText(missing: BillCostDto['missing'], t: Translate): string {
  return missing.map((m) => `${m.obis} (${shortfallText(m.reason, t)})`).join(', ');
}

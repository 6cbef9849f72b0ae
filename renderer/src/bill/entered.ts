/**
 * What the user typed into the bill check: prices (EUR per kWh per register OBIS, a yearly base price, a VAT
 * rate in percent that makes them net prices) and
 * the values the bill names (kWh per register). Only blanks are dropped and values trimmed here: the engine
 * parses and checks the numbers (decimal comma or point) and names a bad field in its error.
 */
import type { PricesDto } from '../../../src/api/dto';

/** The entered values without the empty ones, trimmed. */
function filled(values: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(values)
    .map(([obis, value]): [string, string] => [obis, value.trim()])
    .filter(([, value]) => value !== '');
}

/** The prices as entered, or undefined when nothing is entered. */
export function enteredPrices(energyPerKwh: Readonly<Record<string, string>>, basePricePerYear: string, vatPercent = ''): PricesDto | undefined {
  const energy = Object.fromEntries(filled(energyPerKwh));
  const base = basePricePerYear.trim();
  const vat = vatPercent.trim();
  if (Object.keys(energy).length === 0 && base === '' && vat === '') return undefined;
  const prices: PricesDto = { currency: 'EUR', energyPerKwh: energy };
  if (base !== '') prices.basePricePerYear = base;
  if (vat !== '') prices.vatPercent = vat;
  return prices;
}

/** The values entered from the bill, for the report: one per register with a value. */
export function billedValues(billed: Readonly<Record<string, string>>): { obis: string; value: string }[] {
  return filled(billed).map(([obis, value]) => ({ obis, value }));
}

/** Names the prices a cost was computed with: a shown cost whose key differs from the entered prices' is stale. */
export function pricesKey(prices: PricesDto | undefined): string {
  return JSON.stringify(prices ?? null);
}

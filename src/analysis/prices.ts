/**
 * The prices a user enters for a billing period (`trudi taf --prices FILE.json`, the bill check view, the
 * report), checked field by field. The JSON shape:
 *
 *   {
 *     "currency": "EUR",
 *     "energyPerKwh": { "1-0:1.8.1*255": "0.3012", "1-0:1.8.2*255": 0.2511 },
 *     "basePricePerYear": "119.88"
 *   }
 *
 * Keys of `energyPerKwh` are the bill check's registers (OBIS code: direction and tariff stage; `1.8.1`
 * is accepted for `1-0:1.8.1*255`). Amounts are EUR, as JSON numbers or strings (decimal comma or point,
 * at most 6 decimals for prices per kWh, 2 for the base price). Without `vatPercent` no VAT is added (the
 * amounts are as entered, net or gross); with `"vatPercent": "19"` the prices are net and the cost adds
 * that VAT on the total (exact decimals, rounded to cents once).
 */
import { AnalysisError } from './errors';
import { formatDecimal, parseDecimalText, type Decimal } from './decimal';
import { normalizeObisText } from './obis-text';

/** The JSON-safe shape (file and API request). */
export interface PricesInput {
  currency?: string;
  energyPerKwh: Record<string, string | number>;
  basePricePerYear?: string | number;
  /** VAT in percent (0 … 100, at most 2 decimals): the prices are net and the VAT is added on the total. */
  vatPercent?: string | number;
}

/** Checked prices. */
export interface Prices {
  currency: 'EUR';
  energyPerKwh: { obis: string; price: Decimal }[];
  basePerYear?: Decimal;
  vatPercent?: Decimal;
}

const FIELDS = new Set(['currency', 'energyPerKwh', 'basePricePerYear', 'vatPercent']);
const EXAMPLE = '{"currency": "EUR", "energyPerKwh": {"1-0:1.8.1*255": "0.3012"}, "basePricePerYear": "119.88"}';

/** Checks prices from a file or a request; `source` names where they came from in the error. */
export function parsePrices(value: unknown, source = 'prices'): Prices {
  const fail = (field: string, de: string, en: string): never => {
    throw new AnalysisError(
      'BAD_PRICES',
      `${source}: ${field}: ${de} Beispiel: ${EXAMPLE}`,
      `${source}: ${field}: ${en} Example: ${EXAMPLE}`,
    );
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('(top level)', 'Die Preise müssen ein JSON-Objekt sein.', 'The prices must be a JSON object.');
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!FIELDS.has(key)) fail(key, `unbekanntes Feld; erlaubt sind ${[...FIELDS].join(', ')}.`, `unknown field; allowed are ${[...FIELDS].join(', ')}.`);
  }
  const currency = record.currency ?? 'EUR';
  if (currency !== 'EUR') fail('currency', `„${String(currency)}“ wird nicht unterstützt; nur EUR.`, `"${String(currency)}" is not supported; only EUR is.`);
  const energy = record.energyPerKwh;
  if (typeof energy !== 'object' || energy === null || Array.isArray(energy)) {
    return fail('energyPerKwh', 'fehlt oder ist kein Objekt {Register: Preis je kWh}.', 'is missing or not an object {register: price per kWh}.');
  }
  const energyPerKwh: Prices['energyPerKwh'] = [];
  for (const [key, raw] of Object.entries(energy as Record<string, unknown>)) {
    const field = `energyPerKwh["${key}"]`;
    const obis = normalizeObisText(key);
    if (!obis) fail(field, `„${key}“ ist keine OBIS-Kennzahl eines Registers (z. B. 1-0:1.8.1*255).`, `"${key}" is not the OBIS code of a register (e.g. 1-0:1.8.1*255).`);
    if (energyPerKwh.some((p) => p.obis === obis)) fail(field, `das Register ${obis} ist mehrfach angegeben.`, `the register ${obis} is given more than once.`);
    energyPerKwh.push({ obis: obis!, price: amount(raw, field, 6, true, fail) });
  }
  const prices: Prices = { currency: 'EUR', energyPerKwh };
  if (record.basePricePerYear !== undefined && record.basePricePerYear !== null && record.basePricePerYear !== '') {
    prices.basePerYear = amount(record.basePricePerYear, 'basePricePerYear', 2, false, fail);
  }
  if (record.vatPercent !== undefined && record.vatPercent !== null && record.vatPercent !== '') {
    prices.vatPercent = vatPercentOf(record.vatPercent, fail);
  }
  return prices;
}

/** Parses the JSON text of a prices file. */
export function parsePricesJson(text: string, fileName: string): Prices {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new AnalysisError(
      'BAD_PRICES',
      `${fileName}: kein gültiges JSON (${(error as Error).message}). Beispiel: ${EXAMPLE}`,
      `${fileName}: not valid JSON (${(error as Error).message}). Example: ${EXAMPLE}`,
    );
  }
  return parsePrices(value, fileName);
}

/** The JSON-safe form of checked prices (what the UI sends back, what a report keeps). */
export function pricesToInput(prices: Prices): PricesInput {
  const input: PricesInput = { currency: 'EUR', energyPerKwh: Object.fromEntries(prices.energyPerKwh.map((p) => [p.obis, formatDecimal(p.price)])) };
  if (prices.basePerYear) input.basePricePerYear = formatDecimal(prices.basePerYear, 2);
  if (prices.vatPercent) input.vatPercent = formatDecimal(prices.vatPercent);
  return input;
}

/** A VAT rate in percent, 0 … 100 with at most 2 decimals (`--vat 19`, `"vatPercent": "7"`). */
export function vatPercentOf(raw: unknown, fail: (field: string, de: string, en: string) => never, field = 'vatPercent'): Decimal {
  const value = amount(raw, field, 2, false, fail);
  if (Number(formatDecimal(value)) > 100) fail(field, `${formatDecimal(value)} % ist kein Umsatzsteuersatz (0 bis 100).`, `${formatDecimal(value)} % is not a VAT rate (0 to 100).`);
  return value;
}

function amount(
  raw: unknown,
  field: string,
  maxDecimals: number,
  allowNegative: boolean,
  fail: (field: string, de: string, en: string) => never,
): Decimal {
  const text = typeof raw === 'number' ? (Number.isFinite(raw) ? String(raw) : '') : typeof raw === 'string' ? raw.trim().replace(/\s*(?:EUR|€)$/i, '') : undefined;
  if (text === undefined) return fail(field, 'muss eine Zahl (EUR) sein.', 'must be a number (EUR).');
  const value = parseDecimalText(text, { allowNegative });
  if (!value) {
    return fail(
      field,
      `„${String(raw)}“ ist kein Betrag in EUR${allowNegative ? '' : ' (nicht negativ)'}; Dezimalkomma oder -punkt, z. B. 0,3012.`,
      `"${String(raw)}" is not an amount in EUR${allowNegative ? '' : ' (not negative)'}; decimal comma or point, e.g. 0.3012.`,
    );
  }
  if (-value.exponent > maxDecimals && value.coefficient % 10n ** BigInt(-value.exponent - maxDecimals) !== 0n) {
    fail(field, `„${String(raw)}“ hat mehr als ${maxDecimals} Nachkommastellen.`, `"${String(raw)}" has more than ${maxDecimals} decimals.`);
  }
  return value;
}

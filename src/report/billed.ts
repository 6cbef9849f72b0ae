/**
 * Register values the user reads off the bill: `1-0:1.8.1*255=1234,5` (kWh; decimal comma or point; a
 * trailing unit "kWh" is allowed). The decimals as written are the bill's precision: a recomputed value is
 * compared after rounding to them.
 */
import { ApiError } from '../api/errors';
import { formatDecimal, parseDecimalText } from '../analysis/decimal';
import { normalizeObisText } from '../analysis/obis-text';
import type { BilledValue } from './types';

export function parseBilledValue(text: string): BilledValue {
  const [obisPart, valuePart, ...rest] = text.split('=');
  const invalid = (why: { de: string; en: string }) =>
    ApiError.localized(
      'BAD_BILLED_VALUE',
      `„${text}“ ist kein Rechnungswert: ${why.de} Beispiel: 1-0:1.8.1*255=1234,5 (kWh wie auf der Rechnung).`,
      `"${text}" is not a billed value: ${why.en} Example: 1-0:1.8.1*255=1234.5 (kWh as on the bill).`,
    );
  if (valuePart === undefined || rest.length > 0) throw invalid({ de: 'Es fehlt das Gleichheitszeichen zwischen Register und Wert.', en: 'The register and the value must be joined by one "=".' });
  const obis = normalizeObisText(obisPart!);
  if (!obis) throw invalid({ de: `„${obisPart!.trim()}“ ist keine OBIS-Kennzahl.`, en: `"${obisPart!.trim()}" is not an OBIS code.` });
  const valueText = valuePart.trim().replace(/\s*kWh$/i, '');
  const number = parseDecimal(valueText);
  if (!number) throw invalid({ de: `„${valuePart.trim()}“ ist keine Zahl.`, en: `"${valuePart.trim()}" is not a number.` });
  return { obis, value: number.value, decimals: number.decimals };
}

/** Several `--billed` values; one register may be named once. */
export function parseBilledValues(texts: readonly string[]): BilledValue[] {
  const values = texts.map(parseBilledValue);
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v.obis)) {
      throw ApiError.localized('BAD_BILLED_VALUE', `Das Register ${v.obis} ist mehrfach angegeben.`, `The register ${v.obis} is given more than once.`);
    }
    seen.add(v.obis);
  }
  return values;
}

/** A decimal number written the German or the English way (see parseDecimalText), as a number with its decimals. */
export function parseDecimal(text: string): { value: number; decimals: number } | undefined {
  const exact = parseDecimalText(text);
  if (!exact) return undefined;
  return { value: Number(formatDecimal(exact)), decimals: -exact.exponent };
}

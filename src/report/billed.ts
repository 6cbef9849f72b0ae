/**
 * Register values the user reads off the bill: `1-0:1.8.1*255=1234,5` (kWh; decimal comma or point; a
 * trailing unit "kWh" is allowed). The decimals as written are the bill's precision: a recomputed value is
 * compared after rounding to them.
 */
import { ApiError } from '../api/errors';
import type { BilledValue } from './types';

const OBIS = /^(?:(\d{1,3})-(\d{1,3}):)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\*(\d{1,3}))?$/;

export function parseBilledValue(text: string): BilledValue {
  const [obisPart, valuePart, ...rest] = text.split('=');
  const invalid = (why: { de: string; en: string }) =>
    ApiError.localized(
      'BAD_BILLED_VALUE',
      `„${text}“ ist kein Rechnungswert: ${why.de} Beispiel: 1-0:1.8.1*255=1234,5 (kWh wie auf der Rechnung).`,
      `"${text}" is not a billed value: ${why.en} Example: 1-0:1.8.1*255=1234.5 (kWh as on the bill).`,
    );
  if (valuePart === undefined || rest.length > 0) throw invalid({ de: 'Es fehlt das Gleichheitszeichen zwischen Register und Wert.', en: 'The register and the value must be joined by one "=".' });
  const obisMatch = OBIS.exec(obisPart!.trim());
  if (!obisMatch) throw invalid({ de: `„${obisPart!.trim()}“ ist keine OBIS-Kennzahl.`, en: `"${obisPart!.trim()}" is not an OBIS code.` });
  const [, a = '1', b = '0', c, d, e, f = '255'] = obisMatch;
  const valueText = valuePart.trim().replace(/\s*kWh$/i, '');
  const number = parseDecimal(valueText);
  if (!number) throw invalid({ de: `„${valuePart.trim()}“ ist keine Zahl.`, en: `"${valuePart.trim()}" is not a number.` });
  return { obis: `${a}-${b}:${c}.${d}.${e}*${f}`, value: number.value, decimals: number.decimals };
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

/**
 * A decimal number written the German or the English way. With both marks, the last one is the decimal
 * mark (1.234,5 · 1,234.5); a single mark is a decimal mark (1234,5 · 1234.5); a repeated one groups
 * thousands (1.234.567).
 */
export function parseDecimal(text: string): { value: number; decimals: number } | undefined {
  const t = text.replace(/[\u00a0\u202f ]/g, '').replace(/^\+/, '');
  if (!/^[\d.,]+$/.test(t)) return undefined;
  const dots = t.split('.').length - 1;
  const commas = t.split(',').length - 1;
  let decimalMark: '.' | ',' | undefined;
  if (dots > 0 && commas > 0) decimalMark = t.lastIndexOf('.') > t.lastIndexOf(',') ? '.' : ',';
  else if (dots === 1) decimalMark = '.';
  else if (commas === 1) decimalMark = ',';
  const cut = decimalMark ? t.lastIndexOf(decimalMark) : t.length;
  const fraction = decimalMark ? t.slice(cut + 1) : '';
  const groups = t.slice(0, cut).split(/[.,]/);
  const grouped = groups.length === 1 || (/^\d{1,3}$/.test(groups[0]!) && groups.slice(1).every((g) => /^\d{3}$/.test(g)));
  if (!grouped || !/^\d+$/.test(groups.join('')) || (decimalMark && !/^\d+$/.test(fraction))) return undefined;
  return { value: Number(`${groups.join('')}.${fraction || '0'}`), decimals: fraction.length };
}

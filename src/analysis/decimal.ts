/**
 * Exact decimal numbers for money and energy: a BigInt coefficient times a power of ten, so that prices,
 * energies and costs never drift as binary floating point would (0.1 + 0.2). Only what the bill check
 * needs: parse, multiply, add, divide with rounding, round, format.
 */

export interface Decimal {
  coefficient: bigint;
  /** value = coefficient × 10^exponent */
  exponent: number;
}

/**
 * A decimal number written the German or the English way. With both marks, the last one is the decimal
 * mark (1.234,5 · 1,234.5); a single mark is a decimal mark (1234,5 · 1234.5); a repeated one groups
 * thousands (1.234.567). Spaces (also no-break) are ignored, a leading "+" too; a leading "-" only with
 * `allowNegative`. Returns undefined for anything else (exponents, several signs, letters).
 */
export function parseDecimalText(text: string, options: { allowNegative?: boolean } = {}): Decimal | undefined {
  let t = text.replace(/[\u00a0\u202f ]/g, '');
  let negative = false;
  if (t.startsWith('+')) t = t.slice(1);
  else if (t.startsWith('-') || t.startsWith('\u2212')) {
    if (!options.allowNegative) return undefined;
    negative = true;
    t = t.slice(1);
  }
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
  const integer = groups.join('');
  if (!grouped || !/^\d+$/.test(integer) || (decimalMark && !/^\d+$/.test(fraction))) return undefined;
  const coefficient = BigInt(integer + fraction);
  return { coefficient: negative ? -coefficient : coefficient, exponent: -fraction.length };
}

/** The decimal of an integer raw value times 10^exponent (a register amount with its scaler). */
export function decimalOf(integer: number, exponent = 0): Decimal {
  if (!Number.isSafeInteger(integer)) throw new RangeError(`${integer} is not a safe integer`);
  return { coefficient: BigInt(integer), exponent };
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return { coefficient: a.coefficient * b.coefficient, exponent: a.exponent + b.exponent };
}

export function add(a: Decimal, b: Decimal): Decimal {
  const exponent = Math.min(a.exponent, b.exponent);
  return { coefficient: rescale(a, exponent) + rescale(b, exponent), exponent };
}

export function sum(values: readonly Decimal[]): Decimal {
  return values.reduce(add, { coefficient: 0n, exponent: 0 });
}

export function isZero(a: Decimal): boolean {
  return a.coefficient === 0n;
}

/** Rounds to `decimals` places, half away from zero (commercial rounding, as bills round to the cent). */
export function roundDecimal(a: Decimal, decimals: number): Decimal {
  const exponent = -decimals;
  if (a.exponent >= exponent) return { coefficient: rescale(a, exponent), exponent };
  return { coefficient: divideRounded(a.coefficient, 10n ** BigInt(exponent - a.exponent)), exponent };
}

/** a × numerator / denominator rounded to `decimals` places, half away from zero (one rounding step). */
export function scaleRounded(a: Decimal, numerator: number, denominator: number, decimals: number): Decimal {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError(`bad fraction ${numerator}/${denominator}`);
  }
  const exponent = -decimals;
  // value = c × 10^e × n / d; wanted: round(value / 10^exponent) = round(c × n × 10^(e − exponent) / d).
  let top = a.coefficient * BigInt(numerator);
  let bottom = BigInt(denominator);
  if (a.exponent >= exponent) top *= 10n ** BigInt(a.exponent - exponent);
  else bottom *= 10n ** BigInt(exponent - a.exponent);
  return { coefficient: divideRounded(top, bottom), exponent };
}

/** Plain decimal text with at least `minDecimals` places and no trailing zeros beyond them: `-12.30`. */
export function formatDecimal(a: Decimal, minDecimals = 0): string {
  const places = Math.max(minDecimals, -a.exponent);
  const coefficient = rescale(a, -places);
  const negative = coefficient < 0n;
  const digits = (negative ? -coefficient : coefficient).toString().padStart(places + 1, '0');
  const integer = digits.slice(0, digits.length - places);
  let fraction = digits.slice(digits.length - places);
  while (fraction.length > minDecimals && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return `${negative ? '-' : ''}${integer}${fraction ? `.${fraction}` : ''}`;
}

/** Text written by formatDecimal (`-12.30`) back to a decimal; throws on anything else. */
export function parsePlainDecimal(text: string): Decimal {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a plain decimal`);
  const [, sign, integer, fraction = ''] = match;
  const coefficient = BigInt(`${integer}${fraction}`);
  return { coefficient: sign ? -coefficient : coefficient, exponent: -fraction.length };
}

/** The coefficient at a smaller or equal exponent (exact). */
function rescale(a: Decimal, exponent: number): bigint {
  if (exponent > a.exponent) throw new RangeError('rescale would lose digits');
  return a.coefficient * 10n ** BigInt(a.exponent - exponent);
}

/** top / bottom (bottom > 0) rounded half away from zero. */
function divideRounded(top: bigint, bottom: bigint): bigint {
  const negative = top < 0n;
  const magnitude = negative ? -top : top;
  const quotient = (magnitude * 2n + bottom) / (bottom * 2n);
  return negative ? -quotient : quotient;
}

/**
 * Units and scalers: a raw value `v` with ReadingType `scaler` s, `powerOfTenMultiplier` m and `uom` u
 * means v × 10^s in the unit 10^m × u. Wh with multiplier 0 is usually shown as kWh.
 */
import type { ReadingType } from './types';

/** espi UnitSymbolKind codes that occur with gateways. */
export const UOM: Record<number, string> = {
  0: '',
  5: 'A',
  23: '°C',
  27: 's',
  29: 'V',
  31: 'J',
  33: 'Hz',
  38: 'W',
  42: 'm³',
  61: 'VA',
  63: 'var',
  71: 'VAh',
  72: 'Wh',
  73: 'varh',
  106: 'Ah',
  125: 'm³/h',
  134: 'l',
  159: 'min',
  160: 'h',
};

export const VALID_POWER_OF_TEN_MULTIPLIERS: readonly number[] = [-6, -3, 0, 1, 2, 3, 6, 9];

const PREFIX: Record<number, string> = { [-6]: 'µ', [-3]: 'm', 0: '', 1: 'da', 2: 'h', 3: 'k', 6: 'M', 9: 'G' };

export function isValidPowerOfTenMultiplier(m: number): boolean {
  return VALID_POWER_OF_TEN_MULTIPLIERS.includes(m);
}

export function isKnownUom(uom: number): boolean {
  return Object.hasOwn(UOM, uom);
}

/** Unit text of a reading type, e.g. `Wh`, `kWh`, `m³`. */
export function unitText(rt: Pick<ReadingType, 'uom' | 'powerOfTenMultiplier'>): string {
  const base = UOM[rt.uom] ?? `uom ${rt.uom}`;
  const prefix = PREFIX[rt.powerOfTenMultiplier];
  return prefix === undefined ? `10^${rt.powerOfTenMultiplier} ${base}` : `${prefix}${base}`;
}

/** value × 10^scaler as a number (for display and charts; exact sums use raw integers). */
export function scaledValue(raw: number, scaler: number): number {
  if (scaler === 0) return raw;
  // dividing by a power of ten keeps e.g. 639108 × 10^-1 exact as 63910.8
  return scaler < 0 ? raw / 10 ** -scaler : raw * 10 ** scaler;
}

/** Decimal text of raw × 10^scaler without floating point error, e.g. (639108, -1) → `63910.8`. */
export function scaledValueText(raw: number, scaler: number, decimalSeparator = '.'): string {
  const negative = raw < 0;
  let digits = String(Math.abs(Math.trunc(raw)));
  if (scaler >= 0) return (negative ? '-' : '') + digits + '0'.repeat(scaler);
  const places = -scaler;
  digits = digits.padStart(places + 1, '0');
  const text = `${digits.slice(0, -places)}${decimalSeparator}${digits.slice(-places)}`;
  return (negative ? '-' : '') + text;
}

export interface DisplayQuantity {
  value: number;
  unit: string;
}

/** A value in display units: Wh (multiplier 0) → kWh, everything else as given. */
export function displayQuantity(raw: number, rt: Pick<ReadingType, 'scaler' | 'uom' | 'powerOfTenMultiplier'>): DisplayQuantity {
  const base = scaledValue(raw, rt.scaler) * 10 ** rt.powerOfTenMultiplier;
  if (rt.uom === 72 && rt.powerOfTenMultiplier === 0) return { value: base / 1000, unit: 'kWh' };
  if (rt.uom === 38 && rt.powerOfTenMultiplier === 0) return { value: base / 1000, unit: 'kW' };
  return { value: scaledValue(raw, rt.scaler), unit: unitText(rt) };
}

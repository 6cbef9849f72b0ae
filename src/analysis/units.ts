/** Units of espi uom codes with powerOfTenMultiplier and scaler, and the unit a display shows. */

const UOM_SYMBOL: Record<number, string> = {
  31: 'J',
  38: 'W',
  42: 'm³',
  61: 'VA',
  63: 'var',
  71: 'VAh',
  72: 'Wh',
  73: 'varh',
  106: 'Ah',
  125: 'm³/h',
};

const PREFIX: Record<number, string> = { [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G' };

export function uomSymbol(uom: number): string {
  return UOM_SYMBOL[uom] ?? `uom ${uom}`;
}

/** The register's unit as delivered, e.g. `Wh` (multiplier 0) or `kWh` (multiplier 3). */
export function registerUnit(uom: number, powerOfTenMultiplier: number): string {
  const prefix = PREFIX[powerOfTenMultiplier];
  const symbol = uomSymbol(uom);
  return prefix !== undefined ? `${prefix}${symbol}` : `10^${powerOfTenMultiplier} ${symbol}`;
}

export interface DisplayUnit {
  unit: string;
  /** Multiply a raw register value by this to get the display unit. */
  factor: number;
}

/** Energies (Wh, varh, VAh, J) are shown with the k prefix, volumes and others in their base unit. */
export function displayUnit(uom: number, powerOfTenMultiplier: number, scaler: number): DisplayUnit {
  const exponent = powerOfTenMultiplier + scaler;
  if (uom === 72 || uom === 73 || uom === 71 || uom === 31) {
    return { unit: `k${uomSymbol(uom)}`, factor: 10 ** (exponent - 3) };
  }
  return { unit: uomSymbol(uom), factor: 10 ** exponent };
}

/** Rounds a scaled amount to the precision the scaler allows (avoids 0.30000000000000004). */
export function roundScaled(value: number, factor: number): number {
  const decimals = Math.max(0, Math.min(12, Math.ceil(-Math.log10(factor))));
  return Number(value.toFixed(decimals));
}

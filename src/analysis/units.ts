/** The unit a display shows for a register list, from the shared unit table (src/model/units.ts). */
import { UOM, unitText } from '../model/units';

/** The register's unit as delivered, e.g. `Wh` (multiplier 0) or `kWh` (multiplier 3). */
export function registerUnit(uom: number, powerOfTenMultiplier: number): string {
  return unitText({ uom, powerOfTenMultiplier });
}

export interface DisplayUnit {
  unit: string;
  /** Multiply a raw register value by this to get the display unit. */
  factor: number;
}

const ENERGY_UOMS = new Set([71, 72, 73]);

/** Energies (Wh, varh, VAh) are shown in k-units; volumes and everything else in the delivered unit. */
export function displayUnit(uom: number, powerOfTenMultiplier: number, scaler: number): DisplayUnit {
  if (ENERGY_UOMS.has(uom)) return { unit: `k${UOM[uom]}`, factor: 10 ** (powerOfTenMultiplier + scaler - 3) };
  return { unit: unitText({ uom, powerOfTenMultiplier }), factor: 10 ** scaler };
}

/** Rounds a scaled amount to the precision the factor allows (avoids 0.30000000000000004). */
export function roundScaled(value: number, factor: number): number {
  const decimals = Math.max(0, Math.min(12, Math.ceil(-Math.log10(factor))));
  return Number(value.toFixed(decimals));
}

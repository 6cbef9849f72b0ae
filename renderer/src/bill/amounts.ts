/**
 * The bill check's energy amounts as the view shows them: a register's raw amount with its scaler applied
 * (Wh shown as kWh) with exactly the digits the scaler gives, and the error register (OBIS tariff stage 63).
 */
import type { BillCheckResult, TafRegisterDto } from '../../../src/api/dto';
import { formatNumber, registerDisplayValue } from '../format';

type Scaled = Pick<TafRegisterDto, 'amount' | 'scaler' | 'unit'>;
export type MeasuringRange = BillCheckResult['days'][number]['ranges'][number];

/** Tariff stage (E of the OBIS code) of the error register, which books the energy of times no tariff stage may take (gaps, bad statuses). */
export const ERROR_TARIFF_STAGE = 63;

/** E of a display OBIS code `A-B:C.D.E*F` (`1-0:1.8.63*255` → 63); undefined for any other shape. */
export function obisTariffStage(obis: string): number | undefined {
  const match = /^\d+-\d+:\d+\.\d+\.(\d+)(?:\*\d+)?$/.exec(obis);
  return match ? Number(match[1]) : undefined;
}

/**
 * An error register is known by its OBIS code, `1-0:1.8.63*255` / `1-0:2.8.63*255` (knowledge/02 and 03:
 * register OBIS `1-0:1.8.e*255`, e = 63 the error register; the engine's TAF-2 booking finds its error slot
 * the same way). The tariff number is only the supplier file's own numbering of its stages: the real TAF-7
 * supplier file of January 2018 declares its "Fehlerregister" as tariff number 3 with OBIS 010001083fff, and
 * in the golden case TestImportExportDirections tariff number 3 is export tariff 1 (`1-0:2.8.1*255`). Only
 * where the engine adds a missing error register is its tariff number 63.
 */
export function isErrorRegister(register: { obis: string }): boolean {
  return obisTariffStage(register.obis) === ERROR_TARIFF_STAGE;
}

/** A non-zero error register: energy that no tariff stage could take. */
export function isNonZeroErrorRegister(register: { obis: string; amount: number }): boolean {
  return isErrorRegister(register) && register.amount !== 0;
}

export function displayUnit(unit: string): string {
  return unit === 'Wh' ? 'kWh' : unit;
}

/** The scaled amount without its unit (`0,0310`). */
export function scaledAmount(register: Scaled, intlLocale: string): string {
  const { value, fractionDigits } = registerDisplayValue(register);
  return formatNumber(value, intlLocale, fractionDigits);
}

/** The scaled amount with its display unit (`0,0310 kWh`). */
export function amountText(register: Scaled, intlLocale: string): string {
  return `${scaledAmount(register, intlLocale)} ${displayUnit(register.unit)}`;
}

/**
 * A day's raw amount of a register in that register's scaler and unit (the per-day sums carry raw amounts
 * only); the raw number as it is when the register is unknown.
 */
export function dayAmountText(registers: readonly TafRegisterDto[], obis: string, amount: number, intlLocale: string): string {
  const register = registers.find((r) => r.obis === obis);
  return register ? amountText({ ...register, amount }, intlLocale) : String(amount);
}

/** Every day's measuring ranges in one list (the printed report lists them all). */
export function allRanges(days: BillCheckResult['days']): MeasuringRange[] {
  return days.flatMap((day) => day.ranges);
}

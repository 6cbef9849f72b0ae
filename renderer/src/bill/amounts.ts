/**
 * The bill check's energy amounts as the view shows them: a register's raw amount with its scaler applied
 * (Wh shown as kWh) with exactly the digits the scaler gives, and the error register (tariff stage 63).
 */
import type { BillCheckResult, TafRegisterDto } from '../../../src/api/dto';
import { formatNumber, registerDisplayValue } from '../format';

type Scaled = Pick<TafRegisterDto, 'amount' | 'scaler' | 'unit'>;
export type MeasuringRange = BillCheckResult['days'][number]['ranges'][number];

/** Tariff stage 63 books the energy of times no tariff stage may take (gaps, bad statuses). */
export const ERROR_TARIFF_STAGE = 63;

export function isErrorRegister(register: { tariffNumber: number }): boolean {
  return register.tariffNumber === ERROR_TARIFF_STAGE;
}

/** A non-zero error register: energy that no tariff stage could take. */
export function isNonZeroErrorRegister(register: { tariffNumber: number; amount: number }): boolean {
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

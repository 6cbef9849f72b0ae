/**
 * Compares recomputed tariff registers with the gateway's own derived registers (lists whose qualified
 * logical name names a TAF instead of the meter) over the same range.
 */
import { formatBerlinIso } from '../model/time/berlin';
import { amountBetween } from './boundary';
import type { Channel } from './channel';
import { formatObis } from './model-access';
import type { RegisterComparison, TafRegister } from './taf-result';

export function compareWithGateway(registers: TafRegister[], ovls: Channel[], channels: Channel[], begin: number, end: number): RegisterComparison[] {
  const derived = channels.filter((c) => !c.original);
  const result: RegisterComparison[] = [];
  for (const register of registers) {
    const gateway = derived.find((c) => formatObis(c.obisHex) === register.obis);
    if (!gateway) continue;
    const ovl = ovls.find((c) => gateway.registerC === c.registerC) ?? ovls[0];
    const amount = amountBetween(gateway, begin, end);
    if (amount.raw === null || !ovl) {
      const why = amount.raw === null ? amount.reasons : [];
      result.push({
        obis: register.obis,
        recomputed: register.amount,
        gateway: null,
        status: 'not-checkable',
        de: `Das Gateway-Register ${register.obis} ist für ${formatBerlinIso(begin)} bis ${formatBerlinIso(end)} nicht prüfbar. ${why.map((r) => r.de).join(' ')}`.trim(),
        en: `The gateway register ${register.obis} cannot be checked for ${formatBerlinIso(begin)} to ${formatBerlinIso(end)}. ${why.map((r) => r.en).join(' ')}`.trim(),
      });
      continue;
    }
    // Express the gateway's difference in the units of the original value list.
    const exponent = gateway.scaler + gateway.powerOfTenMultiplier - (ovl.scaler + ovl.powerOfTenMultiplier);
    const inOvlUnits = Math.round(amount.raw * 10 ** exponent * 1e6) / 1e6;
    const equal = inOvlUnits === register.amount;
    result.push({
      obis: register.obis,
      recomputed: register.amount,
      gateway: inOvlUnits,
      status: equal ? 'equal' : 'different',
      de: equal
        ? `Das Gateway-Register ${register.obis} stimmt mit der Nachberechnung überein.`
        : `Das Gateway-Register ${register.obis} weicht um ${inOvlUnits - register.amount} (Rohwert) von der Nachberechnung ab.`,
      en: equal
        ? `The gateway register ${register.obis} equals the recomputation.`
        : `The gateway register ${register.obis} differs from the recomputation by ${inOvlUnits - register.amount} (raw units).`,
    });
  }
  return result;
}

/**
 * The gateway's own registers (TAF-1/TAF-2 tariff registers, TAF-6 daily values) as delivered, with the
 * checks a reader can make without the supplier's tariff file:
 * - `sumOfStages`: at each time where the total register (tariff stage 0) and its tariff stages were all
 *   captured, the stages (including the error register 63) should add up to the total;
 *   (Not compared with the original value list: a TAF register counts from the start of its TAF, the meter
 *   register from the meter's start; TRuDI's sample shows 118 Wh against 63,911.8 Wh.)
 * - `obisMismatch`: a list whose `obisCode` names another register than its `qualifiedLogicalName` (seen in
 *   TRuDI's own sample IF_Adapter_TRuDI_DatenTAF2.xml); the list keeps its obisCode, the check says which
 *   register the name claims. Which of the two a gateway means is not known: both are shown.
 * A difference is reported, never corrected: the gateway's numbers are what a bill was made from.
 */
import type { UsagePoint } from '../model/types';
import { formatBerlinIso } from '../model/time/berlin';
import { parseQualifiedLogicalName } from '../model/value-list';
import { isUsableStatus, prepareChannels, type Channel } from './channel';
import { displayReport, type GatewayRegisterList } from './display';

export type { GatewayRegisterList } from './display';
import { formatObis } from './model-access';
import { roundScaled } from './units';
import type { CurrentRegistersSection } from './current-registers';

export interface StageAmount {
  obis: string;
  value: number;
}

export type RegisterCheck =
  | { kind: 'sumOfStages'; time: string; total: StageAmount; stages: StageAmount[]; sum: number; difference: number; unit: string }
  | { kind: 'obisMismatch'; meterReadingId: string; obisCode: string; qualifiedLogicalName: string };

export interface GatewayRegistersReport {
  usagePointId: string;
  gatewayId: string;
  registers: GatewayRegisterList[];
  checks: RegisterCheck[];
  /** Checks whose numbers do not agree (`difference` ≠ 0) plus every obisMismatch. */
  disagreements: number;
  /** The current registers the gateway reported when it was read (absent where nobody asked, e.g. `trudi registers FILE`). */
  current?: CurrentRegistersSection;
}

export function gatewayRegisters(usagePoint: UsagePoint): GatewayRegistersReport {
  const report = displayReport(usagePoint);
  const derived = prepareChannels(usagePoint).filter((c) => !c.original);
  const checks: RegisterCheck[] = [...obisMismatches(usagePoint), ...sumsOfStages(derived)];
  const disagreements = checks.filter((c) => c.kind === 'obisMismatch' || c.difference !== 0).length;
  return { usagePointId: report.usagePointId, gatewayId: report.gatewayId, registers: report.gatewayRegisters, checks, disagreements };
}

function obisMismatches(usagePoint: UsagePoint): RegisterCheck[] {
  const out: RegisterCheck[] = [];
  for (const mr of usagePoint.meterReadings) {
    const named = parseQualifiedLogicalName(mr.readingType.qualifiedLogicalName)?.obisCode;
    const code = mr.readingType.obisCode?.toLowerCase();
    if (named && code && named.toLowerCase() !== code) {
      out.push({ kind: 'obisMismatch', meterReadingId: mr.meterReadingId, obisCode: formatObis(code), qualifiedLogicalName: mr.readingType.qualifiedLogicalName });
    }
  }
  return out;
}

/** The register's quantity without its tariff stage (OBIS A-B:C.D), and the stage E. */
function quantityOf(channel: Channel): { quantity: string; stage: number } {
  return { quantity: `${channel.obisHex.slice(0, 8)}|${channel.tafId ?? ''}|${channel.periodSeconds ?? ''}`, stage: parseInt(channel.obisHex.slice(8, 10), 16) };
}

/** Usable values by time, scaled to the display unit. */
function valuesByTime(channel: Channel): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < channel.times.length; i++) {
    if (isUsableStatus(channel.status[i]!)) out.set(channel.times[i]!, channel.values[i]! * channel.display.factor);
  }
  return out;
}

function precisionOf(channels: readonly Channel[]): number {
  return Math.min(...channels.map((c) => c.display.factor));
}

function sumsOfStages(derived: readonly Channel[]): RegisterCheck[] {
  const groups = new Map<string, Channel[]>();
  for (const channel of derived) {
    const { quantity } = quantityOf(channel);
    groups.set(quantity, [...(groups.get(quantity) ?? []), channel]);
  }
  const out: RegisterCheck[] = [];
  for (const group of groups.values()) {
    const total = group.find((c) => quantityOf(c).stage === 0);
    const stages = group.filter((c) => quantityOf(c).stage !== 0);
    if (!total || stages.length === 0 || new Set(group.map((c) => c.display.unit)).size > 1) continue;
    const factor = precisionOf(group);
    const stageValues = stages.map(valuesByTime);
    for (const [time, totalValue] of valuesByTime(total)) {
      if (!stageValues.every((values) => values.has(time))) continue;
      const amounts = stages.map((c, i) => ({ obis: c.obis, value: roundScaled(stageValues[i]!.get(time)!, factor) }));
      const sum = roundScaled(amounts.reduce((n, a) => n + a.value, 0), factor);
      const value = roundScaled(totalValue, factor);
      out.push({ kind: 'sumOfStages', time: formatBerlinIso(time), total: { obis: total.obis, value }, stages: amounts, sum, difference: roundScaled(value - sum, factor), unit: total.display.unit });
    }
  }
  return out;
}

/**
 * One row per register for the report: the gateway's own value, the recomputed value and the billed value
 * (when the user entered it), each in the display unit (kWh), with the numbers needed to explain a
 * difference. With a supplier file the registers are the bill check's tariff registers; without one they are
 * the meter's registers (original value lists) over the period, next to the gateway's derived registers.
 */
import { amountBetween, type IncompleteReason } from '../analysis/boundary';
import type { Channel } from '../analysis/channel';
import type { TafRegister, TafResult } from '../analysis/taf-result';
import type { BilledValue } from './types';

export interface RegisterRow {
  obis: string;
  /** The supplier file's tariff number (0 for a total); the error register is known by its OBIS (`isErrorRegister`). */
  tariffNumber: number;
  direction: 'import' | 'export' | 'other';
  unit: string;
  /** Decimal places the raw values carry in the display unit. */
  decimals: number;
  recomputed: number | null;
  /** Why there is no recomputed value. */
  recomputedMissing?: 'needs-supplier-file' | IncompleteReason[];
  gateway: number | null;
  /** Why there is no gateway value: the gateway sent no such register, or it cannot be read at the range's ends. */
  gatewayMissing?: 'not-delivered' | IncompleteReason[];
  billed?: BilledValue;
  /** Raw amount in the original value list's units, for the one-step check. */
  recomputedRaw?: number;
}

export interface RegisterRowsInput {
  taf: TafResult | undefined;
  channels: Channel[];
  begin: number;
  end: number;
  billed: BilledValue[];
}

export function registerRows(input: RegisterRowsInput): { registers: RegisterRow[]; totals: RegisterRow[]; unmatchedBilled: BilledValue[] } {
  const { registers, totals } = input.taf ? fromTaf(input.taf) : fromReadings(input.channels, input.begin, input.end);
  const all = [...registers, ...totals];
  const unmatchedBilled: BilledValue[] = [];
  for (const billed of input.billed) {
    const row = all.find((r) => sameObis(r.obis, billed.obis));
    if (row) row.billed = billed;
    else unmatchedBilled.push(billed);
  }
  return { registers, totals, unmatchedBilled };
}

/** `1-0:1.8.1*255` equals `1-0:1.8.1` and `1.8.1`. */
export function sameObis(a: string, b: string): boolean {
  return obisCore(a) === obisCore(b);
}

function obisCore(obis: string): string {
  const match = /(?:\d+-\d+:)?(\d+\.\d+\.\d+)(?:\*\d+)?$/.exec(obis.trim());
  return match ? match[1]! : obis.trim();
}

function fromTaf(taf: TafResult): { registers: RegisterRow[]; totals: RegisterRow[] } {
  const comparison = new Map(taf.gatewayComparison.map((c) => [c.obis, c]));
  const row = (r: TafRegister): RegisterRow => {
    const { factor, decimals, unit } = scaling(r.scaler, r.unit);
    const c = comparison.get(r.obis);
    const result: RegisterRow = {
      obis: r.obis,
      tariffNumber: r.tariffNumber,
      direction: r.obis.includes(':2.8.') ? 'export' : r.obis.includes(':1.8.') ? 'import' : 'other',
      unit,
      decimals,
      recomputed: round(r.amount * factor, decimals),
      recomputedRaw: r.amount,
      gateway: c && c.gateway !== null ? round(c.gateway * factor, decimals) : null,
    };
    if (!c) result.gatewayMissing = 'not-delivered';
    else if (c.gateway === null) result.gatewayMissing = [{ code: 'missing-reading', de: c.de, en: c.en }];
    return result;
  };
  return { registers: taf.registers.map(row), totals: taf.totals.map(row) };
}

function fromReadings(channels: Channel[], begin: number, end: number): { registers: RegisterRow[]; totals: RegisterRow[] } {
  const originals = channels.filter((c) => c.original && c.times.length > 0);
  const derived = channels.filter((c) => !c.original && c.times.length > 0);
  const registers: RegisterRow[] = [];
  const used = new Set<Channel>();
  for (const channel of originals) {
    const { decimals } = scaling(channel.scaler, channel.unit);
    const amount = amountBetween(channel, begin, end);
    const gatewayChannel = derived.find((d) => d.obis === channel.obis);
    if (gatewayChannel) used.add(gatewayChannel);
    const row: RegisterRow = {
      obis: channel.obis,
      tariffNumber: tariffStage(channel),
      direction: channel.direction,
      unit: channel.display.unit,
      decimals,
      recomputed: amount.raw === null ? null : round(amount.raw * channel.display.factor, decimals),
      ...gatewayValue(gatewayChannel, begin, end, channel.display.factor, decimals),
    };
    if (amount.raw !== null) row.recomputedRaw = amount.raw;
    else row.recomputedMissing = amount.reasons;
    registers.push(row);
  }
  for (const channel of derived) {
    if (used.has(channel)) continue;
    const { decimals } = scaling(channel.scaler, channel.unit);
    registers.push({
      obis: channel.obis,
      tariffNumber: tariffStage(channel),
      direction: channel.direction,
      unit: channel.display.unit,
      decimals,
      recomputed: null,
      recomputedMissing: 'needs-supplier-file',
      ...gatewayValue(channel, begin, end, channel.display.factor, decimals),
    });
  }
  return { registers, totals: [] };
}

function gatewayValue(channel: Channel | undefined, begin: number, end: number, factor: number, decimals: number): Pick<RegisterRow, 'gateway' | 'gatewayMissing'> {
  if (!channel) return { gateway: null, gatewayMissing: 'not-delivered' };
  const amount = amountBetween(channel, begin, end);
  return amount.raw === null ? { gateway: null, gatewayMissing: amount.reasons } : { gateway: round(amount.raw * factor, decimals) };
}

function tariffStage(channel: Channel): number {
  return parseInt(channel.obisHex.slice(8, 10), 16);
}

/** A raw register amount (before its scaler) in the display unit: Wh become kWh with the decimals that are exact. */
export function rawToDisplay(amount: number, scaler: number, unit: string): number {
  const { factor, decimals } = scaling(scaler, unit);
  return round(amount * factor, decimals);
}

/** The factor from raw amounts to the display unit, and the decimals that are exact. */
export function scaling(scaler: number, unit: string): { factor: number; decimals: number; unit: string } {
  const toK = unit === 'Wh' || unit === 'varh' || unit === 'VAh';
  const exponent = scaler - (toK ? 3 : 0);
  return { factor: 10 ** exponent, decimals: Math.max(0, -exponent), unit: toK ? `k${unit}` : unit };
}

function round(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

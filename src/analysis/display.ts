/**
 * Display function without a supplier file (PTB-A 50.8): the identities, the original value lists, and the
 * gateway's own derived registers as delivered (TAF-1/TAF-2 registers, billing periods between their
 * readings, TAF-6 daily values), each value with its PTB status.
 */
import type { UsagePoint } from '../model/types';
import { formatBerlinIso } from '../model/time/berlin';
import { isUsableStatus, prepareChannels, type Channel } from './channel';
import { channelInfo, type ChannelInfo } from './consumption';
import { roundScaled } from './units';

export interface RegisterReading {
  time: string;
  raw: number;
  value: number;
  ptb: number;
}

export interface RegisterPeriod {
  start: string;
  end: string;
  /** Difference of the register between consecutive readings; null when one of them is unusable. */
  raw: number | null;
  value: number | null;
}

export interface GatewayRegisterList {
  meterReadingId: string;
  obis: string;
  /** Tariff stage E of the OBIS code (0 total, 63 error register). */
  tariffStage: number;
  /** The TAF id named in the qualified logical name. */
  tafId: string | null;
  /** `daily` lists are shown as TAF-6 daily values, the others as billing-period registers. */
  kind: 'daily' | 'billing';
  unit: string;
  displayUnit: string;
  readings: RegisterReading[];
  periods: RegisterPeriod[];
}

export interface DisplayReport {
  usagePointId: string;
  customerId: string;
  invoicingPartyId: string;
  gatewayId: string;
  tariffName: string;
  meterIds: string[];
  originalValueLists: ChannelInfo[];
  gatewayRegisters: GatewayRegisterList[];
}

function registerList(channel: Channel): GatewayRegisterList {
  const { factor, unit } = channel.display;
  const scaled = (raw: number) => roundScaled(raw * factor, factor);
  const readings: RegisterReading[] = [];
  const periods: RegisterPeriod[] = [];
  for (let i = 0; i < channel.times.length; i++) {
    readings.push({ time: formatBerlinIso(channel.times[i]!), raw: channel.values[i]!, value: scaled(channel.values[i]!), ptb: channel.status[i]! });
    if (i > 0) {
      const usable = isUsableStatus(channel.status[i]!) && isUsableStatus(channel.status[i - 1]!);
      const raw = usable ? channel.values[i]! - channel.values[i - 1]! : null;
      periods.push({ start: formatBerlinIso(channel.times[i - 1]!), end: formatBerlinIso(channel.times[i]!), raw, value: raw === null ? null : scaled(raw) });
    }
  }
  return {
    meterReadingId: channel.meterReadingId,
    obis: channel.obis,
    tariffStage: parseInt(channel.obisHex.slice(8, 10), 16),
    tafId: channel.tafId ?? null,
    kind: channel.periodSeconds === 86400 ? 'daily' : 'billing',
    unit: channel.unit,
    displayUnit: unit,
    readings,
    periods,
  };
}

export function displayReport(usagePoint: UsagePoint): DisplayReport {
  const channels = prepareChannels(usagePoint);
  return {
    usagePointId: usagePoint.usagePointId,
    customerId: usagePoint.customerId,
    invoicingPartyId: usagePoint.invoicingPartyId,
    gatewayId: usagePoint.smgw.smgwId,
    tariffName: usagePoint.tariffName,
    meterIds: [...new Set(usagePoint.meterReadings.map((m) => m.meterId))],
    originalValueLists: channels.filter((c) => c.original).map(channelInfo),
    gatewayRegisters: channels.filter((c) => !c.original).map(registerList),
  };
}

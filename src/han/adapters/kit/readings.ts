/**
 * Reading mapping shared by the vendor adapters: registers (channels) collected from any protocol into
 * AR 2418-6 meter readings, integer values parsed strictly, status words, current-register readings.
 */
import type { IntervalReading, MeterReading } from '../../../model/types';
import { detectPeriod, uomFromDlms } from '../../adapter';
import { ProtocolError } from '../../errors';

export interface ChannelInfo {
  /** OBIS code as 12 hex digits, lower case (`0100010800ff`). */
  obis: string;
  meterId: string;
  /** Scaler (power of ten) of the raw value. */
  scaler: number;
  /** DLMS unit (30 Wh, 27 W, 13 m³). */
  unit: number;
  /** Default `<obis>.<meterId>.sm`. */
  qualifiedLogicalName?: string;
}

/** A raw integer value as the gateway wrote it; anything else is a protocol error naming what it was. */
export function integerValue(text: unknown, what: string): number {
  const s = typeof text === 'number' && Number.isSafeInteger(text) ? String(text) : text;
  if (typeof s !== 'string' || !/^-?\d+$/.test(s.trim())) throw new ProtocolError(`${what}: value "${String(text)}" is not an integer`);
  const n = Number(s.trim());
  if (!Number.isSafeInteger(n)) throw new ProtocolError(`${what}: value "${s}" is too large`);
  return n;
}

/** statusFNN from the gateway word and the meter word (8 hex digits each), or undefined. */
export function statusFnn(gatewayWord: unknown, meterWord: unknown): string | undefined {
  return typeof gatewayWord === 'string' && typeof meterWord === 'string' && /^[0-9a-f]{8}$/i.test(gatewayWord) && /^[0-9a-f]{8}$/i.test(meterWord) ? `${gatewayWord}${meterWord}`.toUpperCase() : undefined;
}

/** OBIS `0100010800ff` from its forms `1-0:1.8.0*255`, `0100010800FF`, or a logical name `0100010800ff.<meter>.sm`. */
export function obisHex(text: string): string | undefined {
  const t = text.trim();
  const hex = /^([0-9a-f]{12})(?:\..*)?$/i.exec(t);
  if (hex) return hex[1]!.toLowerCase();
  const dotted = /^(\d+)-(\d+):(\d+)\.(\d+)\.(\d+)(?:\*(\d+))?$/.exec(t);
  if (!dotted) return undefined;
  const bytes = dotted.slice(1).map((v) => Number(v ?? 255));
  if (bytes.some((b) => b > 255)) return undefined;
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}

function qualifiedName(channel: ChannelInfo): string {
  return channel.qualifiedLogicalName ?? `${channel.obis}.${channel.meterId}.sm`;
}

/** `<obis>.<owner>` of the list: a meter's list and a TAF register list of the same OBIS stay apart. */
function meterReadingIdOf(channel: ChannelInfo): string {
  return qualifiedName(channel).replace(/\.sm$/i, '');
}

/** One AR 2418-6 MeterReading of a channel: readings sorted by capture time, period detected. */
export function meterReadingOf(channel: ChannelInfo, readings: IntervalReading[], block: { start: number; end: number }): MeterReading {
  const sorted = readings.sort((a, b) => a.captureTime - b.captureTime);
  const period = detectPeriod(sorted.map((r) => r.targetTime ?? r.captureTime));
  return {
    meterId: channel.meterId,
    meterReadingId: meterReadingIdOf(channel),
    readingType: {
      powerOfTenMultiplier: 0,
      uom: uomFromDlms(channel.unit),
      scaler: channel.scaler,
      obisCode: channel.obis,
      qualifiedLogicalName: qualifiedName(channel),
      ...(period ? { measurementPeriod: period } : {}),
    },
    intervalBlocks: sorted.length ? [{ start: block.start, duration: Math.round((block.end - block.start) / 1000), readings: sorted }] : [],
  };
}

/** A current register: one reading in a block of its own. */
export function currentRegisterOf(channel: ChannelInfo, reading: IntervalReading): MeterReading {
  return {
    meterId: channel.meterId,
    meterReadingId: meterReadingIdOf(channel),
    readingType: { powerOfTenMultiplier: 0, uom: uomFromDlms(channel.unit), scaler: channel.scaler, obisCode: channel.obis, qualifiedLogicalName: qualifiedName(channel) },
    intervalBlocks: [{ start: reading.captureTime, duration: 0, readings: [reading] }],
  };
}

/** Each list's newest reading as a current register (lists without readings are left out). */
export function newestAsCurrentRegisters(lists: readonly MeterReading[]): MeterReading[] {
  return lists.flatMap((m): MeterReading[] => {
    const last = m.intervalBlocks.at(-1)?.readings.at(-1);
    const { measurementPeriod: _period, ...readingType } = m.readingType;
    return last ? [{ ...m, readingType, intervalBlocks: [{ start: last.captureTime, duration: 0, readings: [last] }] }] : [];
  });
}

/**
 * Collects readings per channel across pages and windows; the same capture time twice (overlapping pages)
 * must carry the same value, otherwise the gateway contradicts itself and the read-out stops.
 */
export class ChannelCollector {
  private readonly channels = new Map<string, { info: ChannelInfo; readings: Map<number, IntervalReading> }>();

  /** Declares a channel (also one that ends up without readings). */
  declare(info: ChannelInfo): void {
    const key = qualifiedName(info);
    if (!this.channels.has(key)) this.channels.set(key, { info, readings: new Map() });
  }

  add(info: ChannelInfo, reading: IntervalReading): void {
    this.declare(info);
    const entry = this.channels.get(qualifiedName(info))!;
    if (entry.info.scaler !== info.scaler || entry.info.unit !== info.unit) {
      throw new ProtocolError(`${qualifiedName(info)}: scaler/unit changed within the read-out (${entry.info.scaler}/${entry.info.unit} → ${info.scaler}/${info.unit})`);
    }
    const existing = entry.readings.get(reading.captureTime);
    if (existing && existing.value !== reading.value) {
      throw new ProtocolError(`${qualifiedName(info)}: two different values (${existing.value}, ${reading.value}) for ${new Date(reading.captureTime).toISOString()}`);
    }
    entry.readings.set(reading.captureTime, reading);
  }

  get readingCount(): number {
    let n = 0;
    for (const { readings } of this.channels.values()) n += readings.size;
    return n;
  }

  /** Meter readings of the range [start, end] (readings outside it are dropped). */
  meterReadings(start: number, end: number): MeterReading[] {
    return [...this.channels.values()].map(({ info, readings }) =>
      meterReadingOf(
        info,
        [...readings.values()].filter((r) => r.captureTime >= start && r.captureTime <= end),
        { start, end },
      ),
    );
  }
}

/**
 * Status words of readings: PTB status (0-4) and the 8-byte FNN status word, with the mapping FNN → PTB.
 *
 * The FNN word is two 32-bit words (gateway, then meter) as 16 hex characters. Each word is transmitted
 * least-significant bit first, so its bits are reversed before the flags are read. An older TRuDI read the
 * words most-significant bit first; such files exist. Both words carry an identification pattern in their
 * lowest bits (gateway 0b101, meter 0b100), which tells the two orders apart.
 */
import type { IntervalReading } from './types';

export const PTB = { ok: 0, warning: 1, temporary: 2, critical: 3, fatal: 4 } as const;
export type PtbStatus = 0 | 1 | 2 | 3 | 4;

export const PTB_LABELS: Record<PtbStatus, { de: string; en: string }> = {
  0: { de: 'kein Fehler', en: 'no error' },
  1: { de: 'Warnung, Messwert gültig', en: 'warning, value valid' },
  2: { de: 'temporärer Fehler, Ersatzwert möglich', en: 'temporary error, usable as substitute' },
  3: { de: 'kritischer temporärer Fehler, Messwert ungültig', en: 'critical temporary error, value invalid' },
  4: { de: 'fataler Fehler (Zähler defekt)', en: 'fatal error (meter defective)' },
};

export const GATEWAY_FLAGS = {
  identification: 0x5,
  billingRelevant: 0x2,
  fatal: 0x100,
  systemTimeInvalid: 0x200,
  ptbWarning: 0x1000,
  noValueReceived: 0x2000,
  valueInvalid: 0x4000,
  omsError: 0x8000,
  meterWordOms: 0x20000,
} as const;

export const METER_FLAGS = {
  identification: 0x4,
  startUp: 0x100,
  magneticInfluence: 0x200,
  terminalCoverManipulation: 0x400,
  energyDirectionNegative: 0x800,
  directionL1Negative: 0x1000,
  directionL2Negative: 0x2000,
  directionL3Negative: 0x4000,
  phaseSequence: 0x8000,
  backstop: 0x10000,
  fatal: 0x20000,
  voltageL1: 0x40000,
  voltageL2: 0x80000,
  voltageL3: 0x100000,
} as const;

export type FnnBitOrder = 'lsb-first' | 'msb-first';

export interface FnnStatus {
  /** Gateway word with flags readable (bits in natural order). */
  gatewayWord: number;
  /** Meter word with flags readable (not reversed when in OMS format). */
  meterWord: number;
  /** The bit order applied. */
  bitOrder: FnnBitOrder;
  /** False when neither order shows the identification pattern (then `lsb-first` was assumed). */
  recognised: boolean;
  /** The meter word is in OMS format (gateway flag 0x20000); its FNN meter flags are not used. */
  meterWordOms: boolean;
  ptb: PtbStatus;
  /** Names of the set flags, e.g. `gateway.fatal`, `meter.magneticInfluence`. */
  flags: string[];
}

export function reverseBits32(word: number): number {
  let x = word >>> 0;
  x = ((x >>> 1) & 0x55555555) | ((x & 0x55555555) << 1);
  x = ((x >>> 2) & 0x33333333) | ((x & 0x33333333) << 2);
  x = ((x >>> 4) & 0x0f0f0f0f) | ((x & 0x0f0f0f0f) << 4);
  x = ((x >>> 8) & 0x00ff00ff) | ((x & 0x00ff00ff) << 8);
  x = (x >>> 16) | (x << 16);
  return x >>> 0;
}

const FNN_PATTERN = /^[0-9a-fA-F]{16}$/;

export function isValidStatusFnn(hex: string): boolean {
  return FNN_PATTERN.test(hex);
}

const fnnCache = new Map<string, FnnStatus>();

/** Decodes a 16-hex-character FNN status word; undefined when it is not one. */
export function decodeStatusFnn(hex: string): FnnStatus | undefined {
  const cached = fnnCache.get(hex);
  if (cached) return cached;
  if (!FNN_PATTERN.test(hex)) return undefined;
  const rawGateway = parseInt(hex.slice(0, 8), 16) >>> 0;
  const rawMeter = parseInt(hex.slice(8, 16), 16) >>> 0;
  const lsbGateway = reverseBits32(rawGateway);
  let bitOrder: FnnBitOrder = 'lsb-first';
  let recognised = true;
  if ((lsbGateway & GATEWAY_FLAGS.identification) !== GATEWAY_FLAGS.identification) {
    if ((rawGateway & GATEWAY_FLAGS.identification) === GATEWAY_FLAGS.identification) bitOrder = 'msb-first';
    else recognised = false;
  }
  const gatewayWord = bitOrder === 'lsb-first' ? lsbGateway : rawGateway;
  const meterWordOms = (gatewayWord & GATEWAY_FLAGS.meterWordOms) !== 0;
  const meterWord = meterWordOms || bitOrder === 'msb-first' ? rawMeter : reverseBits32(rawMeter);
  const flags: string[] = [];
  for (const [name, bit] of Object.entries(GATEWAY_FLAGS)) if (name !== 'identification' && (gatewayWord & bit) === bit) flags.push(`gateway.${name}`);
  if (!meterWordOms) for (const [name, bit] of Object.entries(METER_FLAGS)) if (name !== 'identification' && (meterWord & bit) === bit) flags.push(`meter.${name}`);
  const status: FnnStatus = {
    gatewayWord,
    meterWord,
    bitOrder,
    recognised,
    meterWordOms,
    ptb: ptbFromWords(gatewayWord, meterWordOms ? 0 : meterWord),
    flags,
  };
  if (fnnCache.size < 4096) fnnCache.set(hex, status);
  return status;
}

function ptbFromWords(gateway: number, meter: number): PtbStatus {
  if (gateway & GATEWAY_FLAGS.fatal || meter & METER_FLAGS.fatal) return 4;
  if (
    gateway & GATEWAY_FLAGS.systemTimeInvalid ||
    gateway & GATEWAY_FLAGS.valueInvalid ||
    meter & METER_FLAGS.magneticInfluence ||
    meter & METER_FLAGS.terminalCoverManipulation
  ) {
    return 3;
  }
  if (gateway & GATEWAY_FLAGS.noValueReceived) return 2;
  if (gateway & GATEWAY_FLAGS.ptbWarning) return 1;
  return 0;
}

/** PTB status of an FNN word (undefined when the word is invalid). */
export function fnnToPtb(hex: string): PtbStatus | undefined {
  return decodeStatusFnn(hex)?.ptb;
}

/** Canonical FNN word (LSB-first) for flags given in natural bit order. */
export function encodeStatusFnn(gatewayFlags: number, meterFlags: number): string {
  const g = reverseBits32((gatewayFlags | GATEWAY_FLAGS.identification) >>> 0);
  const m = reverseBits32((meterFlags | METER_FLAGS.identification) >>> 0);
  return (g.toString(16).padStart(8, '0') + m.toString(16).padStart(8, '0')).toUpperCase();
}

/** The FNN word for a plain PTB status (what a gateway writes for it). */
export function statusFnnForPtb(ptb: PtbStatus): string {
  switch (ptb) {
    case 4:
      return encodeStatusFnn(GATEWAY_FLAGS.fatal, 0);
    case 3:
      return encodeStatusFnn(GATEWAY_FLAGS.valueInvalid, 0);
    case 2:
      return encodeStatusFnn(GATEWAY_FLAGS.noValueReceived, 0);
    case 1:
      return encodeStatusFnn(GATEWAY_FLAGS.ptbWarning, 0);
    default:
      return encodeStatusFnn(0, 0);
  }
}

export interface EffectiveStatus {
  /** undefined when the reading has no usable status. */
  ptb: PtbStatus | undefined;
  source: 'statusPTB' | 'statusFNN' | 'none';
  /** Set when the PTB status was derived from the FNN word. */
  bitOrder?: FnnBitOrder;
}

/** Status precedence: `statusPTB` when present (and valid), else the mapped `statusFNN`. */
export function effectiveStatus(reading: Pick<IntervalReading, 'statusPTB' | 'statusFNN'>): EffectiveStatus {
  const p = reading.statusPTB;
  if (p !== undefined && p >= 0 && p <= 4 && Number.isInteger(p)) return { ptb: p as PtbStatus, source: 'statusPTB' };
  if (reading.statusFNN !== undefined) {
    const fnn = decodeStatusFnn(reading.statusFNN);
    if (fnn) return { ptb: fnn.ptb, source: 'statusFNN', bitOrder: fnn.bitOrder };
  }
  return { ptb: undefined, source: 'none' };
}

/** PTB status of a reading by precedence; undefined when it has none. */
export function ptbStatusOf(reading: Pick<IntervalReading, 'statusPTB' | 'statusFNN'>): PtbStatus | undefined {
  const p = reading.statusPTB;
  if (p !== undefined && p >= 0 && p <= 4) return p as PtbStatus;
  return reading.statusFNN === undefined ? undefined : fnnToPtb(reading.statusFNN);
}

/** PTB 0-2 values may be used for billing; 3 and 4 may not. */
export function isBillable(ptb: PtbStatus | undefined): boolean {
  return ptb !== undefined && ptb <= 2;
}

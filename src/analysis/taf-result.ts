/** The result of a TAF-1/TAF-2 recomputation: the JSON shape of `npx trudi taf --json`. */
import type { BillCost } from './bill-cost';

export interface TafRegister {
  /** e.g. `1-0:1.8.1*255`; error registers `1-0:1.8.63*255` / `1-0:2.8.63*255`. */
  obis: string;
  tariffNumber: number;
  /** Raw integer register difference in the original value list's units (before its scaler). */
  amount: number;
  scaler: number;
  unit: string;
}

export interface TafMeasuringRange {
  obis: string;
  tariffNumber: number;
  /** The meter whose original value list gave the readings (TAF-1: one accounting section per meter). */
  meterId?: string;
  start: string;
  end: string;
  /** Raw readings at start and end: amount = endValue − startValue (one arithmetic step). */
  startValue: number;
  endValue: number;
  amount: number;
}

export interface TafDay {
  /** `YYYY-MM-DD` of the calendar day (Europe/Berlin). */
  date: string;
  start: string;
  end: string;
  ranges: TafMeasuringRange[];
  registers: { obis: string; tariffNumber: number; amount: number }[];
}

export interface TafFinding {
  code: string;
  severity: 'error' | 'warning' | 'info';
  de: string;
  en: string;
}

export interface RegisterComparison {
  obis: string;
  recomputed: number;
  /** The gateway's own register difference over the same range; null when not checkable. */
  gateway: number | null;
  status: 'equal' | 'different' | 'not-checkable';
  de: string;
  en: string;
}

export interface SupplierChecksums {
  sha3_256: string;
  ripemd160: string;
  /** What older bills and TRuDI printed as "SHA-3". */
  keccak288: string;
}

/**
 * Where TRuDI 1.0's result (which the bill check reproduces) differs from a literal reading of the tariff
 * file: TRuDI books 23:45–24:00 to the tariff valid before 23:45 when the day's last switch point is 23:45.
 */
export interface LiteralReadingDifference {
  /** The original value list concerned. */
  obis: string;
  meterId: string;
  /** `YYYY-MM-DD` of the days whose last switch point is 23:45. */
  dates: string[];
  /** Tariff numbers the file names from 23:45. */
  literalTariffs: number[];
  /** Registers whose amount differs (raw values): `trudi` is in `registers`, `literal` what the file says. */
  registers: { obis: string; tariffNumber: number; trudi: number; literal: number; difference: number }[];
}

export interface TafResult {
  taf: 1 | 2;
  begin: string;
  end: string;
  registers: TafRegister[];
  days: TafDay[];
  /** Billing period as stated in the supplier file. */
  billingPeriod: { start: string; end: string };
  /** 1.8.0 / 2.8.0 sums of the registers, for display. */
  totals: TafRegister[];
  /** Comparison with the gateway's own tariff registers where the device data carries them. */
  gatewayComparison: RegisterComparison[];
  /** Consistency findings between supplier file and device data (errors here did not prevent the computation). */
  checks: TafFinding[];
  supplierChecksums?: SupplierChecksums;
  /** TAF-2: present when a literal reading of the tariff file gives other registers than TRuDI (see above). */
  literalReading?: LiteralReadingDifference[];
  /** Present when the user gave prices (`--prices`, the bill check view): cost per register and total. */
  cost?: BillCost;
  /**
   * Only in our own view of a check TRuDI refuses (TAF-1 with the gateway's derived registers, `ownView`):
   * TRuDI's verdict verbatim and a label saying what this result is instead. Absent: TRuDI-identical.
   */
  notTrudiIdentical?: { trudiVerdict: { code: string; de: string; en: string }; de: string; en: string };
}

/**
 * Builders for device and supplier models in tests and benchmarks: original value lists on the Berlin
 * grid (15 min … 1 day, DST aware), gaps, statuses, and tariff calendars. Deterministic.
 */
import type { AnalysisProfile, IntervalReading, MeterReading, UsagePoint } from '../../model/types';
import { berlinParts, berlinTime } from '../../model/time/berlin';

export const METER_ID = '1EMH0012345678';

export interface OvlSpec {
  /** 12 hex digits; default import total `0100010800ff`. */
  obis?: string;
  meterId?: string;
  start: number;
  /** Last reading at or before this instant. */
  end: number;
  periodSeconds: number;
  startValue?: number;
  /** Register increase per period; a function gets the period's start instant. Default 10. */
  step?: number | ((periodStart: number) => number);
  /** Leave the reading at this target time out (a gap). */
  omit?: (t: number) => boolean;
  /** PTB status of the reading at this target time (default 0). */
  status?: (t: number) => number;
  /** Write capture times this many seconds after the target time and no targetTime. Default 0 with targetTime. */
  captureDelaySeconds?: number;
  /** Put the period into ReadingType (default true). */
  statePeriod?: boolean;
  scaler?: number;
}

/**
 * Nominal target times from `start` to `end` for the period. Periods that divide an hour run on the
 * absolute grid; others (45 min, 3 h, 6 h, 1 day) restart at every Berlin midnight, as target-time
 * alignment (src/model/calendar-steps.ts) expects.
 */
export function gridTimes(start: number, end: number, periodSeconds: number): number[] {
  const times: number[] = [];
  const p = periodSeconds * 1000;
  if (3600 % periodSeconds === 0) {
    for (let t = start; t <= end; t += p) times.push(t);
    return times;
  }
  let day = start;
  while (day <= end) {
    const d = berlinParts(day);
    const next = berlinTime(d.year, d.month, d.day + 1);
    const step = periodSeconds >= 86400 ? next - day : p;
    for (let t = day; t < next && t <= end; t += step) times.push(t);
    day = next;
  }
  return times;
}

export function makeOvl(spec: OvlSpec): MeterReading {
  const obis = spec.obis ?? '0100010800ff';
  const meterId = spec.meterId ?? METER_ID;
  const times = gridTimes(spec.start, spec.end, spec.periodSeconds);
  const readings: IntervalReading[] = [];
  let value = spec.startValue ?? 1000;
  const delay = (spec.captureDelaySeconds ?? 0) * 1000;
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    if (i > 0) {
      const step = spec.step ?? 10;
      value += typeof step === 'number' ? step : step(times[i - 1]!);
    }
    if (spec.omit?.(t)) continue;
    const reading: IntervalReading = { value, captureTime: t + delay, duration: 0, statusPTB: spec.status?.(t) ?? 0 };
    if (delay === 0) reading.targetTime = t;
    readings.push(reading);
  }
  const readingType: MeterReading['readingType'] = {
    powerOfTenMultiplier: 0,
    uom: 72,
    scaler: spec.scaler ?? -1,
    obisCode: obis,
    qualifiedLogicalName: `${obis}.${meterId}.sm`,
  };
  if (spec.statePeriod !== false) readingType.measurementPeriod = spec.periodSeconds;
  return {
    meterId,
    meterReadingId: `${obis}.${meterId}`,
    readingType,
    intervalBlocks: [{ start: spec.start, duration: Math.round((spec.end - spec.start) / 1000), readings }],
  };
}

/** A derived register list (the gateway's own TAF registers) with readings at the given instants. */
export function makeDerivedRegister(obis: string, points: { t: number; value: number }[], tafId = 'TAF-2-ID'): MeterReading {
  return {
    meterId: METER_ID,
    meterReadingId: `${obis}.${tafId}`,
    readingType: { powerOfTenMultiplier: 0, uom: 72, scaler: -1, obisCode: obis, qualifiedLogicalName: `${obis}.${tafId}.sm` },
    intervalBlocks: [
      {
        start: points[0]?.t ?? 0,
        duration: 0,
        readings: points.map((p) => ({ value: p.value, captureTime: p.t, targetTime: p.t, duration: 0, statusPTB: 0 })),
      },
    ],
  };
}

/** 96 tariff numbers of a day: `base` with `other` from `from` (inclusive) to `to` (exclusive), wall-clock hours. */
export function twoTariffDay(base: number, other: number, fromHour: number, toHour: number): number[] {
  return Array.from({ length: 96 }, (_, slot) => (slot >= fromHour * 4 && slot < toHour * 4 ? other : base));
}

export interface CalendarSpec {
  taf?: number;
  tariffId?: string;
  start: number;
  /** Seconds. */
  duration: number;
  stages: { tariffNumber: number; obis: string }[];
  dayProfiles: { dayId: number; tariffs: number[] }[];
  /** dayId for each calendar date of [first, last]; default the first profile. */
  dayIdFor?: (year: number, month: number, day: number) => number | undefined;
  /** Calendar dates covered (Berlin), default those of the billing period. */
  calendarFrom?: number;
  calendarTo?: number;
  defaultTariffNumber?: number;
}

export function makeProfile(spec: CalendarSpec): AnalysisProfile {
  const specialDayProfiles: AnalysisProfile['specialDayProfiles'] = [];
  const from = spec.calendarFrom ?? spec.start;
  const to = spec.calendarTo ?? spec.start + spec.duration * 1000;
  let p = berlinParts(from);
  let t = berlinTime(p.year, p.month, p.day);
  while (t < to) {
    p = berlinParts(t);
    const dayId = spec.dayIdFor ? spec.dayIdFor(p.year, p.month, p.day) : spec.dayProfiles[0]!.dayId;
    if (dayId !== undefined) specialDayProfiles.push({ year: p.year, month: p.month, day: p.day, dayId });
    t = berlinTime(p.year, p.month, p.day + 1);
  }
  return {
    tariffUseCase: spec.taf ?? 2,
    tariffId: spec.tariffId ?? 'tariff-1',
    billingPeriod: { start: spec.start, duration: spec.duration },
    tariffStages: spec.stages.map((s) => ({ tariffNumber: s.tariffNumber, obisCode: s.obis })),
    defaultTariffNumber: spec.defaultTariffNumber ?? spec.stages[0]?.tariffNumber ?? 1,
    dayProfiles: spec.dayProfiles.map((d) => ({
      dayId: d.dayId,
      dayTimeProfiles: d.tariffs.map((tariffNumber, slot) => ({ startHour: Math.floor(slot / 4), startMinute: (slot % 4) * 15, tariffNumber })),
    })),
    specialDayProfiles,
  };
}

const IDENTITY = {
  serviceCategory: 0,
  usagePointId: 'DE0001234567890000000000000000001',
  customerId: 'consumer-1',
  invoicingPartyId: 'supplier-1',
  tariffName: 'tariff-1',
};

export function makeDevice(meterReadings: MeterReading[], overrides: Partial<UsagePoint> = {}): UsagePoint {
  return {
    ...IDENTITY,
    smgw: { certIds: [1], smgwId: 'EPPC0212345678', firmwareComponents: [] },
    certificates: [],
    logEntries: [],
    meterReadings,
    ...overrides,
  };
}

export function makeSupplier(profile: AnalysisProfile, overrides: Partial<UsagePoint> = {}): UsagePoint {
  return {
    ...IDENTITY,
    tariffName: profile.tariffId,
    smgw: { certIds: [], smgwId: 'EPPC0212345678', firmwareComponents: [] },
    certificates: [],
    logEntries: [],
    meterReadings: [],
    analysisProfile: profile,
    ...overrides,
  };
}

/** Small deterministic PRNG (mulberry32) for property tests and generated data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

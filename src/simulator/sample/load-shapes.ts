/**
 * Realistic, deterministic load shapes for generated meter data (sample files, demo gateway, simulator).
 *
 * A household consumes along a standard-load-profile-like daily pattern (night base load, morning and
 * evening peaks, more at weekends around noon, more in winter than in summer) with appliance noise; an
 * optional PV system produces along the sun's elevation over Germany (51° N, 10° E) with seasonal length of
 * day and clouds that change from day to day and drift within the day. What the meter registers is the net:
 * import when consumption exceeds production, export otherwise, as cumulative Wh registers
 * (1-0:1.8.0 / 1-0:2.8.0) read at every period boundary.
 *
 * Everything depends only on the options (above all `seed`): the same options give the same numbers.
 */
import { berlinParts, berlinTime } from '../../model/time/berlin';
import { nextGridTime } from '../../model/calendar-steps';

/** A small, fast deterministic PRNG (mulberry32) returning floats in [0, 1). */
export type Prng = () => number;

export function createPrng(seed: number | string): Prng {
  let state = typeof seed === 'number' ? seed >>> 0 : hashSeed(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string, as an unsigned 32-bit seed. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Standard normal variate (Box-Muller) from a PRNG. */
function gaussian(random: Prng): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export interface HouseholdSeriesOptions {
  /** First reading time, epoch ms (should be aligned to the period, e.g. a Berlin midnight). */
  start: number;
  /** Length in Berlin calendar months from `start` (alternative to `end`). */
  months?: number;
  /** Last reading time, epoch ms (inclusive). Takes precedence over `months`. */
  end?: number;
  /** Reading period in seconds (default 900 = 15 minutes). */
  periodSeconds?: number;
  /** Seed of all randomness (default 1). */
  seed?: number | string;
  /** With a PV system (export register fills, import drops around noon). */
  pv?: boolean;
  /** Yearly household consumption in kWh (default 3,500). */
  annualConsumptionKWh?: number;
  /** PV peak power in kWp (default 8). */
  pvPeakKw?: number;
  /** Register values at `start` in Wh (default 1,234,567 and 98,765 with PV, else 0). */
  initialImportWh?: number;
  initialExportWh?: number;
}

export interface HouseholdSeries {
  /** Reading times, epoch ms, from start to end inclusive, one per period. */
  times: number[];
  /** Cumulative import register (1-0:1.8.0) in Wh at each time: integers, never decreasing. */
  importWh: number[];
  /** Cumulative export register (1-0:2.8.0) in Wh at each time: integers, never decreasing. */
  exportWh: number[];
}

const LATITUDE_RAD = (51 * Math.PI) / 180;
const LONGITUDE_DEG = 10;

/**
 * Relative household power by Berlin hour of day (weekday), shaped after the BDEW H0 profile;
 * the mean over the day is 1.
 */
const WEEKDAY_SHAPE = normalise([
  0.55, 0.45, 0.42, 0.4, 0.42, 0.55, 0.95, 1.3, 1.2, 1.0, 0.95, 1.05, 1.25, 1.15, 0.95, 0.9, 1.0, 1.25, 1.6, 1.85, 1.75,
  1.45, 1.1, 0.8,
]);
const WEEKEND_SHAPE = normalise([
  0.6, 0.5, 0.45, 0.42, 0.42, 0.45, 0.6, 0.85, 1.15, 1.35, 1.45, 1.55, 1.7, 1.45, 1.15, 1.0, 1.05, 1.25, 1.55, 1.75, 1.65,
  1.4, 1.15, 0.85,
]);

function normalise(values: number[]): number[] {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return values.map((v) => v / mean);
}

/** Interpolated daily shape value at a fractional Berlin hour. */
function shapeAt(shape: number[], hour: number): number {
  const h0 = Math.floor(hour) % 24;
  const h1 = (h0 + 1) % 24;
  const f = hour - Math.floor(hour);
  return shape[h0]! * (1 - f) + shape[h1]! * f;
}

/** Day of year (0-based) of an instant in UTC. */
function dayOfYear(epochMs: number): number {
  const d = new Date(epochMs);
  return Math.floor((epochMs - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000);
}

/** Sine of the sun's elevation over Germany at the instant (negative at night). */
export function solarElevationSine(epochMs: number): number {
  const doy = dayOfYear(epochMs);
  const declination = ((-23.44 * Math.PI) / 180) * Math.cos((2 * Math.PI * (doy + 10)) / 365);
  const d = new Date(epochMs);
  const utcHours = d.getUTCHours() + d.getUTCMinutes() / 60 + d.getUTCSeconds() / 3600;
  const solarHours = utcHours + LONGITUDE_DEG / 15;
  const hourAngle = ((solarHours - 12) * 15 * Math.PI) / 180;
  return (
    Math.sin(LATITUDE_RAD) * Math.sin(declination) + Math.cos(LATITUDE_RAD) * Math.cos(declination) * Math.cos(hourAngle)
  );
}

/** Seasonal factor of household consumption: about 1.25 in January, 0.8 in July (mean about 1). */
function seasonalConsumption(epochMs: number): number {
  const doy = dayOfYear(epochMs);
  return 1.025 + 0.225 * Math.cos((2 * Math.PI * (doy - 15)) / 365);
}

/** Mean clear-sky fraction by month (Germany: gloomy winters, brighter summers). */
const MONTHLY_CLEARNESS = [0.35, 0.42, 0.5, 0.6, 0.65, 0.66, 0.68, 0.66, 0.6, 0.48, 0.36, 0.3];

function resolveEnd(options: HouseholdSeriesOptions): number {
  if (options.end !== undefined) return options.end;
  const months = options.months ?? 1;
  const p = berlinParts(options.start);
  return berlinTime(p.year, p.month + months, p.day, p.hour, p.minute, p.second);
}

/** Generates cumulative import/export registers of a household (with PV when `pv` is set). */
export function generateHouseholdSeries(options: HouseholdSeriesOptions): HouseholdSeries {
  const periodSeconds = options.periodSeconds ?? 900;
  if (!(periodSeconds > 0)) throw new RangeError(`periodSeconds must be positive, got ${periodSeconds}`);
  const end = resolveEnd(options);
  if (end < options.start) throw new RangeError('end lies before start');

  const random = createPrng(options.seed ?? 1);
  const pv = options.pv ?? false;
  const meanPowerW = ((options.annualConsumptionKWh ?? 3500) * 1000) / (365 * 24);
  const pvPeakW = (options.pvPeakKw ?? 8) * 1000;

  const times: number[] = [];
  const importWh: number[] = [];
  const exportWh: number[] = [];
  let importAcc = options.initialImportWh ?? (pv ? 1_234_567 : 0);
  let exportAcc = options.initialExportWh ?? (pv ? 98_765 : 0);
  times.push(options.start);
  importWh.push(Math.floor(importAcc));
  exportWh.push(Math.floor(exportAcc));

  let currentDayKey = -1;
  let dayClearness = 1;
  let cloudDrift = 0;
  let applianceW = 0;
  let applianceLeft = 0;

  // The gateway's grid (src/model/calendar-steps.ts): days and months in Berlin wall time.
  for (let previous = options.start, t = nextGridTime(previous, periodSeconds); t <= end; previous = t, t = nextGridTime(t, periodSeconds)) {
    const intervalHours = (t - previous) / 3_600_000;
    const mid = previous + (t - previous) / 2;
    const local = berlinParts(mid);
    const dayKey = local.year * 400 + local.month * 32 + local.day;
    if (dayKey !== currentDayKey) {
      currentDayKey = dayKey;
      const mean = MONTHLY_CLEARNESS[local.month - 1]!;
      dayClearness = Math.min(1, Math.max(0.05, mean + 0.3 * gaussian(random)));
    }

    // Household: profile × season × noise, plus occasional appliance runs (washing machine, oven, …).
    const shape = local.weekday === 0 || local.weekday === 6 ? WEEKEND_SHAPE : WEEKDAY_SHAPE;
    const hour = local.hour + local.minute / 60 + local.second / 3600;
    let consumptionW = meanPowerW * shapeAt(shape, hour) * seasonalConsumption(mid) * (1 + 0.18 * gaussian(random));
    if (applianceLeft <= 0 && local.hour >= 7 && local.hour < 22 && random() < 0.012 * (periodSeconds / 900)) {
      applianceW = 1200 + 1400 * random();
      applianceLeft = 1 + Math.floor(random() * 6 * (900 / periodSeconds));
    }
    if (applianceLeft > 0) {
      consumptionW += applianceW;
      applianceLeft--;
    }
    consumptionW = Math.max(60, consumptionW);

    // PV: clear-sky output by elevation, dimmed by the day's clouds and a drifting intra-day cloud factor.
    let productionW = 0;
    if (pv) {
      const elevation = solarElevationSine(mid);
      if (elevation > 0) {
        cloudDrift = Math.min(0.35, Math.max(-0.35, 0.8 * cloudDrift + 0.12 * gaussian(random)));
        const clearness = Math.min(1, Math.max(0.03, dayClearness + cloudDrift));
        productionW = pvPeakW * 0.85 * Math.pow(elevation, 1.15) * clearness;
      } else {
        cloudDrift = 0;
      }
    }

    const netW = consumptionW - productionW;
    if (netW >= 0) importAcc += netW * intervalHours;
    else exportAcc += -netW * intervalHours;
    times.push(t);
    importWh.push(Math.floor(importAcc));
    exportWh.push(Math.floor(exportAcc));
  }
  return { times, importWh, exportWh };
}

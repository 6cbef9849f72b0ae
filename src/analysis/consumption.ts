/**
 * § 61/62 MsbG: consumption (import), feed-in (export) and net per day, week (from Monday), month and year
 * for the last 24 months, and monthly billing-period history for 36 months, cut in Europe/Berlin.
 * Each value is reading(period end) − reading(period start) of an original value list; a period whose
 * boundary reading is missing or unusable is kept and marked incomplete with the reason.
 */
import type { UsagePoint } from '../model/types';
import { formatBerlinIso } from '../model/time/berlin';
import { amountBetween, type IncompleteReason } from './boundary';
import { AnalysisError } from './errors';
import { prepareChannels, type Channel } from './channel';
import { nextPeriodStart, periodBoundaries, periodStart, shiftPeriods, type Resolution } from './periods';
import { dailyStatusOverview, type DayStatus } from './status-overview';
import { emptyTotals, windowTotals, type WindowTotals } from './totals';
import { roundScaled } from './units';

export interface SeriesPoint {
  /** ISO 8601 with the Berlin offset. */
  start: string;
  end: string;
  /** In the display unit (kWh for electricity); null when incomplete or when there is no such channel. */
  import: number | null;
  export: number | null;
  /** import − export, when both are known. */
  net: number | null;
  /** Raw register differences (before the scaler), for exact checks. */
  importRaw: number | null;
  exportRaw: number | null;
  /** Why a value is missing; absent when the period is complete. */
  incomplete?: IncompleteReason[];
}

export interface ChannelInfo {
  meterReadingId: string;
  meterId: string;
  obis: string;
  direction: 'import' | 'export' | 'other';
  unit: string;
  scaler: number;
  displayUnit: string;
  periodSeconds: number | null;
  readings: number;
  first: string | null;
  last: string | null;
}

export interface ConsumptionReport {
  unit: string;
  gasDay: boolean;
  window: { from: string; to: string };
  /**
   * Import, export and net over the window from the register (last minus first usable reading), the same
   * whatever resolution a view shows, with the readings used and the coverage.
   */
  totals: WindowTotals;
  import: ChannelInfo | null;
  export: ChannelInfo | null;
  day: SeriesPoint[];
  week: SeriesPoint[];
  month: SeriesPoint[];
  year: SeriesPoint[];
  /** Monthly values for up to 36 months (billing-period history). */
  billingMonths: SeriesPoint[];
  days: DayStatus[];
}

/** Longest window a report is computed for (day values are listed one by one). */
const MAX_WINDOW_DAYS = 10 * 365;

export interface ConsumptionOptions {
  /** Limits of the window (epoch ms). Default: the 24 months up to the end of the day of the last reading. */
  from?: number;
  to?: number;
}

/** The consumption and feed-in lists of a usage point: original value lists, totals (E = 0) preferred. */
export function selectChannels(channels: readonly Channel[]): { importChannel?: Channel; exportChannel?: Channel } {
  const originals = channels.filter((c) => c.original && c.times.length > 0);
  const pick = (list: Channel[]) => list.find((c) => c.obisHex.slice(8, 10) === '00') ?? list[0];
  const importChannel = pick(originals.filter((c) => c.direction === 'import')) ?? pick(originals.filter((c) => c.direction === 'other'));
  const exportChannel = pick(originals.filter((c) => c.direction === 'export'));
  const result: { importChannel?: Channel; exportChannel?: Channel } = {};
  if (importChannel) result.importChannel = importChannel;
  if (exportChannel) result.exportChannel = exportChannel;
  return result;
}

export function channelInfo(channel: Channel): ChannelInfo {
  const n = channel.times.length;
  return {
    meterReadingId: channel.meterReadingId,
    meterId: channel.meterId,
    obis: channel.obis,
    direction: channel.direction,
    unit: channel.unit,
    scaler: channel.scaler,
    displayUnit: channel.display.unit,
    periodSeconds: channel.periodSeconds ?? null,
    readings: n,
    first: n > 0 ? formatBerlinIso(channel.times[0]!) : null,
    last: n > 0 ? formatBerlinIso(channel.times[n - 1]!) : null,
  };
}

interface Window {
  from: number;
  to: number;
}

function defaultWindow(channels: Channel[], gasDay: boolean, options: ConsumptionOptions): Window | undefined {
  let first = Infinity;
  let last = -Infinity;
  for (const c of channels) {
    if (c.times.length === 0) continue;
    first = Math.min(first, c.times[0]!);
    last = Math.max(last, c.times[c.times.length - 1]!);
  }
  if (!Number.isFinite(first)) return undefined;
  const to = options.to ?? nextPeriodStart(periodStart(last - 1, 'day', gasDay), 'day', gasDay);
  const back24 = shiftPeriods(periodStart(to - 1, 'month', gasDay), 'month', -23, gasDay);
  const from = options.from ?? Math.max(periodStart(first, 'day', gasDay), back24);
  return { from, to };
}

/** Series of one resolution over [from, to): every period that overlaps the window. */
export function seriesFor(
  importChannel: Channel | undefined,
  exportChannel: Channel | undefined,
  resolution: Resolution,
  from: number,
  to: number,
  gasDay = false,
): SeriesPoint[] {
  const boundaries = periodBoundaries(from, to, resolution, gasDay);
  const points: SeriesPoint[] = new Array(Math.max(0, boundaries.length - 1));
  for (let i = 0; i + 1 < boundaries.length; i++) {
    points[i] = seriesPoint(importChannel, exportChannel, boundaries[i]!, boundaries[i + 1]!);
  }
  return points;
}

function seriesPoint(importChannel: Channel | undefined, exportChannel: Channel | undefined, start: number, end: number): SeriesPoint {
  const point: SeriesPoint = {
    start: formatBerlinIso(start),
    end: formatBerlinIso(end),
    import: null,
    export: null,
    net: null,
    importRaw: null,
    exportRaw: null,
  };
  const reasons: IncompleteReason[] = [];
  if (importChannel) {
    const a = amountBetween(importChannel, start, end);
    if (a.raw !== null) {
      point.importRaw = a.raw;
      point.import = roundScaled(a.raw * importChannel.display.factor, importChannel.display.factor);
    } else reasons.push(...a.reasons);
  }
  if (exportChannel) {
    const a = amountBetween(exportChannel, start, end);
    if (a.raw !== null) {
      point.exportRaw = a.raw;
      point.export = roundScaled(a.raw * exportChannel.display.factor, exportChannel.display.factor);
    } else reasons.push(...a.reasons);
  }
  if (point.import !== null && point.export !== null && importChannel && exportChannel) {
    const factor = Math.min(importChannel.display.factor, exportChannel.display.factor);
    point.net = roundScaled(point.import - point.export, factor);
  } else if (point.import !== null && !exportChannel) {
    point.net = point.import;
  }
  if (reasons.length > 0) point.incomplete = dedupe(reasons);
  return point;
}

function dedupe(reasons: IncompleteReason[]): IncompleteReason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = `${r.code}|${r.at ?? ''}|${r.en}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Day/week/month/year series, 36-month history and per-day status overview of prepared channels. */
export function consumptionFromChannels(channels: Channel[], options: ConsumptionOptions = {}): ConsumptionReport {
  const { importChannel, exportChannel } = selectChannels(channels);
  const used = [importChannel, exportChannel].filter((c): c is Channel => !!c);
  const gasDay = importChannel?.gasDay ?? false;
  const window = defaultWindow(used, gasDay, options);
  const unit = (importChannel ?? exportChannel)?.display.unit ?? 'kWh';
  if (!window) {
    return { unit, gasDay, window: { from: '', to: '' }, totals: emptyTotals(unit), import: null, export: null, day: [], week: [], month: [], year: [], billingMonths: [], days: [] };
  }
  const { from, to } = window;
  if (to - from > MAX_WINDOW_DAYS * 86_400_000) {
    throw new AnalysisError(
      'RANGE_TOO_LARGE',
      `Der gewählte Zeitraum ist länger als ${MAX_WINDOW_DAYS / 365} Jahre. Bitte einen kürzeren Zeitraum wählen.`,
      `The chosen range is longer than ${MAX_WINDOW_DAYS / 365} years. Choose a shorter range.`,
    );
  }
  const historyFrom = options.from ?? shiftPeriods(periodStart(to - 1, 'month', gasDay), 'month', -35, gasDay);
  const firstReading = Math.min(...used.map((c) => c.times[0]!));
  return {
    unit,
    gasDay,
    window: { from: formatBerlinIso(from), to: formatBerlinIso(to) },
    totals: windowTotals(importChannel, exportChannel, from, to),
    import: importChannel ? channelInfo(importChannel) : null,
    export: exportChannel ? channelInfo(exportChannel) : null,
    day: seriesFor(importChannel, exportChannel, 'day', from, to, gasDay),
    week: seriesFor(importChannel, exportChannel, 'week', from, to, gasDay),
    month: seriesFor(importChannel, exportChannel, 'month', from, to, gasDay),
    year: seriesFor(importChannel, exportChannel, 'year', from, to, gasDay),
    billingMonths: seriesFor(importChannel, exportChannel, 'month', Math.max(historyFrom, periodStart(firstReading, 'month', gasDay)), to, gasDay),
    days: dailyStatusOverview(used, from, to, gasDay),
  };
}

/** Consumption report of a usage point of a device document. */
export function computeConsumption(usagePoint: UsagePoint, options: ConsumptionOptions = {}): ConsumptionReport {
  return consumptionFromChannels(prepareChannels(usagePoint), options);
}

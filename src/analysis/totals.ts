/**
 * Totals over a window from the register: import, export and net are the difference between the last and
 * the first usable reading inside the window, whatever resolution a view shows. The result names the two
 * readings used (capture times with offset) and the coverage: the share of the window's expected
 * measurement intervals whose both end readings are usable. A window without two usable readings has no
 * total (null, with the reason), never 0.
 */
import { formatBerlinIso } from '../model/time/berlin';
import type { IncompleteReason } from './boundary';
import { isUsableStatus, lowerBound, upperBound, type Channel } from './channel';
import { firstGridTime, nextGridTime } from './grid';
import { roundScaled } from './units';

export interface DirectionTotal {
  obis: string;
  /** Raw register difference (before the scaler). */
  raw: number;
  /** In the display unit (kWh for electricity). */
  value: number;
  /** Capture times (ISO 8601 with offset) of the first and last usable reading used. */
  from: string;
  to: string;
  /** Target times of the same two readings. */
  fromTarget: string;
  toTarget: string;
  /** Share (0..1) of the window's expected intervals with usable readings at both ends; null without a known period. */
  coverage: number | null;
  expectedIntervals: number | null;
  usableIntervals: number | null;
}

export interface WindowTotals {
  /** In the display unit; null when the direction has no two usable readings in the window (or no channel). */
  import: number | null;
  export: number | null;
  /** import − export, when both are known. */
  net: number | null;
  /** Capture times (ISO with offset) of the two readings used (those of the import list, else the export list). */
  from: string | null;
  to: string | null;
  /** The lower coverage of the directions used (0..1); null when no period is known. */
  coverage: number | null;
  unit: string;
  /** The window asked for (ISO with Berlin offset). */
  window: { from: string; to: string };
  /** Per direction: the readings used and its coverage. */
  directions: { import?: DirectionTotal; export?: DirectionTotal };
  /** Why a total is missing or covers less than the window; absent when the window is covered end to end. */
  incomplete?: IncompleteReason[];
}

function noUsableReadings(channel: Channel, from: number, to: number): IncompleteReason {
  const a = formatBerlinIso(from);
  const b = formatBerlinIso(to);
  return {
    code: 'no-usable-readings',
    de: `${channel.obis}: zwischen ${a} und ${b} gibt es keine zwei verwendbaren Messwerte; keine Summe.`,
    en: `${channel.obis}: no two usable readings between ${a} and ${b}; no total.`,
  };
}

function partialStart(channel: Channel, windowFrom: number, used: number): IncompleteReason {
  const at = formatBerlinIso(windowFrom);
  const first = formatBerlinIso(used);
  return {
    code: 'partial-window',
    at,
    de: `${channel.obis}: kein verwendbarer Messwert zu Beginn ${at}; die Summe beginnt mit dem ersten verwendbaren Messwert ${first}.`,
    en: `${channel.obis}: no usable reading at the start ${at}; the total starts at the first usable reading ${first}.`,
  };
}

function partialEnd(channel: Channel, windowTo: number, used: number): IncompleteReason {
  const at = formatBerlinIso(windowTo);
  const last = formatBerlinIso(used);
  return {
    code: 'partial-window',
    at,
    de: `${channel.obis}: kein verwendbarer Messwert zum Ende ${at}; die Summe endet mit dem letzten verwendbaren Messwert ${last}.`,
    en: `${channel.obis}: no usable reading at the end ${at}; the total ends at the last usable reading ${last}.`,
  };
}

/** First and last usable reading with from ≤ target time ≤ to, as indexes; undefined when fewer than two. */
export function usableBounds(channel: Channel, from: number, to: number): { first: number; last: number } | undefined {
  const { times, status } = channel;
  let first = lowerBound(times, from);
  let last = upperBound(times, to) - 1;
  while (first <= last && !isUsableStatus(status[first]!)) first++;
  while (last >= first && !isUsableStatus(status[last]!)) last--;
  return first < last ? { first, last } : undefined;
}

/**
 * The channel's grid over [from, to] walked once (a 24-month window has 70,000 quarter hours; no array of
 * them is built): its first and last time, the expected intervals (grid times − 1) and how many have usable
 * readings at both ends.
 */
export function gridCoverage(channel: Channel, from: number, to: number, periodSeconds: number): { expected: number; usable: number; first?: number; last?: number } {
  const { times, status } = channel;
  let t = firstGridTime(from, periodSeconds);
  let i = lowerBound(times, t);
  let points = 0;
  let usable = 0;
  let previous = false;
  let first = 0;
  let last = 0;
  while (t <= to) {
    while (i < times.length && times[i]! < t) i++;
    const current = i < times.length && times[i] === t && isUsableStatus(status[i]!);
    if (points === 0) first = t;
    else if (previous && current) usable++;
    previous = current;
    last = t;
    points++;
    t = nextGridTime(t, periodSeconds);
  }
  return points === 0 ? { expected: 0, usable: 0 } : { expected: points - 1, usable, first, last };
}

function directionTotal(channel: Channel, from: number, to: number, reasons: IncompleteReason[]): DirectionTotal | undefined {
  const bounds = usableBounds(channel, from, to);
  if (!bounds) {
    reasons.push(noUsableReadings(channel, from, to));
    return undefined;
  }
  const { first, last } = bounds;
  const raw = channel.values[last]! - channel.values[first]!;
  // The window's nominal times on the channel's grid.
  const coverage = channel.periodSeconds ? gridCoverage(channel, from, to, channel.periodSeconds) : undefined;
  const total: DirectionTotal = {
    obis: channel.obis,
    raw,
    value: roundScaled(raw * channel.display.factor, channel.display.factor),
    from: formatBerlinIso(channel.captureAt(first)),
    to: formatBerlinIso(channel.captureAt(last)),
    fromTarget: formatBerlinIso(channel.times[first]!),
    toTarget: formatBerlinIso(channel.times[last]!),
    coverage: coverage && coverage.expected > 0 ? coverage.usable / coverage.expected : null,
    expectedIntervals: coverage?.expected ?? null,
    usableIntervals: coverage?.usable ?? null,
  };
  // A total that starts later or ends earlier than the window's first and last nominal time says so.
  const gridFirst = coverage?.first;
  const gridLast = coverage?.last;
  if (gridFirst !== undefined && channel.times[first]! > gridFirst) reasons.push(partialStart(channel, gridFirst, channel.times[first]!));
  if (gridLast !== undefined && channel.times[last]! < gridLast) reasons.push(partialEnd(channel, gridLast, channel.times[last]!));
  return total;
}

/** Totals of the import and export lists over [from, to] (target times; readings at both limits count). */
export function windowTotals(importChannel: Channel | undefined, exportChannel: Channel | undefined, from: number, to: number): WindowTotals {
  const reasons: IncompleteReason[] = [];
  const unit = (importChannel ?? exportChannel)?.display.unit ?? 'kWh';
  const result: WindowTotals = {
    import: null,
    export: null,
    net: null,
    from: null,
    to: null,
    coverage: null,
    unit,
    window: { from: formatBerlinIso(from), to: formatBerlinIso(to) },
    directions: {},
  };
  if (!importChannel && !exportChannel) {
    reasons.push({ code: 'no-channel', de: 'Die Ablesung enthält keine Wertliste für Bezug oder Einspeisung.', en: 'The read-out has no import or export value list.' });
  }
  const imp = importChannel ? directionTotal(importChannel, from, to, reasons) : undefined;
  const exp = exportChannel ? directionTotal(exportChannel, from, to, reasons) : undefined;
  if (imp) {
    result.directions.import = imp;
    result.import = imp.value;
  }
  if (exp) {
    result.directions.export = exp;
    result.export = exp.value;
  }
  const main = imp ?? exp;
  if (main) {
    result.from = main.from;
    result.to = main.to;
  }
  if (imp && exp && importChannel && exportChannel) {
    result.net = roundScaled(imp.value - exp.value, Math.min(importChannel.display.factor, exportChannel.display.factor));
  } else if (imp && !exportChannel) {
    result.net = imp.value;
  }
  const coverages = [imp, exp].filter((d): d is DirectionTotal => !!d && d.coverage !== null).map((d) => d.coverage!);
  if (coverages.length > 0) result.coverage = Math.min(...coverages);
  if (reasons.length > 0) result.incomplete = reasons;
  return result;
}

/** The totals of a read-out without any reading in its import and export lists. */
export function emptyTotals(unit: string): WindowTotals {
  return {
    import: null,
    export: null,
    net: null,
    from: null,
    to: null,
    coverage: null,
    unit,
    window: { from: '', to: '' },
    directions: {},
    incomplete: [{ code: 'no-channel', de: 'Die Ablesung enthält keine Messwerte für Bezug oder Einspeisung.', en: 'The read-out has no readings of import or export.' }],
  };
}

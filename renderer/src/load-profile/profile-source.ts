/**
 * Where the long-range load-profile views (range chart, heat map) take their data: the chosen contract's
 * channels and time span, the window of the last N months, and the columns of a channel from
 * `TrudiApi.getLoadProfileColumns` (one call per channel, 24 months ≈ 70,000 quarter hours), kept for the
 * latest few requests so both views of one read-out share one fetch.
 */
import type { ChannelSummary, LoadProfileColumns, LoadProfileRequest, ReadoutSummary } from '../../../src/api/dto';
import type { TrudiApi } from '../../../src/api/contract';
import { addDays, berlinDateOf, berlinMidnight } from '../berlin-day';
import { addMonths } from '../overview/windows';
import type { ProfileDirection } from './range-data';

/** One contract of a read-out, as the profile views need it. */
export interface ProfileScope {
  readoutId: string;
  /** Sent with every request (every contract is reachable); absent only for summaries without contracts. */
  usagePointId?: string;
  channels: ChannelSummary[];
  first: string;
  last: string;
}

/** The scope of the chosen contract (`usagePointId`), else of the summary's own (first) contract. */
export function profileScope(summary: ReadoutSummary, usagePointId?: string): ProfileScope {
  const id = usagePointId ?? summary.usagePointId;
  const contract = summary.contracts?.find((c) => c.usagePointId === id);
  if (contract) return { readoutId: summary.readoutId, usagePointId: contract.usagePointId, channels: contract.channels, first: contract.first, last: contract.last };
  return { readoutId: summary.readoutId, ...(id ? { usagePointId: id } : {}), channels: summary.channels, first: summary.first, last: summary.last };
}

/** The first channel of a direction that has readings. */
export function directionChannel(scope: ProfileScope, direction: 'import' | 'export'): ChannelSummary | null {
  return scope.channels.find((c) => c.direction === direction && c.readings > 0) ?? null;
}

/** The directions the contract can show: import and export where they have readings, net where both do. */
export function profileDirections(scope: ProfileScope): ProfileDirection[] {
  const list: ProfileDirection[] = [];
  if (directionChannel(scope, 'import')) list.push('import');
  if (directionChannel(scope, 'export')) list.push('export');
  if (list.length === 2) list.push('net');
  return list;
}

/**
 * Whole Berlin days [startDate, endDate) of the last `months` months up to the day of the last reading (a
 * reading at midnight ends the day before), never before the first reading's day. `months` 0.25 = the last 7 days.
 */
export function profileWindow(scope: ProfileScope, months: number): { startDate: string; endDate: string } | null {
  if (!scope.first || !scope.last) return null;
  // The last reading ends its interval: a reading at midnight belongs to the day before.
  const endDate = addDays(berlinDateOf(new Date(Date.parse(scope.last) - 1).toISOString()), 1);
  const first = berlinDateOf(scope.first);
  const candidate = months < 1 ? addDays(endDate, -Math.round(months * 28)) : addMonths(endDate, -months);
  return { startDate: candidate > first ? candidate : first, endDate };
}

/** The request for one channel over the window. */
export function columnsRequest(scope: ProfileScope, channelId: string, window: { startDate: string; endDate: string }): LoadProfileRequest {
  return {
    readoutId: scope.readoutId,
    channelId,
    ...(scope.usagePointId ? { usagePointId: scope.usagePointId } : {}),
    from: berlinMidnight(window.startDate),
    to: berlinMidnight(window.endDate),
  };
}

const KEEP = 6;
const cache = new Map<string, Promise<LoadProfileColumns>>();

/** `getLoadProfileColumns`, shared by the views for the latest few requests (a failed call is not kept). */
export function fetchColumns(api: Pick<TrudiApi, 'getLoadProfileColumns'>, request: LoadProfileRequest): Promise<LoadProfileColumns> {
  const key = JSON.stringify([request.readoutId, request.usagePointId ?? '', request.channelId, request.from, request.to]);
  let pending = cache.get(key);
  if (!pending) {
    pending = api.getLoadProfileColumns(request);
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
    while (cache.size > KEEP) cache.delete(cache.keys().next().value!);
  }
  return pending;
}


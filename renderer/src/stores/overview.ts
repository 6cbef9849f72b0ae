/**
 * What the overview compares, per read-out: the register totals of the latest month and the same days a
 * year earlier, and of the last 12 months and the 12 before (engine: getSeries with a range), and the
 * latest reading of each channel with its verification state (engine: getLoadProfile of the last day).
 * Values are kept outside Vue's deep reactivity.
 */
import { defineStore } from 'pinia';
import { markRaw, shallowRef, triggerRef } from 'vue';
import type { ApiErrorPayload, LoadProfilePoint, ReadoutSummary, WindowTotalsDto } from '../../../src/api/dto';
import { toErrorPayload } from '../../../src/api/errors';
import { useApi } from '../api';
import { isoRange, overviewWindows, type DateWindow, type OverviewWindows } from '../overview/windows';

export type WindowName = 'month' | 'monthLastYear' | 'last12' | 'previous12';
export const WINDOW_NAMES: readonly WindowName[] = ['month', 'monthLastYear', 'last12', 'previous12'];

export interface LatestReading {
  channelId: string;
  obis: string;
  direction: 'import' | 'export' | 'other';
  unit: string;
  point: LoadProfilePoint;
}

export interface OverviewData {
  windows: OverviewWindows;
  totals: Record<WindowName, WindowTotalsDto>;
  latest: LatestReading[];
}

export interface OverviewEntry {
  value: OverviewData | null;
  loading: boolean;
  error: ApiErrorPayload | null;
}

const DAY_MS = 86_400_000;

export const useOverviewStore = defineStore('overview', () => {
  const api = useApi();
  const entries = shallowRef(new Map<string, OverviewEntry>());

  async function windowTotals(readoutId: string, window: DateWindow): Promise<WindowTotalsDto> {
    const series = await api.getSeries({ readoutId, resolution: 'year', ...isoRange(window) });
    return series.totals;
  }

  async function latestReadings(summary: ReadoutSummary): Promise<LatestReading[]> {
    const to = new Date(Date.parse(summary.last) + 1000).toISOString();
    const from = new Date(Date.parse(summary.last) - DAY_MS).toISOString();
    const channels = summary.channels.filter((c) => c.readings > 0 && c.direction !== 'other');
    const profiles = await Promise.all(channels.map((c) => api.getLoadProfile({ readoutId: summary.readoutId, channelId: c.channelId, from, to })));
    return channels.flatMap((c, i) => {
      const point = profiles[i]!.points.at(-1);
      return point ? [{ channelId: c.channelId, obis: c.obis, direction: c.direction, unit: profiles[i]!.displayUnit || c.unit, point }] : [];
    });
  }

  /** Loads the overview of a read-out once (again with `force`, e.g. after a signature check). */
  async function load(summary: ReadoutSummary, force = false): Promise<void> {
    const map = entries.value;
    const entry = map.get(summary.readoutId);
    if (entry && !force && (entry.loading || entry.value)) return;
    map.set(summary.readoutId, { value: entry?.value ?? null, loading: true, error: null });
    triggerRef(entries);
    try {
      const period = Math.max(0, ...summary.channels.filter((c) => c.readings > 0).map((c) => c.period));
      const windows = overviewWindows(summary.last, period);
      if (!windows) throw new Error(`The read-out's last reading (${summary.last}) has no Berlin date.`);
      const [totals, latest] = await Promise.all([
        Promise.all(WINDOW_NAMES.map((name) => windowTotals(summary.readoutId, windows[name]))),
        latestReadings(summary),
      ]);
      const byName = Object.fromEntries(WINDOW_NAMES.map((name, i) => [name, totals[i]!])) as Record<WindowName, WindowTotalsDto>;
      map.set(summary.readoutId, { value: markRaw({ windows, totals: byName, latest }), loading: false, error: null });
    } catch (cause) {
      map.set(summary.readoutId, { value: null, loading: false, error: toErrorPayload(cause) });
    }
    triggerRef(entries);
  }

  return { entries, load };
});

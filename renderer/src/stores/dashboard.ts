/**
 * State of the dashboard: the opened read-out, its series at the chosen resolution, loading progress and
 * the last error. Series data stay out of Vue's deep reactivity (shallowRef + markRaw): they are read-only
 * values that are replaced as a whole.
 */
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { ApiErrorPayload, ConsumptionSeries, ReadoutSummary, Resolution } from '../../../src/api/dto';
import { CancelledError, toErrorPayload } from '../../../src/api/errors';
import { useApi } from '../api';
import { newOperationId } from '../api/operation-id';

export type LoadPhase = 'idle' | 'openDemo' | 'series';

export const useDashboardStore = defineStore('dashboard', () => {
  const api = useApi();

  const summary = shallowRef<ReadoutSummary | null>(null);
  const series = shallowRef<ConsumptionSeries | null>(null);
  /** Totals of the whole read-out, from the day series: they must not change with the chart's resolution. */
  const totals = shallowRef<ConsumptionSeries['totals'] | null>(null);
  const resolution = ref<Resolution>('day');
  const phase = ref<LoadPhase>('idle');
  /** 0..1 of the running operation, -1 while indeterminate. */
  const progress = ref(-1);
  const error = shallowRef<ApiErrorPayload | null>(null);

  let operationId: string | null = null;
  /** Answers of superseded requests (e.g. a quick resolution change) are dropped. */
  let generation = 0;

  api.onProgress((event) => {
    if (event.operationId === operationId) progress.value = event.fraction;
  });

  const loading = computed(() => phase.value !== 'idle');

  function begin(next: LoadPhase): { id: string; gen: number } {
    // A request that is superseded (e.g. a quick second resolution change) need not finish in the engine.
    if (operationId) void api.cancel(operationId).catch(() => {});
    operationId = newOperationId();
    phase.value = next;
    progress.value = -1;
    error.value = null;
    return { id: operationId, gen: ++generation };
  }

  function finish(gen: number): boolean {
    if (gen !== generation) return false;
    phase.value = 'idle';
    operationId = null;
    return true;
  }

  async function loadSeries(): Promise<void> {
    const current = summary.value;
    if (!current) return;
    const { id, gen } = begin('series');
    try {
      const result = await api.getSeries({ readoutId: current.readoutId, resolution: resolution.value, operationId: id });
      if (finish(gen)) {
        series.value = markRaw(result);
        if (result.resolution === 'day' && result.readoutId === summary.value?.readoutId) totals.value = result.totals;
      }
    } catch (cause) {
      if (finish(gen)) error.value = toErrorPayload(cause);
    }
  }

  /** The chart shows another resolution: fetch the day series once for the totals. */
  async function loadTotals(): Promise<void> {
    const current = summary.value;
    if (!current || totals.value || resolution.value === 'day') return;
    try {
      const day = await api.getSeries({ readoutId: current.readoutId, resolution: 'day' });
      if (summary.value?.readoutId === current.readoutId) totals.value = day.totals;
    } catch (cause) {
      error.value = toErrorPayload(cause);
    }
  }

  /** Opens the built-in demo read-out (the default with no gateway configured) and loads its series. */
  async function openDemo(): Promise<void> {
    const { id, gen } = begin('openDemo');
    try {
      const result = await api.openDemo({ operationId: id });
      if (!finish(gen)) return;
      summary.value = markRaw(result);
      series.value = null;
      totals.value = null;
    } catch (cause) {
      if (finish(gen)) error.value = toErrorPayload(cause);
      return;
    }
    await Promise.all([loadSeries(), loadTotals()]);
  }

  /** Shows another loaded read-out (a file, a gateway read-out): its series at the current resolution. */
  async function show(next: ReadoutSummary): Promise<void> {
    if (summary.value?.readoutId === next.readoutId) return;
    if (operationId) void api.cancel(operationId).catch(() => {});
    generation++;
    operationId = null;
    phase.value = 'idle';
    summary.value = markRaw(next);
    series.value = null;
    totals.value = null;
    await Promise.all([loadSeries(), loadTotals()]);
  }

  /** No read-out is left (the last one was closed): nothing is shown, nothing is asked of the engine. */
  function clear(): void {
    if (operationId) void api.cancel(operationId).catch(() => {});
    generation++;
    operationId = null;
    phase.value = 'idle';
    summary.value = null;
    series.value = null;
    totals.value = null;
    error.value = null;
  }

  async function setResolution(next: Resolution): Promise<void> {
    if (next === resolution.value && series.value?.resolution === next) return;
    resolution.value = next;
    await loadSeries();
  }

  /** Retries whatever failed: opening the read-out, or its series. */
  async function retry(): Promise<void> {
    if (summary.value) await Promise.all([loadSeries(), loadTotals()]);
    else await openDemo();
  }

  /**
   * Stops waiting at once: the running operation's answer is dropped here and the engine is asked to stop
   * its work. A cancelled resolution change falls back to what the chart still shows.
   */
  async function cancel(): Promise<void> {
    const id = operationId;
    if (!id) return;
    generation++;
    operationId = null;
    phase.value = 'idle';
    if (series.value) resolution.value = series.value.resolution;
    else error.value = new CancelledError().toPayload();
    try {
      await api.cancel(id);
    } catch (cause) {
      error.value = toErrorPayload(cause);
    }
  }

  return { summary, series, totals, resolution, phase, progress, error, loading, openDemo, show, clear, setResolution, retry, cancel };
});

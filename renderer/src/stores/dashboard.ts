/**
 * State of the dashboard: the opened read-out, its series at the chosen resolution, loading progress and
 * the last error. Series data stay out of Vue's deep reactivity (shallowRef + markRaw): they are read-only
 * values that are replaced as a whole.
 */
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { ConsumptionSeries, ReadoutSummary, Resolution } from '../../../src/api/dto';
import { CancelledError, toErrorPayload } from '../../../src/api/errors';
import { useApi } from '../api';
import { createOperation } from '../api/use-operation';

export type LoadPhase = 'idle' | 'openDemo' | 'series';

export const useDashboardStore = defineStore('dashboard', () => {
  const api = useApi();

  const summary = shallowRef<ReadoutSummary | null>(null);
  const series = shallowRef<ConsumptionSeries | null>(null);
  /** Totals of the whole read-out, from the day series: they must not change with the chart's resolution. */
  const totals = shallowRef<ConsumptionSeries['totals'] | null>(null);
  const resolution = ref<Resolution>('day');
  /**
   * Opening the demo or loading a series. A superseded request (e.g. a quick second resolution change)
   * is dropped here and need not finish in the engine.
   */
  const op = createOperation<Exclude<LoadPhase, 'idle'>>(api, { cancelReplaced: true });
  const error = op.error;
  const phase = computed<LoadPhase>(() => op.kind.value ?? 'idle');
  const loading = computed(() => phase.value !== 'idle');

  async function loadSeries(): Promise<void> {
    const current = summary.value;
    if (!current) return;
    await op.run(
      (id) => api.getSeries({ readoutId: current.readoutId, resolution: resolution.value, operationId: id }),
      (result) => {
        series.value = markRaw(result);
        if (result.resolution === 'day' && result.readoutId === summary.value?.readoutId) totals.value = result.totals;
      },
      -1,
      'series',
    );
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
    let opened = false;
    await op.run(
      (id) => api.openDemo({ operationId: id }),
      (result) => {
        summary.value = markRaw(result);
        series.value = null;
        totals.value = null;
        opened = true;
      },
      -1,
      'openDemo',
    );
    if (opened) await Promise.all([loadSeries(), loadTotals()]);
  }

  /** Shows another loaded read-out (a file, a gateway read-out): its series at the current resolution. */
  async function show(next: ReadoutSummary): Promise<void> {
    if (summary.value?.readoutId === next.readoutId) return;
    op.abandon();
    summary.value = markRaw(next);
    series.value = null;
    totals.value = null;
    await Promise.all([loadSeries(), loadTotals()]);
  }

  /** No read-out is left (the last one was closed): nothing is shown, nothing is asked of the engine. */
  function clear(): void {
    op.abandon();
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
    if (!op.running.value) return;
    const asked = op.cancel();
    if (series.value) resolution.value = series.value.resolution;
    else error.value = new CancelledError().toPayload();
    await asked;
  }

  return { summary, series, totals, resolution, phase, progress: op.progress, error, loading, openDemo, show, clear, setResolution, retry, cancel };
});

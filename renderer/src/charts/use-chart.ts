/**
 * One chart on one canvas, for every chart component: registers the Chart.js parts, reads the theme's CSS
 * colours from the canvas, builds the chart on mount, rebuilds it when its inputs or the colour scheme
 * change, and destroys it on unmount. The Chart.js instance and its data stay outside Vue's reactivity.
 */
import { onBeforeUnmount, onMounted, ref, watch, type Ref, type WatchSource } from 'vue';
import type { Chart, ChartConfiguration, ChartType } from 'chart.js';
import { registerChartParts } from './chart-setup';
import { cssColorOf, onThemeChange } from './theme-change';

/** Reads a CSS custom property as the canvas sees it (theme, dark mode), with a fallback. */
export type CssColor = (name: string, fallback: string) => string;

export interface UseChart {
  canvas: Ref<HTMLCanvasElement | null>;
  /** The live chart, for zoom/pan commands and tests; null before mount and after unmount. */
  chart: () => Chart | null;
  /** Rebuilds the chart now (e.g. after a change the watch sources do not see). */
  render: () => void;
}

export function useChart<T extends ChartType>(
  build: (css: CssColor) => ChartConfiguration<T>,
  sources: WatchSource[],
): UseChart {
  const canvas = ref<HTMLCanvasElement | null>(null);
  let chart: Chart | null = null;

  const css: CssColor = (name, fallback) => cssColorOf(canvas.value, name, fallback);

  function render(): void {
    if (!canvas.value) return;
    const ChartClass = registerChartParts();
    chart?.destroy();
    chart = new ChartClass(canvas.value, build(css) as unknown as ChartConfiguration) as Chart;
  }

  // The colours come from CSS: a change of the colour scheme or the app's theme repaints with the new ones.
  let stopTheme: (() => void) | null = null;

  onMounted(() => {
    render();
    stopTheme = onThemeChange(render);
  });
  watch(sources, render);
  onBeforeUnmount(() => {
    stopTheme?.();
    chart?.destroy();
    chart = null;
  });

  return { canvas, chart: () => chart, render };
}

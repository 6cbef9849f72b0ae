/**
 * A stacked bar chart drawn with PDF vector operations (rectangles, lines, text): sharp at any zoom and
 * searchable. Positive series stack upwards, feed-in downwards; a missing value draws no bar.
 */
import { rgb } from 'pdf-lib';
import type { BarChartBlock } from '../content/blocks';
import type { Formatter } from '../format';
import type { ReportFonts } from './fonts';
import { COLORS, CONTENT_WIDTH, GEOMETRY, type PageFlow } from './page-flow';
import { wrapText } from './wrap';

const PLOT_HEIGHT = 150;
const AXIS_WIDTH = 42;
const LABEL_SIZE = 6.5;

export function chartHeight(fonts: ReportFonts, chart: BarChartBlock): number {
  return 22 + PLOT_HEIGHT + 16 + legendHeight(fonts, chart) + (chart.note ? 12 : 0) + 10;
}

export function drawBarChart(flow: PageFlow, fonts: ReportFonts, chart: BarChartBlock, f: Formatter): void {
  flow.ensure(chartHeight(fonts, chart));
  const page = flow.page;
  page.drawText(fonts.bold.clean(chart.title), { x: GEOMETRY.left, y: flow.y - 9, size: 9, font: fonts.bold.pdf, color: COLORS.text });
  flow.advance(22);

  const n = chart.categories.length;
  const up = Array.from({ length: n }, (_, i) => chart.series.reduce((sum, s) => sum + Math.max(0, s.values[i] ?? 0), 0));
  const down = Array.from({ length: n }, (_, i) => (chart.negativeSeries ?? []).reduce((sum, s) => sum + Math.max(0, s.values[i] ?? 0), 0));
  const maxUp = Math.max(0, ...up);
  const maxDown = Math.max(0, ...down);
  const span = maxUp + maxDown || 1;
  const step = niceStep(span / 5);
  const top = Math.ceil(maxUp / step) * step || (maxDown ? 0 : step);
  const bottom = Math.ceil(maxDown / step) * step;
  const range = top + bottom || 1;

  const plotLeft = GEOMETRY.left + AXIS_WIDTH;
  const plotWidth = CONTENT_WIDTH - AXIS_WIDTH;
  const plotTop = flow.y;
  const plotBottom = plotTop - PLOT_HEIGHT;
  const yOf = (value: number) => plotBottom + ((value + bottom) / range) * PLOT_HEIGHT;
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));

  for (let v = -bottom; v <= top + step / 2; v += step) {
    const y = yOf(v);
    page.drawLine({ start: { x: plotLeft, y }, end: { x: plotLeft + plotWidth, y }, thickness: Math.abs(v) < step / 2 ? 0.7 : 0.3, color: Math.abs(v) < step / 2 ? COLORS.muted : COLORS.rule });
    const label = f.number(Math.abs(v) < step / 1e6 ? 0 : v, decimals);
    page.drawText(label, { x: plotLeft - 4 - fonts.regular.width(label, LABEL_SIZE), y: y - 2.2, size: LABEL_SIZE, font: fonts.regular.pdf, color: COLORS.muted });
  }
  page.drawText(fonts.regular.clean(chart.unit), { x: plotLeft - 4 - fonts.regular.width(fonts.regular.clean(chart.unit), LABEL_SIZE), y: plotTop + 4, size: LABEL_SIZE, font: fonts.regular.pdf, color: COLORS.muted });

  const slot = plotWidth / Math.max(1, n);
  const barWidth = Math.min(28, Math.max(0.4, slot * (n > 40 ? 0.85 : 0.7)));
  for (let i = 0; i < n; i++) {
    const x = plotLeft + i * slot + (slot - barWidth) / 2;
    let base = 0;
    for (const s of chart.series) {
      const v = s.values[i];
      if (v === null || v === undefined || v <= 0) continue;
      page.drawRectangle({ x, y: yOf(base), width: barWidth, height: yOf(base + v) - yOf(base), color: rgb(...s.color) });
      base += v;
    }
    base = 0;
    for (const s of chart.negativeSeries ?? []) {
      const v = s.values[i];
      if (v === null || v === undefined || v <= 0) continue;
      page.drawRectangle({ x, y: yOf(-(base + v)), width: barWidth, height: yOf(-base) - yOf(-(base + v)), color: rgb(...s.color) });
      base += v;
    }
  }

  // Category labels, thinned out so that they never overlap.
  const widest = Math.max(1, ...chart.categories.map((c) => fonts.regular.width(fonts.regular.clean(c), LABEL_SIZE)));
  const every = Math.max(1, Math.ceil((widest + 6) / slot));
  for (let i = 0; i < n; i += every) {
    const label = fonts.regular.clean(chart.categories[i]!);
    const center = plotLeft + i * slot + slot / 2;
    page.drawLine({ start: { x: center, y: plotBottom }, end: { x: center, y: plotBottom - 2 }, thickness: 0.4, color: COLORS.muted });
    page.drawText(label, { x: center - fonts.regular.width(label, LABEL_SIZE) / 2, y: plotBottom - 9, size: LABEL_SIZE, font: fonts.regular.pdf, color: COLORS.muted });
  }
  flow.advance(PLOT_HEIGHT + 16);

  // Legend: colour squares with labels, flowing over lines.
  let x = GEOMETRY.left;
  for (const s of [...chart.series, ...(chart.negativeSeries ?? [])]) {
    const label = fonts.regular.clean(s.label);
    const w = 10 + fonts.regular.width(label, 7) + 12;
    if (x + w > GEOMETRY.right && x > GEOMETRY.left) {
      x = GEOMETRY.left;
      flow.advance(11);
    }
    flow.page.drawRectangle({ x, y: flow.y - 7.5, width: 7, height: 7, color: rgb(...s.color) });
    flow.page.drawText(label, { x: x + 10, y: flow.y - 7, size: 7, font: fonts.regular.pdf, color: COLORS.text });
    x += w;
  }
  flow.advance(12);
  if (chart.note) {
    for (const line of wrapText(fonts.regular, chart.note, 7, CONTENT_WIDTH)) {
      flow.page.drawText(line, { x: GEOMETRY.left, y: flow.y - 7, size: 7, font: fonts.regular.pdf, color: COLORS.muted });
      flow.advance(10);
    }
  }
  flow.advance(10);
}

function legendHeight(fonts: ReportFonts, chart: BarChartBlock): number {
  let lines = 1;
  let x = 0;
  for (const s of [...chart.series, ...(chart.negativeSeries ?? [])]) {
    const w = 10 + fonts.regular.width(fonts.regular.clean(s.label), 7) + 12;
    if (x + w > CONTENT_WIDTH && x > 0) {
      lines++;
      x = 0;
    }
    x += w;
  }
  return lines * 11 + 2;
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

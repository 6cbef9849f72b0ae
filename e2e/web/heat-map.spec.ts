/**
 * The load-profile heat map (days × quarter hours): as many rows as the read-out has days, and a sampled
 * cell's value and drawn colour follow the engine's own columns (`getLoadProfileColumns`, asked here by the
 * test); keyboard moves the cursor cell; net is import − export; gaps and bad statuses have their own
 * colours (real conformance files), also in the dark theme.
 */
import type { Page } from '@playwright/test';
import type { LoadProfileColumns } from '../../src/api/dto';
import { heatColor, netColor } from '../../renderer/src/load-profile/heat-scale';
import { callEngine } from '../fixtures/engine-api';
import { applySetting, seriousAxeFindings } from '../fixtures/everyone';
import { CONFORMANCE_SKIP_REASON, HAS_CONFORMANCE, conformancePath } from '../fixtures/conformance';
import { openFileInApp } from '../fixtures/open-file';
import { generateSample } from '../fixtures/sample-file';
import { SECOND_CONTRACT_ID, twoContracts } from '../fixtures/two-contracts';
import { expect, test } from '../fixtures/test';
import type { WebMode } from '../fixtures/web-mode';

/** The Berlin calendar date of an instant (the test's own, from Intl). */
const berlinDate = (ms: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date(ms));
const berlinClock = (ms: number) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms));

/** Whole Berlin days with at least one interval (start = target time − period) in the engine's columns. */
function engineDays(c: LoadProfileColumns): string[] {
  const period = c.periodSeconds! * 1000;
  return [...new Set([...c.times, ...c.gaps].filter((t) => t - period >= c.from).map((t) => berlinDate(t - period)))].sort();
}

interface CanvasInfo {
  rows: number;
  left: number;
  top: number;
  cellWidth: number;
  cellHeight: number;
  min: number;
  max: number;
  firstDay: string;
}

async function canvasInfo(page: Page): Promise<CanvasInfo> {
  const d = await page.getByTestId('heat-canvas').evaluate((c) => ({ ...(c as unknown as PageCanvas).dataset }));
  return {
    rows: Number(d.rows),
    left: Number(d.plotLeft),
    top: Number(d.plotTop),
    cellWidth: Number(d.cellWidth),
    cellHeight: Number(d.cellHeight),
    min: Number(d.scaleMin),
    max: Number(d.scaleMax),
    firstDay: d.firstDay!,
  };
}

/** The canvas as the page sees it (the e2e project has no DOM types). */
interface PageCanvas {
  dataset: Record<string, string>;
  width: number;
  getBoundingClientRect(): { width: number };
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
}

/** The drawn colour at the centre of a cell, read from the canvas the user sees. */
async function pixel(page: Page, info: CanvasInfo, row: number, column: number): Promise<number[]> {
  const x = info.left + column * info.cellWidth + info.cellWidth / 2;
  const y = info.top + row * info.cellHeight + info.cellHeight / 2;
  return page.getByTestId('heat-canvas').evaluate(
    (c, [px, py]) => {
      const canvas = c as unknown as PageCanvas;
      const scale = canvas.width / canvas.getBoundingClientRect().width;
      return Array.from(canvas.getContext('2d')!.getImageData(Math.floor(px! * scale), Math.floor(py! * scale), 1, 1).data);
    },
    [x, y],
  );
}

/** Row and column of the interval ending at `target` (epoch ms), by the test's own date arithmetic. */
function cellOf(target: number, periodMs: number, firstDay: string): { row: number; column: number } {
  const start = target - periodMs;
  const row = Math.round((Date.parse(`${berlinDate(start)}T00:00:00Z`) - Date.parse(`${firstDay}T00:00:00Z`)) / 86_400_000);
  const [h, m] = berlinClock(start).split(':').map(Number) as [number, number];
  return { row, column: (h * 60 + m) / (periodMs / 60_000) };
}

async function heatColumns(web: WebMode, readoutId: string, direction: 'import' | 'export', page: Page, usagePointId?: string) {
  const { summary } = await callEngine(web, 'getReadoutDetails', readoutId);
  const contract = summary.contracts?.find((c) => c.usagePointId === (usagePointId ?? summary.usagePointId));
  const channel = (contract?.channels ?? summary.channels).find((c) => c.direction === direction && c.readings > 0)!;
  const info = await canvasInfo(page);
  const lastDay = (await page.getByTestId('heat-canvas').getAttribute('data-last-day'))!;
  // The heat map's own range, asked of the engine in one columnar call (as wide as the days it shows).
  const next = new Date(Date.parse(`${lastDay}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const midnight = (day: string) => [1, 2].map((h) => Date.parse(`${day}T00:00:00Z`) - h * 3_600_000).find((t) => berlinClock(t) === '00:00' && berlinDate(t) === day)!;
  return {
    channel,
    columns: await callEngine(web, 'getLoadProfileColumns', {
      readoutId,
      channelId: channel.channelId,
      usagePointId: usagePointId ?? summary.usagePointId,
      from: new Date(midnight(info.firstDay)).toISOString(),
      to: new Date(midnight(next)).toISOString(),
    }),
  };
}

/** Opens a TRuDI sample file, shows its heat map and asks the engine for the same columns. */
async function openHeatMap(page: Page, web: WebMode, sample: string) {
  const readoutId = await openFileInApp(page, web.launchUrl, conformancePath(`trudi/samples/${sample}`));
  await page.getByTestId('nav-loadProfile').click();
  const canvas = page.getByTestId('heat-canvas');
  await expect(canvas).toBeVisible({ timeout: 60_000 });
  const info = await canvasInfo(page);
  const { columns } = await heatColumns(web, readoutId, 'import', page);
  return { canvas, info, columns, period: columns.periodSeconds! * 1000 };
}

test.describe('load-profile heat map', () => {
  test('the demo read-out: a row per day; a sampled cell shows the engine’s value in its colour; keys move; net', async ({ page, web, problems }) => {
    // Two cores shared by several runs: the demo year's range chart and heat map take a while to open.
    test.setTimeout(180_000);
    const summary = await callEngine(web, 'openDemo');
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('total-import')).toBeVisible();
    await page.getByTestId('nav-loadProfile').click();
    const canvas = page.getByTestId('heat-canvas');
    await expect(canvas).toBeVisible({ timeout: 60_000 });
    const info = await canvasInfo(page);
    const { columns: imp } = await heatColumns(web, summary.readoutId, 'import', page);
    const { columns: exp } = await heatColumns(web, summary.readoutId, 'export', page);

    // A row per day of the read-out (2025: 365 days).
    const days = engineDays(imp);
    expect(days).toHaveLength(365);
    expect(info.rows).toBe(days.length);
    expect(info.firstDay).toBe(days[0]);
    // One cell per interval of the clock: the 25-hour day's repeated hour shares four cells.
    const valueCells = new Set(imp.times.filter((t, i) => imp.deltas[i] !== null && t - 900_000 >= imp.from).map((t) => JSON.stringify(cellOf(t, 900_000, info.firstDay))));
    expect(valueCells.size).toBe(imp.deltas.filter((d) => d !== null).length - 4);
    await expect(canvas).toHaveAttribute('data-values', String(valueCells.size));
    // The scale spans the engine's lowest and highest quarter-hour power (kW = kWh × 4).
    const kws = imp.deltas.filter((d): d is number => d !== null).map((d) => d * 4);
    expect(info.max).toBeCloseTo(Math.max(...kws), 5);
    expect(info.min).toBeCloseTo(Math.min(0, ...kws), 5);

    // A sampled cell: the interval 19:00–19:15 on 15 June 2025 (an evening: import, no PV).
    const target = Date.parse('2025-06-15T19:15:00+02:00');
    const k = imp.times.indexOf(target);
    expect(k).toBeGreaterThan(0);
    const expectedKw = imp.deltas[k]! * 4;
    expect(expectedKw).toBeGreaterThan(0);
    const cell = cellOf(target, 900_000, info.firstDay);
    expect(cell).toEqual({ row: 165, column: 76 });
    const [r, g, b, a] = await pixel(page, info, cell.row, cell.column);
    expect([r, g, b, a]).toEqual([...heatColor(expectedKw, info.min, info.max), 255]);
    // A noon cell (PV covers the import) has the scale's low colour: the map is not one flat colour.
    const noon = Date.parse('2025-06-15T12:15:00+02:00');
    const noonCell = cellOf(noon, 900_000, info.firstDay);
    expect(await pixel(page, info, noonCell.row, noonCell.column)).toEqual([...heatColor(imp.deltas[imp.times.indexOf(noon)]! * 4, info.min, info.max), 255]);
    expect(await pixel(page, info, noonCell.row, noonCell.column)).not.toEqual([r, g, b, a]);

    // Click the cell: the cursor reads it; the arrow key moves to the next quarter hour.
    const focus = page.getByTestId('heat-focus');
    await canvas.click({ position: { x: info.left + cell.column * info.cellWidth + info.cellWidth / 2, y: info.top + cell.row * info.cellHeight + info.cellHeight / 2 } });
    await expect(focus).toHaveAttribute('data-cursor-row', String(cell.row));
    await expect(focus).toHaveAttribute('data-cursor-column', String(cell.column));
    expect(Number(await focus.getAttribute('data-cursor-kw'))).toBeCloseTo(expectedKw, 6);
    await expect(page.getByTestId('heat-cursor')).toContainText('So., 15.06.2025, 19:00–19:15');
    await focus.focus();
    await page.keyboard.press('ArrowRight');
    await expect(focus).toHaveAttribute('data-cursor-column', String(cell.column + 1));
    expect(Number(await focus.getAttribute('data-cursor-kw'))).toBeCloseTo(imp.deltas[k + 1]! * 4, 6);
    await page.keyboard.press('ArrowDown');
    await expect(focus).toHaveAttribute('data-cursor-row', String(cell.row + 1));
    await expect(page.getByTestId('heat-summary')).toContainText('365 Tage');
    await expect(page.getByTestId('heat-summary')).toContainText('keine Lücke');

    // Net: import − export of the same quarter hour.
    await page.getByTestId('heat-direction').selectOption('net');
    await expect(canvas).toHaveAttribute('data-direction', 'net');
    await canvas.click({ position: { x: info.left + cell.column * info.cellWidth + info.cellWidth / 2, y: info.top + cell.row * info.cellHeight + info.cellHeight / 2 } });
    const e = exp.times.indexOf(target);
    expect(Number(await focus.getAttribute('data-cursor-kw'))).toBeCloseTo((imp.deltas[k]! - exp.deltas[e]!) * 4, 6);
    // Net diverges around zero: a symmetric scale, the evening's import on the dark orange arm, the noon's
    // feed-in surplus on the lighter blue arm, and a legend that names both ends.
    await expect(canvas).toHaveAttribute('data-scale-kind', 'diverging');
    const netInfo = await canvasInfo(page);
    const exportAt = new Map(exp.times.map((t, i) => [t, exp.deltas[i]]));
    const netKws = imp.times.flatMap((t, i) => {
      const d = imp.deltas[i];
      const x = exportAt.get(t);
      return d === null || d === undefined || x === null || x === undefined || t - 900_000 < imp.from ? [] : [(d - x) * 4];
    });
    expect(netInfo.max).toBeCloseTo(Math.max(...netKws.map(Math.abs)), 5);
    expect(netInfo.min).toBe(-netInfo.max);
    const eveningNet = (imp.deltas[k]! - exp.deltas[e]!) * 4;
    expect(eveningNet).toBeGreaterThan(0);
    expect(await pixel(page, netInfo, cell.row, cell.column)).toEqual([...netColor(eveningNet, netInfo.max), 255]);
    const noonNet = (imp.deltas[imp.times.indexOf(noon)]! - exp.deltas[exp.times.indexOf(noon)]!) * 4;
    expect(noonNet).toBeLessThan(0);
    const noonPixel = await pixel(page, netInfo, noonCell.row, noonCell.column);
    expect(noonPixel).toEqual([...netColor(noonNet, netInfo.max), 255]);
    expect(noonPixel[2]!).toBeGreaterThan(noonPixel[0]!);
    await expect(page.getByTestId('heat-legend-title')).toContainText('Bezug − Einspeisung');
    await expect(page.getByTestId('heat-net-ends')).toContainText('Einspeisung überwiegt');
    await page.getByTestId('heat-map').screenshot({ path: 'test-results/views/loadProfile-heat-map.png' });

    await page.getByTestId('lang-en').click();
    await expect(page.getByTestId('heat-summary')).toContainText('365 days');
    await expect(page.getByTestId('heat-summary')).toContainText('no gap');
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
  });

  for (const setting of [{ width: 390, scheme: 'dark', lang: 'en' }, { width: 1280, scheme: 'light', lang: 'de' }] as const) {
    test(`axe-core finds nothing serious with the heat map drawn, no sideways scroll (${setting.width} px, ${setting.scheme}, ${setting.lang})`, async ({ page, web }) => {
      await applySetting(page, setting);
      await page.goto(web.launchUrl);
      await expect(page.getByTestId('total-import')).toBeVisible();
      if (setting.lang === 'en') await page.getByTestId('lang-en').click();
      await page.getByTestId('nav-loadProfile').click();
      await expect(page.getByTestId('heat-canvas')).toBeVisible({ timeout: 60_000 });
      await expect(page.getByTestId('range-chart')).toBeVisible({ timeout: 60_000 });
      await page.getByTestId('heat-focus').focus();
      await page.keyboard.press('ArrowLeft');
      expect(await seriousAxeFindings(page)).toEqual([]);
      expect((await page.evaluate('document.documentElement.scrollWidth')) as number).toBeLessThanOrEqual(setting.width);
      await page.getByTestId('heat-map').screenshot({ path: `test-results/views/loadProfile-heat-map-${setting.width}-${setting.scheme}-${setting.lang}.png` });
    });
  }

  test('every contract is reachable: the second contract of the same meter fills the heat map and the range chart', async ({ page, web }) => {
    const { path } = twoContracts({ sameMeter: true });
    const readoutId = await openFileInApp(page, web.launchUrl, path);
    await page.getByTestId('nav-loadProfile').click();
    const canvas = page.getByTestId('heat-canvas');
    await expect(canvas).toBeVisible({ timeout: 60_000 });
    const chart = page.getByTestId('range-chart');
    await expect(chart).toBeVisible({ timeout: 60_000 });
    const kwMax = (c: LoadProfileColumns) => Math.max(...c.deltas.filter((d): d is number => d !== null).map((d) => d * 4));
    const kwSum = (c: LoadProfileColumns) => c.deltas.reduce<number>((sum, d) => sum + (d ?? 0) * 4, 0);
    const first = (await heatColumns(web, readoutId, 'import', page)).columns;
    expect(Number(await canvas.getAttribute('data-scale-max'))).toBeCloseTo(kwMax(first), 5);
    expect(Number(await chart.getAttribute('data-view-sum'))).toBeCloseTo(kwSum(first), 3);

    await page.getByTestId('contract-picker').selectOption(SECOND_CONTRACT_ID);
    const second = (await heatColumns(web, readoutId, 'import', page, SECOND_CONTRACT_ID)).columns;
    expect(second.usagePointId).toBe(SECOND_CONTRACT_ID);
    expect(second.channelId).toBe(first.channelId);
    // Built as 3 × the first contract's readings: the same channel id, other numbers.
    expect(kwMax(second)).toBeCloseTo(3 * kwMax(first), 5);
    await expect.poll(async () => Number(await canvas.getAttribute('data-scale-max'))).toBeCloseTo(kwMax(second), 5);
    await expect.poll(async () => Number(await chart.getAttribute('data-view-sum'))).toBeCloseTo(kwSum(second), 3);
  });

  test('24 months of quarter hours: a row for each of the 731 days, every value cell from the engine', async ({ page, web }) => {
    test.setTimeout(420_000);
    const path = generateSample(24, 'sample-24m.xml', '2024-01');
    const readoutId = await openFileInApp(page, web.launchUrl, path);
    await page.getByTestId('nav-loadProfile').click();
    const canvas = page.getByTestId('heat-canvas');
    await expect(canvas).toBeVisible({ timeout: 180_000 });
    const info = await canvasInfo(page);
    const { columns } = await heatColumns(web, readoutId, 'import', page);
    const days = engineDays(columns);
    expect(days.length).toBeGreaterThanOrEqual(730);
    expect(info.rows).toBe(days.length);
    const cells = new Set(columns.times.filter((t, i) => columns.deltas[i] !== null && t - 900_000 >= columns.from).map((t) => JSON.stringify(cellOf(t, 900_000, info.firstDay))));
    expect(cells.size).toBeGreaterThan(70_000);
    await expect(canvas).toHaveAttribute('data-values', String(cells.size));
    await page.getByTestId('heat-map').screenshot({ path: 'test-results/views/loadProfile-heat-map-24m.png' });
  });

  test.describe('real files', () => {
    test.skip(!HAS_CONFORMANCE, CONFORMANCE_SKIP_REASON);

    test('gaps are grey cells of their own, also in the dark theme', async ({ page, web }) => {
      const { canvas, info, columns, period } = await openHeatMap(page, web, 'IF_Adapter_TRuDI_DatenTAF7_With_Gaps.xml');
      expect(info.rows).toBe(engineDays(columns).length);
      const gapTimes = [...columns.gaps, ...columns.times.filter((_, i) => columns.deltas[i] === null)].filter((t) => t - period >= columns.from);
      expect(gapTimes.length).toBeGreaterThan(0);
      const gapCells = new Set(gapTimes.map((t) => JSON.stringify(cellOf(t, period, info.firstDay))));
      await expect(canvas).toHaveAttribute('data-gaps', String(gapCells.size));
      const sample = cellOf(gapTimes[0]!, period, info.firstDay);
      expect(await pixel(page, info, sample.row, sample.column)).toEqual([0xad, 0xb5, 0xbd, 255]);
      await expect(page.getByTestId('heat-summary')).toContainText(`${gapCells.size} Lücke`);

      await page.emulateMedia({ colorScheme: 'dark' });
      await expect.poll(() => pixel(page, info, sample.row, sample.column)).toEqual([0x5c, 0x63, 0x6a, 255]);
      await page.getByTestId('heat-map').screenshot({ path: 'test-results/views/loadProfile-heat-map-gaps-dark.png' });
    });

    test('values with a bad PTB status are cells of their own colour', async ({ page, web }) => {
      const { canvas, info, columns, period } = await openHeatMap(page, web, 'result_3_days_geterrorlist.xml');
      const bad = columns.times.filter((t, i) => columns.ptb[i]! >= 2 && columns.ptb[i]! <= 4 && columns.deltas[i] !== null && t - period >= columns.from);
      expect(bad.length).toBeGreaterThan(0);
      expect(Number(await canvas.getAttribute('data-bad'))).toBeGreaterThan(0);
      const sample = cellOf(bad[0]!, period, info.firstDay);
      expect(await pixel(page, info, sample.row, sample.column)).toEqual([0xc2, 0x25, 0x5c, 255]);
    });
  });
});

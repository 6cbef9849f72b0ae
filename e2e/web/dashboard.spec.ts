/**
 * The demo's numbers: the overview's totals, and the consumption view's table behind the chart and the chart
 * itself, compared with values this test gets on its own (the HTTP API with the token, and the raw demo
 * registers).
 */
import type { ConsumptionSeries, ReadoutSummary, Resolution } from '../../src/api/dto';
import { createDemoDocument } from '../../src/engine/demo-readout';
import { berlinTime } from '../../src/model/time/berlin';
import { formatDateTime } from '../../renderer/src/format';
import { callEngine } from '../fixtures/engine-api';
import { expect, test } from '../fixtures/test';
import type { Page } from '@playwright/test';

const de = (value: number, digits: number) =>
  new Intl.NumberFormat('de-DE', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);

/** The consumption view at one resolution, with its table open. */
async function openConsumption(page: Page, tab: Resolution): Promise<void> {
  await page.getByTestId('nav-consumption').click();
  await page.getByTestId(`consumption-${tab}`).click();
  await expect(page.getByTestId(`consumption-${tab}`)).toHaveAttribute('aria-pressed', 'true');
  const details = page.locator('details.series-table');
  if ((await details.getAttribute('open')) === null) await page.getByText('Werte als Tabelle').click();
}

async function tableRows(page: Page): Promise<{ start: string; import: string; export: string }[]> {
  const rows = page.getByTestId('consumption-table').locator('tbody tr');
  return rows.evaluateAll((elements) =>
    elements.map((row) => ({
      start: row.getAttribute('data-start') ?? '',
      import: row.querySelector('[data-column="import"]')?.textContent?.trim() ?? '',
      export: row.querySelector('[data-column="export"]')?.textContent?.trim() ?? '',
    })),
  );
}

let demoDocument: ReturnType<typeof createDemoDocument> | undefined;

/** Register value (Wh) at an instant, read from the generated demo document itself. */
function demoRegisterWh(obis: string, at: number): number {
  demoDocument ??= createDemoDocument();
  const meterReading = demoDocument.usagePoints[0]!.meterReadings.find((m) => m.readingType.obisCode === obis);
  const reading = meterReading?.intervalBlocks.flatMap((b) => b.readings).find((r) => r.targetTime === at);
  if (!reading) throw new Error(`demo has no ${obis} reading at ${new Date(at).toISOString()}`);
  return reading.value;
}

test.describe('demo dashboard numbers', () => {
  let summary: ReadoutSummary;
  const series = new Map<Resolution, ConsumptionSeries>();

  test.beforeAll(async ({ web }) => {
    summary = await callEngine(web, 'openDemo');
    for (const resolution of ['day', 'week', 'month', 'year'] as const) {
      series.set(resolution, await callEngine(web, 'getSeries', { readoutId: summary.readoutId, resolution }));
    }
  });

  test('shows gateway, usage point, period and the totals of the engine', async ({ page, web }) => {
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('gateway-id')).toHaveText(summary.gatewayId);
    await expect(page.getByTestId('usage-point')).toHaveText(summary.usagePointId);
    await expect(page.getByTestId('period')).toHaveText('01.01.2025, 00:00 bis 01.01.2026, 00:00');
    const day = series.get('day')!;
    await expect(page.getByTestId('total-import').getByTestId('value')).toHaveText(de(day.totals.import!, 1));
    await expect(page.getByTestId('total-export').getByTestId('value')).toHaveText(de(day.totals.export!, 1));
    // German number format with thousands separator, e.g. "2.361,9".
    await expect(page.getByTestId('total-import').getByTestId('value')).toHaveText(/^\d{1,3}(\.\d{3})*,\d$/);
    // The totals name the two register readings they come from and the coverage of the window.
    await expect(page.getByTestId('totals-from-to')).toHaveText(
      `Aus den Zählerständen vom ${formatDateTime(day.totals.from!, 'de-DE')} bis ${formatDateTime(day.totals.to!, 'de-DE')}`,
    );
    await expect(page.getByTestId('totals-coverage')).toHaveText(`Abdeckung ${de(day.totals.coverage! * 100, 1)} %`);
  });

  test('the day table lists every day of the engine and sums to the totals', async ({ page, web }) => {
    const day = series.get('day')!;
    expect(day.points).toHaveLength(365);
    const sumImport = day.points.reduce((sum, p) => sum + (p.import ?? 0), 0);
    const sumExport = day.points.reduce((sum, p) => sum + (p.export ?? 0), 0);
    expect(sumImport).toBeCloseTo(day.totals.import!, 3);
    expect(sumExport).toBeCloseTo(day.totals.export!, 3);

    await page.goto(web.launchUrl);
    await openConsumption(page, 'day');
    const rows = await tableRows(page);
    expect(rows).toEqual(
      day.points.map((p) => ({
        start: p.start,
        import: p.import === null ? '—' : de(p.import, 3),
        export: p.export === null ? '—' : de(p.export, 3),
      })),
    );
    // The sum row is the register difference over the window (equal here: the demo has no gaps).
    const sum = page.getByTestId('consumption-table-sum');
    await expect(sum.locator('[data-column="import"]')).toHaveText(de(sumImport, 3));
    await expect(sum.locator('[data-column="export"]')).toHaveText(de(sumExport, 3));
  });

  test('one day cross-checked against the raw demo registers (the 23-hour DST day)', async ({ page, web }) => {
    const start = berlinTime(2025, 3, 30);
    const end = berlinTime(2025, 3, 31);
    expect(end - start).toBe(23 * 3600_000);
    const importKwh = (demoRegisterWh('0100010800ff', end) - demoRegisterWh('0100010800ff', start)) / 1000;
    const exportKwh = (demoRegisterWh('0100020800ff', end) - demoRegisterWh('0100020800ff', start)) / 1000;
    expect(importKwh).toBeGreaterThan(0);

    await page.goto(web.launchUrl);
    const yearImport =
      (demoRegisterWh('0100010800ff', berlinTime(2026, 1, 1)) - demoRegisterWh('0100010800ff', berlinTime(2025, 1, 1))) / 1000;
    await expect(page.getByTestId('total-import').getByTestId('value')).toHaveText(de(yearImport, 1));
    await openConsumption(page, 'day');
    const row = page.locator('tr[data-start="2025-03-30T00:00:00+01:00"]');
    await expect(row.locator('th')).toHaveText('So., 30.03.2025');
    await expect(row.locator('[data-column="import"]')).toHaveText(de(importKwh, 3));
    await expect(row.locator('[data-column="export"]')).toHaveText(de(exportKwh, 3));
  });

  for (const [resolution, count, firstLabel] of [
    ['week', 53, 'KW 1 2025'],
    ['month', 12, 'Januar 2025'],
    ['year', 1, '2025'],
  ] as const) {
    test(`the resolution switch shows the ${resolution} values`, async ({ page, web }) => {
      const expected = series.get(resolution)!;
      expect(expected.points).toHaveLength(count);
      await page.goto(web.launchUrl);
      await expect(page.getByTestId('total-import')).toBeVisible();
      await openConsumption(page, resolution);
      await expect(page.getByTestId('consumption-table').locator('tbody tr')).toHaveCount(expected.points.length);
      await expect(page.getByTestId('consumption-table').locator('tbody tr th').first()).toHaveText(firstLabel);
      // The sum row is that of the whole window, whatever the resolution.
      await expect(page.getByTestId('consumption-table-sum').locator('[data-column="import"]')).toHaveText(de(series.get('day')!.totals.import!, 3));
      const incomplete = expected.points.filter((p) => p.import === null || p.export === null).length;
      if (incomplete > 0) await expect(page.getByTestId('consumption-incomplete')).toContainText(`${incomplete} ${incomplete === 1 ? 'Zeitraum' : 'Zeiträume'} unvollständig`);
      else await expect(page.getByTestId('consumption-incomplete')).toHaveCount(0);
      const rows = await tableRows(page);
      expect(rows.map((r) => [r.import, r.export])).toEqual(
        expected.points.map((p) => [p.import === null ? '—' : de(p.import, 3), p.export === null ? '—' : de(p.export, 3)]),
      );
      // Each complete period holds exactly the energy of its days; periods reaching beyond the data
      // (the ISO weeks around New Year) are shown as missing, never estimated.
      const days = series.get('day')!.points;
      for (const [index, point] of expected.points.entries()) {
        const next = expected.points[index + 1]?.start;
        const inPeriod = days.filter((d) => Date.parse(d.start) >= Date.parse(point.start) && (!next || Date.parse(d.start) < Date.parse(next)));
        if (point.import === null) {
          expect(point.incompleteReason).toBeTruthy();
          expect(rows[index]!.import).toBe('—');
          continue;
        }
        const daySum = inPeriod.reduce((sum, d) => sum + (d.import ?? 0), 0);
        expect(point.import).toBeCloseTo(daySum, 3);
      }
    });
  }

  test('quick resolution changes end on the last choice, without errors', async ({ page, web, problems }) => {
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('total-import')).toBeVisible();
    await page.getByTestId('nav-consumption').click();
    for (const resolution of ['week', 'month', 'day', 'year'] as const) await page.getByTestId(`consumption-${resolution}`).click();
    await expect(page.getByTestId('loading')).toHaveCount(0);
    await expect(page.getByTestId('consumption-year')).toHaveAttribute('aria-pressed', 'true');
    await page.getByText('Werte als Tabelle').click();
    const rows = await tableRows(page);
    expect(rows.map((r) => r.start)).toEqual(series.get('year')!.points.map((p) => p.start));
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
  });

  test('the chart is painted in the import and export colours and has a text alternative', async ({ page, web }) => {
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('total-import')).toBeVisible();
    await page.getByTestId('nav-consumption').click();
    await page.getByTestId('consumption-month').click();
    const chart = page.getByTestId('energy-chart');
    await expect(chart).toHaveAttribute('role', 'img');
    await expect(chart).toHaveAttribute('data-kind', 'bar');
    await expect(chart).toHaveAttribute('aria-label', /Balkendiagramm: Bezug und Einspeisung je Monat, 12 Werte/);
    // Count pixels in the two series colours (taken from the page's CSS variables the chart uses).
    const countPixels = () =>
      chart.evaluate((canvas) => {
        const c = canvas as unknown as {
          width: number;
          height: number;
          getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
        };
        const style = (globalThis as unknown as { getComputedStyle(e: unknown): { getPropertyValue(n: string): string } }).getComputedStyle(canvas);
        const rgb = (name: string) => {
          const hex = style.getPropertyValue(name).trim().replace('#', '');
          return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
        };
        const [importRgb, exportRgb] = [rgb('--color-import'), rgb('--color-export')];
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const counts = { import: 0, export: 0 };
        for (let i = 0; i < data.length; i += 4) {
          if (data[i] === importRgb[0] && data[i + 1] === importRgb[1] && data[i + 2] === importRgb[2]) counts.import++;
          if (data[i] === exportRgb[0] && data[i + 1] === exportRgb[1] && data[i + 2] === exportRgb[2]) counts.export++;
        }
        return counts;
      });
    await expect.poll(async () => Math.min(...Object.values(await countPixels()))).toBeGreaterThan(500);
  });

  test('a day chart over the whole year is two lines, not 365 bars', async ({ page, web }) => {
    await page.goto(web.launchUrl);
    await page.getByTestId('nav-consumption').click();
    await page.getByTestId('consumption-day').click();
    const chart = page.getByTestId('energy-chart');
    await expect(chart).toHaveAttribute('data-kind', 'line');
    await expect(chart).toHaveAttribute('aria-label', /Liniendiagramm: Bezug und Einspeisung je Tag, 365 Werte/);
    await page.getByTestId('consumption-week').click();
    await expect(chart).toHaveAttribute('data-kind', 'bar');
  });
});

/**
 * A read-out with two contracts: the contract picker reaches both, and each contract's totals in the
 * consumption view are those the engine computes for it (cross-checked with the raw registers).
 */
import { ptbStatusOf } from '../../src/model/status';
import type { UsagePoint } from '../../src/model/types';
import { callEngine } from '../fixtures/engine-api';
import { twoContracts } from '../fixtures/two-contracts';
import { expect, test } from '../fixtures/test';

const de = (value: number) => new Intl.NumberFormat('de-DE', { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(value);

/** Import register difference (kWh) of a contract straight from its readings. */
function importKwh(usagePoint: UsagePoint): number {
  const list = usagePoint.meterReadings.find((m) => m.readingType.obisCode === '0100010800ff')!;
  const usable = list.intervalBlocks.flatMap((b) => b.readings).filter((r) => (ptbStatusOf(r) ?? 5) < 3);
  return (usable.at(-1)!.value - usable[0]!.value) / 1000;
}

test('two contracts: both reachable through the picker, totals cross-checked with the engine', async ({ page, web }) => {
  const { path, usagePoints } = twoContracts();
  await page.goto(web.launchUrl);
  await expect(page.getByTestId('total-import')).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(path);
  await expect(page.getByTestId('current-source')).toHaveText('Datei');
  const readoutId = await page.getByTestId('readout-select').inputValue();
  await page.getByTestId('nav-consumption').click();
  await page.getByText('Werte als Tabelle').click();
  const picker = page.getByTestId('contract-picker');
  await expect(picker.locator('option')).toHaveCount(2);
  for (const up of [usagePoints[1]!, usagePoints[0]!]) {
    await picker.selectOption(up.usagePointId);
    const report = await callEngine(web, 'getConsumption', { readoutId, usagePointId: up.usagePointId });
    expect(report.totals.import).toBeCloseTo(importKwh(up), 3);
    await expect(page.getByTestId('consumption-table-sum').locator('[data-column="import"]')).toHaveText(de(report.totals.import!));
  }
  // The two contracts' numbers differ (the second was built as 3 × the first + offset).
  expect(importKwh(usagePoints[1]!)).toBeCloseTo(3 * importKwh(usagePoints[0]!), 3);
});

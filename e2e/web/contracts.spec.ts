/**
 * A read-out with two contracts: the contract picker reaches both, and each contract's totals in the
 * consumption view are those the engine computes for it (cross-checked with the raw registers).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAr2418Bytes } from '../../src/formats/ar2418/writer';
import { ptbStatusOf } from '../../src/model/status';
import type { UsagePoint } from '../../src/model/types';
import { generateSampleDocument } from '../../src/simulator/sample/sample-document';
import { callEngine } from '../fixtures/engine-api';
import { expect, test } from '../fixtures/test';

const de = (value: number) => new Intl.NumberFormat('de-DE', { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(value);

function twoContracts(): { path: string; usagePoints: UsagePoint[] } {
  const document = generateSampleDocument({ months: 1 });
  const second = structuredClone(document.usagePoints[0]!);
  second.usagePointId = 'DE0009876543210000000000000000001';
  second.tariffName = 'TAF-7-heatpump';
  for (const m of second.meterReadings) {
    m.meterId = '1TRU0099999999';
    m.meterReadingId = `${m.readingType.obisCode}.1TRU0099999999`;
    m.readingType.qualifiedLogicalName = `${m.readingType.obisCode}.1TRU0099999999.sm`;
    for (const b of m.intervalBlocks) for (const r of b.readings) r.value = r.value * 3 + 11;
  }
  document.usagePoints.push(second);
  const path = join(mkdtempSync(join(tmpdir(), 'trudi-e2e-')), 'two-contracts.xml');
  writeFileSync(path, writeAr2418Bytes(document));
  return { path, usagePoints: document.usagePoints };
}

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

/**
 * The gateway's own registers (display function) next to the recomputed ones in the bill check, with every
 * number checked against the engine's own answers (getGatewayRegisters, checkBill).
 *
 * TRuDI's golden device files carry only original value lists, so the tests complete them with the
 * registers a gateway keeps (e2e/fixtures/gateway-registers.ts). TAF-1 (Test1Month): the unchanged file is
 * recomputed and the section says the read-out has no registers of the gateway; the completed file is
 * refused by TRuDI (TAF1_NOT_ONLY_OVL: TAF-1 takes original value lists only): the view keeps that verdict,
 * labels its own recomputation from the original value list as not TRuDI-identical and shows the gateway's
 * registers next to it, with the engine's values. TAF-2 (TestSingleDayWithoutGaps): the
 * completed file's registers stand next to the recomputed ones, once agreeing, once contradicting.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import type { GatewayRegistersReport } from '../../src/api/dto';
import { callEngine } from '../fixtures/engine-api';
import { CONFORMANCE_SKIP_REASON, HAS_CONFORMANCE, conformancePath, goldenCase, type GoldenCase } from '../fixtures/conformance';
import { withGatewayRegisters } from '../fixtures/gateway-registers';
import { openFileInApp } from '../fixtures/open-file';
import { expect, test } from '../fixtures/test';
import type { WebMode } from '../fixtures/web-mode';

/** A number as the German UI writes it (`2,98 kWh`). */
async function shownKwh(cell: Locator): Promise<number> {
  const text = (await cell.innerText()).trim();
  const m = /^(-?[\d.]+(?:,\d+)?) kWh$/.exec(text);
  if (!m) throw new Error(`not a kWh value: "${text}"`);
  return Number(m[1]!.replace(/\./g, '').replace(',', '.'));
}

function expected(golden: GoldenCase) {
  if ('error' in golden.expect) throw new Error(`${golden.name} expects an error`);
  return golden.expect;
}

async function openAndCheck(page: Page, web: WebMode, device: string, supplierPath: string): Promise<string> {
  const readoutId = await openFileInApp(page, web.launchUrl, device);
  await page.getByTestId('nav-bill').click();
  await page.getByTestId('bill-file').setInputFiles(supplierPath);
  return readoutId;
}

/** Each row's gateway value equals the engine's readings at the range's ends (or first/last reading). */
async function expectGatewayValues(page: Page, report: GatewayRegistersReport, range?: { begin: string; end: string }): Promise<void> {
  const rows = page.getByTestId('gateway-registers').getByTestId('gateway-register');
  await expect(rows).toHaveCount(report.registers.length);
  for (const list of report.registers) {
    const row = rows.and(page.locator(`[data-obis="${list.obis}"]`));
    const atStart = range ? list.readings.find((r) => Date.parse(r.time) === Date.parse(range.begin))! : list.readings[0]!;
    const atEnd = range ? list.readings.find((r) => Date.parse(r.time) === Date.parse(range.end))! : list.readings.at(-1)!;
    expect(await shownKwh(row.locator('[data-column="gateway"]'))).toBeCloseTo(atEnd.value - atStart.value, 9);
  }
}

test.describe("the gateway's registers in the bill check", () => {
  test.skip(!HAS_CONFORMANCE, CONFORMANCE_SKIP_REASON);

  test("TAF-1 golden case: recomputed without gateway registers; with them TRuDI refuses, and our own labelled view puts them next to the recomputed ones", async ({ page, web, problems }) => {
    const golden = goldenCase('Test1Month');
    const { begin, end, registers } = expected(golden);
    const plainId = await openAndCheck(page, web, conformancePath(golden.device), conformancePath(golden.supplier));
    await expect(page.getByTestId('bill-report')).toBeVisible();
    await expect(page.getByTestId('bill-register')).toHaveCount(registers.length);
    await expect(page.getByTestId('bill-not-trudi-identical')).toHaveCount(0);
    await expect(page.getByTestId('gateway-registers-none')).toContainText('keine Register des Gateways');
    await expect(page.getByTestId('gateway-current-none')).toContainText('Datei');

    const stage = registers.find((r) => r.tariffNumber === 1)!;
    const device = await withGatewayRegisters(conformancePath(golden.device), [stage, { obis: '1-0:1.8.0*255', amount: stage.amount }], begin, end);
    await openAndCheck(page, web, device, conformancePath(golden.supplier));
    // The completed file is a read-out of its own (the select moves on to it).
    await expect(page.getByTestId('readout-select')).not.toHaveValue(plainId);
    const readoutId = await page.getByTestId('readout-select').inputValue();
    // TRuDI's verdict is kept (it refuses a TAF-1 read-out with derived lists) and the result is labelled.
    const label = page.getByTestId('bill-not-trudi-identical');
    await expect(label).toContainText('Eigene Ansicht – nicht TRuDI-identisch.');
    await expect(label).toContainText('Für TAF-1 müssen alle Messwertlisten originäre Messwertlisten sein');
    await expect(label).toContainText('TAF1_NOT_ONLY_OVL');
    await expect(page.getByTestId('bill-report')).toBeVisible();
    const check = await callEngine(web, 'checkBill', { readoutId, supplier: { name: 'supplier.xml', contentBase64: readFileSync(conformancePath(golden.supplier)).toString('base64') } });
    expect(check.notTrudiIdentical!.trudiVerdict.code).toBe('TAF1_NOT_ONLY_OVL');
    // Recomputed from the original value list alone: the golden case's amounts.
    for (const r of registers) expect(check.registers.find((x) => x.obis === r.obis)!.amount).toBe(r.amount);
    const [report] = await callEngine(web, 'getGatewayRegisters', { readoutId });
    expect(report!.registers.map((l) => l.obis).sort()).toEqual(['1-0:1.8.0*255', stage.obis]);
    await expectGatewayValues(page, report!, check);
    const rows = page.getByTestId('gateway-register');
    for (const list of report!.registers) {
      const row = rows.and(page.locator(`[data-obis="${list.obis}"]`));
      const recomputed = [...check.registers, ...check.totals].find((r) => r.obis === list.obis)!;
      expect(await shownKwh(row.locator('[data-column="recomputed"]'))).toBeCloseTo(recomputed.amount * 10 ** (recomputed.scaler - 3), 9);
      await expect(row).not.toHaveClass(/row-error/);
    }
    await expect(page.getByTestId('gateway-register-findings')).toContainText('Zu 2 Zeitpunkten ergeben die Tarifstufen zusammen genau das Summenregister.');
    await page.getByTestId('lang-en').click();
    await expect(label).toContainText("Own view – not TRuDI-identical. Own view, not TRuDI-identical: TRuDI refuses this check.");
    await expect(label).toContainText("TRuDI's result: For TAF-1 every value list must be an original value list");
    expect(problems.consoleErrors).toEqual([]);
  });

  for (const variant of ['agreeing', 'contradicting'] as const) {
    test(`TAF-2 golden case: ${variant} gateway registers next to the recomputed ones, with the engine's values`, async ({ page, web, problems }) => {
      const golden = goldenCase('TestSingleDayWithoutGaps');
      const { begin, end, registers } = expected(golden);
      const total = registers.filter((r) => r.obis.startsWith('1-0:1.8.')).reduce((n, r) => n + r.amount, 0);
      // Contradicting: the first stage 10 raw units short of the total (a gateway that lost an amount).
      const built = [...registers.map((r, i) => ({ obis: r.obis, amount: variant === 'contradicting' && i === 0 ? r.amount - 10 : r.amount })), { obis: '1-0:1.8.0*255', amount: total }];
      const readoutId = await openAndCheck(page, web, await withGatewayRegisters(conformancePath(golden.device), built, begin, end), conformancePath(golden.supplier));
      await expect(page.getByTestId('bill-report')).toBeVisible();

      const [report] = await callEngine(web, 'getGatewayRegisters', { readoutId });
      const check = await callEngine(web, 'checkBill', { readoutId, supplier: { name: 'supplier.xml', contentBase64: readFileSync(conformancePath(golden.supplier)).toString('base64') } });
      for (const r of registers) expect(check.registers.find((x) => x.obis === r.obis)!.amount).toBe(r.amount);
      await expectGatewayValues(page, report!, check);

      const rows = page.getByTestId('gateway-register');
      for (const list of report!.registers) {
        const row = rows.and(page.locator(`[data-obis="${list.obis}"]`));
        const recomputed = [...check.registers, ...check.totals].find((r) => r.obis === list.obis)!;
        const kwh = recomputed.amount * 10 ** (recomputed.scaler - 3);
        expect(await shownKwh(row.locator('[data-column="recomputed"]'))).toBeCloseTo(kwh, 9);
        const gateway = await shownKwh(row.locator('[data-column="gateway"]'));
        if (Math.abs(gateway - kwh) < 1e-9) await expect(row).not.toHaveClass(/row-error/);
        else await expect(row).toHaveClass(/row-error/);
      }
      await expect(rows.first()).toHaveClass(variant === 'agreeing' ? /^(?!.*row-error)/ : /row-error/);

      // The checks as findings in plain words: at the start every register is 0; at the end the stages fall short.
      const findings = page.getByTestId('gateway-register-findings');
      expect(report!.checks.filter((c) => c.kind === 'sumOfStages')).toHaveLength(2);
      expect(report!.disagreements).toBe(variant === 'agreeing' ? 0 : 1);
      if (variant === 'agreeing') {
        await expect(findings).toContainText('Zu 2 Zeitpunkten ergeben die Tarifstufen zusammen genau das Summenregister.');
      } else {
        await expect(findings).toContainText('Zu 1 Zeitpunkt ergeben die Tarifstufen zusammen genau das Summenregister.');
        await expect(findings).toContainText(`das Summenregister 1-0:1.8.0*255 zeigt aber`);
        await expect(findings).toContainText('0,001 kWh Unterschied');
      }
      await expect(page.getByTestId('gateway-current-none')).toContainText('Datei');

      await page.getByTestId('lang-en').click();
      await expect(page.getByTestId('gateway-registers').getByRole('heading', { level: 2 })).toHaveText("The gateway's registers (display function)");
      await expect(findings).toContainText(variant === 'agreeing' ? 'At 2 times the tariff stages add up exactly' : 'a difference of 0.001 kWh');
      expect(problems.consoleErrors).toEqual([]);
    });
  }
});

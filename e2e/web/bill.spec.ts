/**
 * Bill check with a golden case of ../shared/conformance: the device file and the supplier's tariff file
 * of the same case are opened through the UI, and the recomputed registers must equal cases.json. The
 * printed report is checked in print media and as a PDF.
 */
import { existsSync, readFileSync } from 'node:fs';
import { callEngine } from '../fixtures/engine-api';
import { seriousAxeFindings } from '../fixtures/everyone';
import { CONFORMANCE_SKIP_REASON, HAS_CONFORMANCE, conformancePath, goldenCase } from '../fixtures/conformance';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/test';
import { HAS_POPPLER, PdfFile, POPPLER_SKIP_REASON } from '../../src/report/testing/poppler';

/** Opens the golden case's device file in the app. */
async function openDevice(page: Page, launchUrl: string, device: string): Promise<void> {
  await page.goto(launchUrl);
  await expect(page.getByTestId('total-import')).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(conformancePath(device));
  await expect(page.getByTestId('current-source')).toHaveText('Datei');
}

/** Opens the case's device file and checks the bill with its supplier file. */
async function openBillCheck(page: Page, launchUrl: string, golden: { device: string; supplier: string }): Promise<void> {
  await openDevice(page, launchUrl, golden.device);
  await page.getByTestId('nav-bill').click();
  await page.getByTestId('bill-file').setInputFiles(conformancePath(golden.supplier));
  await expect(page.getByTestId('bill-report')).toBeVisible();
}

/** A case with a gap at a tariff switch: the error register is non-zero. */
const CASE_NAME = 'TestSingleDayWithGapOnTariffChange';

test.describe('bill check', () => {
  test.skip(!HAS_CONFORMANCE, CONFORMANCE_SKIP_REASON);

  test('recomputes the registers of a golden case, highlights the error register and prints a clean report', async ({ page, web, problems }) => {
    const golden = goldenCase(CASE_NAME);
    if ('error' in golden.expect) throw new Error(`${CASE_NAME} expects an error`);
    const expected = golden.expect;

    await openDevice(page, web.launchUrl, golden.device);

    await page.getByTestId('nav-bill').click();
    await page.getByTestId('bill-file').setInputFiles(conformancePath(golden.supplier));
    const report = page.getByTestId('bill-report');
    await expect(report).toBeVisible();

    const rows = page.getByTestId('bill-register');
    await expect(rows).toHaveCount(expected.registers.length);
    for (const register of expected.registers) {
      const row = rows.and(page.locator(`[data-obis="${register.obis}"]`));
      await expect(row.locator('[data-column="raw"]')).toHaveText(String(register.amount));
      if (register.tariffNumber === 63) {
        expect(register.amount).not.toBe(0);
        await expect(row).toHaveClass(/row-error/);
      }
    }
    await expect(page.getByTestId('bill-error-register-note')).toBeVisible();
    const total = expected.registers.filter((r) => r.obis.startsWith('1-0:1.8.')).reduce((sum, r) => sum + r.amount, 0);
    await expect(page.getByTestId('bill-total').first()).toContainText(String(total));

    // Checksums of the supplier file (64 hex SHA3-256, 40 hex RIPEMD-160, 72 hex Keccak-288).
    await expect(page.getByTestId('checksum-sha3')).toHaveText(/^[0-9A-F]{64}$/i);
    await expect(page.getByTestId('checksum-ripemd')).toHaveText(/^[0-9A-F]{40}$/i);
    await expect(page.getByTestId('checksum-keccak')).toHaveText(/^[0-9A-F]{72}$/i);
    // Per-day measuring ranges expand.
    await page.getByTestId('bill-day').first().locator('summary').click();
    await expect(page.getByTestId('bill-day').first().locator('tbody tr')).not.toHaveCount(0);
    await page.screenshot({ path: 'test-results/views/bill-result.png', fullPage: true });

    // Print: no app chrome, the report title appears.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.app-header')).toBeHidden();
    await expect(page.getByTestId('bill-print')).toBeHidden();
    await expect(page.getByRole('heading', { name: 'Prüfbericht Rechnungsprüfung' })).toBeVisible();
    // Every measuring range is printed (the collapsible per-day list is screen only).
    const readoutId = await page.getByTestId('readout-select').inputValue();
    const supplier = { name: 'supplier.xml', contentBase64: readFileSync(conformancePath(golden.supplier)).toString('base64') };
    const check = await callEngine(web, 'checkBill', { readoutId, supplier });
    const rangeCount = check.days.reduce((n, day) => n + day.ranges.length, 0);
    await expect(page.getByTestId('bill-print-ranges').locator('tbody tr')).toHaveCount(rangeCount);
    await expect(page.getByTestId('bill-day').first()).toBeHidden();
    await page.screenshot({ path: 'test-results/views/bill-print.png', fullPage: true });
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true, path: 'test-results/views/bill-report.pdf' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    await page.emulateMedia({ media: 'screen' });

    expect(problems.consoleErrors).toEqual([]);
    expect(await problems.cspViolations()).toEqual([]);
  });

  test('consistency findings are listed in the UI language; the registers match the golden case', async ({ page, web }) => {
    const golden = goldenCase('Test3DayData2DayTariffFile18Hours');
    if ('error' in golden.expect) throw new Error('the case expects an error');
    await openDevice(page, web.launchUrl, golden.device);
    const readoutId = await page.getByTestId('readout-select').inputValue();
    const check = await callEngine(web, 'checkBill', {
      readoutId,
      supplier: { name: 'supplier.xml', contentBase64: readFileSync(conformancePath(golden.supplier)).toString('base64') },
    });
    expect(check.checks.length).toBeGreaterThan(0);

    await page.getByTestId('nav-bill').click();
    await page.getByTestId('bill-file').setInputFiles(conformancePath(golden.supplier));
    for (const register of golden.expect.registers) {
      await expect(page.locator(`[data-testid="bill-register"][data-obis="${register.obis}"] [data-column="raw"]`)).toHaveText(String(register.amount));
    }
    const findings = page.getByTestId('bill-findings').locator('li');
    await expect(findings).toHaveCount(check.checks.length);
    await expect(findings.first()).toContainText(check.checks[0]!.de);
    await expect(findings.first()).toContainText(check.checks[0]!.code);
    await page.getByTestId('lang-en').click();
    await expect(findings.first()).toContainText(check.checks[0]!.en);
  });

  test('saves the PDF/A report with a billed value, the original files attached byte for byte', async ({ page, web }) => {
    test.skip(!HAS_POPPLER, POPPLER_SKIP_REASON);
    const golden = goldenCase(CASE_NAME);
    await openBillCheck(page, web.launchUrl, golden);
    await page.getByTestId('bill-billed-1-0:1.8.1*255').fill('0,05');

    const download = page.waitForEvent('download');
    await page.getByTestId('bill-save-report').click();
    const saved = await (await download).path();
    await expect(page.getByTestId('bill-report-saved')).toContainText('PDF/A-3');
    const pdf = new PdfFile(readFileSync(saved));
    try {
      expect(pdf.info()).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
      const text = pdf.text().replace(/\s+/g, ' ');
      expect(text).toContain('Prüfbericht zur Abrechnung');
      expect(text).toContain('Die Rechnung nennt 0,05 kWh, nachgerechnet sind 0,0310 kWh');
      const attachments = pdf.attachments();
      const deviceName = golden.device.split('/').pop()!;
      const supplierName = golden.supplier.split('/').pop()!;
      expect(Buffer.from(attachments.get(deviceName)!).equals(readFileSync(conformancePath(golden.device)))).toBe(true);
      expect(Buffer.from(attachments.get(supplierName)!).equals(readFileSync(conformancePath(golden.supplier)))).toBe(true);
    } finally {
      pdf.dispose();
    }
  });

  test('prices per stage and a base price give the cost the engine computes; a stage without a price leaves the total incomplete', async ({ page, web, problems }) => {
    const golden = goldenCase(CASE_NAME);
    await openBillCheck(page, web.launchUrl, golden);

    // German decimal commas, as a user types them; the error register stays unpriced first.
    await page.getByTestId('bill-price-1-0:1.8.1*255').fill('12,3456');
    await page.getByTestId('bill-price-1-0:1.8.2*255').fill('9,87');
    await page.getByTestId('bill-base-price-input').fill('119,88');
    await page.getByTestId('bill-compute-cost').click();

    const readoutId = await page.getByTestId('readout-select').inputValue();
    const supplier = { name: 'supplier.xml', contentBase64: readFileSync(conformancePath(golden.supplier)).toString('base64') };
    const prices = { currency: 'EUR', energyPerKwh: { '1-0:1.8.1*255': '12,3456', '1-0:1.8.2*255': '9,87' }, basePricePerYear: '119,88' };
    const engine = (await callEngine(web, 'checkBill', { readoutId, supplier, prices })).cost!;
    const euro = (amount: string) => new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(Number(amount));
    // 0.031 kWh × 12.3456 = 0.38; 0.056 kWh × 9.87 = 0.55; base 119.88 × 1/365 = 0.33 (4 Nov 2017)
    expect(engine.lines.map((l) => l.cost)).toEqual(['0.38', '0.55', null]);
    expect(engine.base).toMatchObject({ days: 1, share: '0.33' });
    expect(engine).toMatchObject({ total: '1.26', complete: false, missing: [{ obis: '1-0:1.8.63*255', reason: 'not-priced' }] });

    const cell = (obis: string) => page.locator(`[data-testid="bill-register"][data-obis="${obis}"] [data-column="cost"]`);
    for (const line of engine.lines) {
      if (line.cost !== null) await expect(cell(line.obis)).toHaveText(euro(line.cost));
    }
    await expect(cell('1-0:1.8.63*255')).toContainText('ohne Preis');
    await expect(cell('1-0:1.8.63*255')).toContainText('Fehlerregister');
    await expect(page.getByTestId('bill-base-price').locator('[data-column="cost"]')).toHaveText(euro(engine.base!.share));
    await expect(page.getByTestId('bill-base-price')).toContainText('2017: 1/365 Tage');
    const total = page.getByTestId('bill-cost-total');
    await expect(total).toHaveAttribute('data-complete', 'false');
    await expect(total.locator('[data-column="cost"]')).toHaveText(euro(engine.total));
    await expect(page.getByTestId('bill-cost-incomplete')).toHaveText('unvollständig: ohne 1-0:1.8.63*255 (ohne Preis)');
    await expect(page.getByTestId('bill-cost-rules')).toContainText('Keine Umsatzsteuer');

    // Pricing the error register too completes the total.
    await page.getByTestId('bill-price-1-0:1.8.63*255').fill('10');
    // Until it is computed again, the total of the old prices is withheld.
    await expect(page.getByTestId('bill-cost-stale')).toBeVisible();
    await expect(total.locator('[data-column="cost"]')).toHaveText('—');
    await page.getByTestId('bill-compute-cost').click();
    await expect(total).toHaveAttribute('data-complete', 'true');
    const complete = (await callEngine(web, 'checkBill', { readoutId, supplier, prices: { ...prices, energyPerKwh: { ...prices.energyPerKwh, '1-0:1.8.63*255': '10' } } })).cost!;
    expect(complete).toMatchObject({ total: '1.35', complete: true }); // + 0.009 kWh × 10 = 0.09
    await expect(total.locator('[data-column="cost"]')).toHaveText(euro(complete.total));
    await expect(page.getByTestId('bill-cost-incomplete')).toHaveCount(0);
    await page.getByTestId('lang-en').click();
    await expect(total).toContainText('Total cost');
    await page.screenshot({ path: 'test-results/views/bill-cost.png', fullPage: true });
    expect(problems.consoleErrors).toEqual([]);

    // A price that is no number: the engine's error names the field (the 400 answer is expected here).
    await page.getByTestId('bill-price-1-0:1.8.1*255').fill('12,3x');
    await page.getByTestId('bill-compute-cost').click();
    await expect(page.getByTestId('error-code')).toHaveText('BAD_PRICES');
    await expect(page.getByText('energyPerKwh["1-0:1.8.1*255"]')).toBeVisible();
    await expect(page.getByTestId('bill-cost-stale')).toBeVisible();
    await expect(total.locator('[data-column="cost"]')).toHaveText('—');
  });

  test('a VAT rate makes the prices net: the net total, the VAT line and the gross total are the engine\'s; a changed rate withholds them until recomputed', async ({ page, web, problems }) => {
    const golden = goldenCase(CASE_NAME);
    await openBillCheck(page, web.launchUrl, golden);
    await page.getByTestId('bill-price-1-0:1.8.1*255').fill('12,3456');
    await page.getByTestId('bill-price-1-0:1.8.2*255').fill('9,87');
    await page.getByTestId('bill-price-1-0:1.8.63*255').fill('10');
    await page.getByTestId('bill-base-price-input').fill('119,88');
    await page.getByTestId('bill-vat-input').fill('19');
    await page.getByTestId('bill-compute-cost').click();

    const readoutId = await page.getByTestId('readout-select').inputValue();
    const supplier = { name: 'supplier.xml', contentBase64: readFileSync(conformancePath(golden.supplier)).toString('base64') };
    const energyPerKwh = { '1-0:1.8.1*255': '12,3456', '1-0:1.8.2*255': '9,87', '1-0:1.8.63*255': '10' };
    const prices = { currency: 'EUR', energyPerKwh, basePricePerYear: '119,88', vatPercent: '19' };
    const engine = (await callEngine(web, 'checkBill', { readoutId, supplier, prices })).cost!;
    // net 0.38 + 0.55 + 0.09 + 0.33 = 1.35; 19 % of it = 0.2565 → 0.26; gross 1.61
    expect(engine.vat).toEqual({ percent: '19', net: '1.35', amount: '0.26', gross: '1.61' });
    expect(engine.total).toBe('1.61');
    const euro = (amount: string) => new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(Number(amount));
    const shown = (testId: string) => page.getByTestId(testId).locator('[data-column="cost"]');
    await expect(page.getByTestId('bill-cost-net')).toContainText('Summe netto');
    await expect(shown('bill-cost-net')).toHaveText(euro('1.35'));
    await expect(page.getByTestId('bill-cost-vat').locator('th')).toHaveText('Umsatzsteuer 19 %');
    await expect(shown('bill-cost-vat')).toHaveText(euro('0.26'));
    await expect(page.getByTestId('bill-cost-total')).toContainText('Gesamtkosten brutto');
    await expect(shown('bill-cost-total')).toHaveText(euro(engine.total));
    await expect(page.getByTestId('bill-cost-rules')).toContainText('Die Preise sind netto: 19 % Umsatzsteuer');
    await page.getByTestId('bill-registers').screenshot({ path: 'test-results/views/bill-cost-vat.png' });
    // everyone.spec sees the bill view without a checked file; the table with its VAT rows is checked here.
    expect(await seriousAxeFindings(page)).toEqual([]);

    // Another rate: every total of the old rate is withheld until the cost is computed again.
    await page.getByTestId('bill-vat-input').fill('7');
    await expect(page.getByTestId('bill-cost-stale')).toBeVisible();
    for (const testId of ['bill-cost-net', 'bill-cost-vat', 'bill-cost-total']) await expect(shown(testId)).toHaveText('—');
    await page.getByTestId('bill-compute-cost').click();
    await expect(page.getByTestId('bill-cost-stale')).toHaveCount(0);
    const seven = (await callEngine(web, 'checkBill', { readoutId, supplier, prices: { ...prices, vatPercent: '7' } })).cost!;
    expect(seven.vat).toEqual({ percent: '7', net: '1.35', amount: '0.09', gross: '1.44' }); // 0.0945 → 0.09
    await expect(page.getByTestId('bill-cost-vat').locator('th')).toHaveText('Umsatzsteuer 7 %');
    await expect(shown('bill-cost-vat')).toHaveText(euro('0.09'));
    await expect(shown('bill-cost-total')).toHaveText(euro('1.44'));
    await page.getByTestId('lang-en').click();
    await expect(page.getByTestId('bill-cost-vat').locator('th')).toHaveText('VAT 7 %');
    await expect(page.getByTestId('bill-cost-total')).toContainText('Total cost, gross');
    expect(problems.consoleErrors).toEqual([]);

    // Without a rate: no VAT rows, the plain total of the same prices (net or gross as entered).
    await page.getByTestId('bill-vat-input').fill('');
    await page.getByTestId('bill-compute-cost').click();
    await expect(page.getByTestId('bill-cost-vat')).toHaveCount(0);
    await expect(page.getByTestId('bill-cost-net')).toHaveCount(0);
    await expect(shown('bill-cost-total')).toHaveText(new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(1.35));
    await expect(page.getByTestId('bill-cost-rules')).toContainText('No VAT added');

    // A rate above 100 %: the engine's error names the field (the 400 answer is expected here).
    await page.getByTestId('bill-vat-input').fill('190');
    await page.getByTestId('bill-compute-cost').click();
    await expect(page.getByTestId('error-code')).toHaveText('BAD_PRICES');
    await expect(page.getByText('vatPercent: 190 % is not a VAT rate')).toBeVisible();
  });

  test('the saved PDF report carries the cost of the prices entered', async ({ page, web }) => {
    test.skip(!HAS_POPPLER, POPPLER_SKIP_REASON);
    const golden = goldenCase(CASE_NAME);
    await openBillCheck(page, web.launchUrl, golden);
    await page.getByTestId('bill-price-1-0:1.8.1*255').fill('12,3456');
    await page.getByTestId('bill-base-price-input').fill('119,88');
    await page.getByTestId('bill-compute-cost').click();
    await expect(page.getByTestId('bill-cost-total')).toBeVisible();
    const shown = await page.getByTestId('bill-cost-total').locator('[data-column="cost"]').innerText();

    const download = page.waitForEvent('download');
    await page.getByTestId('bill-save-report').click();
    const pdf = new PdfFile(readFileSync(await (await download).path()));
    try {
      const text = pdf.text().replace(/\s+/g, ' ');
      const lines = pdf.layoutLines();
      expect(lines).toContain('Bezug, Tarif 1 („NT“) 1-0:1.8.1*255 0,0310 kWh 12,3456 € 0,38 €');
      expect(lines).toContain('Bezug, Tarif 2 („HT“) 1-0:1.8.2*255 0,0560 kWh — ohne Preis');
      expect(lines).toContain('Grundpreis anteilig 119,88 € je Jahr 2017: 1/365 Tage 0,33 €');
      // 0.38 + 0.33 without the unpriced stage 2 and error register: the same total as the view shows.
      expect(shown.replace(/\s/g, ' ')).toBe('0,71 €');
      expect(lines).toContain('Summe (unvollständig) 0,71 €');
      expect(text).toContain('Es fehlen 1-0:1.8.2*255 (kein Preis), 1-0:1.8.63*255 (kein Preis)');
    } finally {
      pdf.dispose();
    }
  });

  test('the saved PDF report carries the VAT rate entered: net total, VAT and gross as the view shows them', async ({ page, web }) => {
    test.skip(!HAS_POPPLER, POPPLER_SKIP_REASON);
    const golden = goldenCase(CASE_NAME);
    await openBillCheck(page, web.launchUrl, golden);
    await page.getByTestId('bill-price-1-0:1.8.1*255').fill('12,3456');
    await page.getByTestId('bill-base-price-input').fill('119,88');
    await page.getByTestId('bill-vat-input').fill('19');
    await page.getByTestId('bill-compute-cost').click();
    const shown = (testId: string) => page.getByTestId(testId).locator('[data-column="cost"]');
    // net 0.38 + 0.33 = 0.71 (stage 2 and the error register unpriced); 19 % = 0.1349 → 0.13; gross 0.84
    await expect(shown('bill-cost-net')).toHaveText(/^0,71\s€$/);
    await expect(shown('bill-cost-vat')).toHaveText(/^0,13\s€$/);
    await expect(shown('bill-cost-total')).toHaveText(/^0,84\s€$/);

    const download = page.waitForEvent('download');
    await page.getByTestId('bill-save-report').click();
    const pdf = new PdfFile(readFileSync(await (await download).path()));
    try {
      const lines = pdf.layoutLines();
      expect(lines).toContain('Summe netto 0,71 €');
      expect(lines).toContain('Umsatzsteuer 19 % 0,13 €');
      expect(lines).toContain('Summe (unvollständig) 0,84 €');
    } finally {
      pdf.dispose();
    }
  });

  test('a device file given as the tariff file is refused with a clear error', async ({ page, web }) => {
    const golden = goldenCase(CASE_NAME);
    await openDevice(page, web.launchUrl, golden.device);
    await page.getByTestId('nav-bill').click();
    await page.getByTestId('bill-file').setInputFiles(conformancePath(golden.device));
    await expect(page.getByTestId('error-code')).toHaveText('NOT_A_SUPPLIER_FILE');
    await expect(page.getByTestId('bill-report')).toHaveCount(0);
  });
});

/** The real TAF-7 read-out of January 2018 and its supplier file, which numbers its error register 3. */
const JAN_2018 = { device: 'trudi/samples/TAF-7-Ablesung_Jan_2018.xml', supplier: 'trudi/samples/Lieferanten-XML_Jan_2018.xml' };
const HAS_JAN_2018 = HAS_CONFORMANCE && existsSync(conformancePath(JAN_2018.device)) && existsSync(conformancePath(JAN_2018.supplier));
const JAN_2018_SKIP_REASON = HAS_CONFORMANCE
  ? `skipped: ${conformancePath(JAN_2018.device)} or its supplier file is absent from the conformance folder`
  : CONFORMANCE_SKIP_REASON;
const ERROR_OBIS = '1-0:1.8.63*255';

test.describe('bill check on the real TAF-7 read-out of January 2018', () => {
  test.skip(!HAS_JAN_2018, JAN_2018_SKIP_REASON);

  test('the error register is known by its OBIS code 1-0:1.8.63*255, not by the tariff number 3 the supplier file gives it', async ({ page, web, problems }) => {
    await openBillCheck(page, web.launchUrl, JAN_2018);
    const readoutId = await page.getByTestId('readout-select').inputValue();
    const supplier = { name: 'supplier.xml', contentBase64: readFileSync(conformancePath(JAN_2018.supplier)).toString('base64') };
    const check = await callEngine(web, 'checkBill', { readoutId, supplier });
    // What makes this sample the case: its error register is tariff number 3 and has energy booked.
    const error = check.registers.find((r) => r.obis === ERROR_OBIS);
    expect(error?.tariffNumber).toBe(3);
    expect(error?.amount).not.toBe(0);

    const rows = page.getByTestId('bill-register');
    await expect(rows).toHaveCount(check.registers.length);
    for (const register of check.registers) {
      const row = rows.and(page.locator(`[data-obis="${register.obis}"]`));
      await expect(row.locator('[data-column="raw"]')).toHaveText(String(register.amount));
      if (register.obis === ERROR_OBIS) {
        await expect(row).toHaveClass(/row-error/);
        await expect(row.locator('th')).toHaveText('Fehlerregister');
      } else {
        await expect(row).not.toHaveClass(/row-error/);
        await expect(row.locator('th')).toHaveText(String(register.tariffNumber));
      }
    }
    await expect(page.getByTestId('bill-error-register-note')).toBeVisible();

    // The day with the error register's measuring range: its sum and its range say "Fehlerregister".
    const dayIndex = check.days.findIndex((d) => d.ranges.some((r) => r.obis === ERROR_OBIS));
    expect(dayIndex).toBeGreaterThanOrEqual(0);
    const errorRanges = check.days[dayIndex]!.ranges.filter((r) => r.obis === ERROR_OBIS);
    const day = page.getByTestId('bill-day').nth(dayIndex);
    await expect(day.locator('summary')).toContainText(`${check.days[dayIndex]!.date}:`);
    await expect(day.locator('summary')).toContainText('Fehlerregister');
    await day.locator('summary').click();
    const flagged = day.locator('tbody tr.row-error');
    await expect(flagged).toHaveCount(errorRanges.length);
    await expect(flagged.first().locator('td').nth(2)).toHaveText('Fehlerregister');
    await expect(flagged.first().locator('td').nth(5)).toHaveText(String(errorRanges[0]!.amount));
    await expect(day.locator('tbody tr')).toHaveCount(check.days[dayIndex]!.ranges.length);

    await page.getByTestId('lang-en').click();
    await expect(rows.and(page.locator(`[data-obis="${ERROR_OBIS}"]`)).locator('th')).toHaveText('Error register');
    expect(problems.consoleErrors).toEqual([]);
  });
});

/**
 * A signed sample whose second reading was changed after signing: the check finds exactly that reading
 * invalid, lists it, and the load profile marks it ✗. An opened file is never checked against the TEST
 * roots: its intact neighbours match their signatures, but no installed root establishes the signer, so
 * they get no check mark.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { generateSample } from '../fixtures/sample-file';
import { expect, test } from '../fixtures/test';

test.describe('signature check', () => {
  test('a reading changed after signing is reported invalid, in the list and in the load profile; no check mark without an installed root', async ({ page, web }) => {
    const file = generateSample(1, 'tampered.xml');
    const xml = readFileSync(file, 'utf8');
    let seen = 0;
    let changed: { from: string; to: string } | undefined;
    const tampered = xml.replace(/<espi:value>(\d+)<\/espi:value>/g, (match, digits: string) => {
      if (++seen !== 2) return match;
      changed = { from: digits, to: String(Number(digits) + 1) };
      return `<espi:value>${changed.to}</espi:value>`;
    });
    expect(changed).toBeDefined();
    writeFileSync(file, tampered);

    await page.goto(web.launchUrl);
    await expect(page.getByTestId('total-import')).toBeVisible();
    await page.getByTestId('file-input').setInputFiles(file);
    await expect(page.getByTestId('current-source')).toHaveText('Datei');
    await page.getByTestId('nav-certificates').click();
    await page.getByTestId('verify').click();
    await expect(page.getByTestId('verify-result')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('count-invalid')).toHaveText('1');
    await expect(page.getByTestId('count-valid')).toHaveText('0');
    await expect(page.getByTestId('chain-test')).toHaveCount(0);
    const rows = page.getByTestId('invalid-readings').locator('tbody tr');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(changed!.to);
    await expect(rows.first()).toContainText('Signatur passt nicht zu den signierten Daten');
    await page.screenshot({ path: 'test-results/views/certificates-invalid.png', fullPage: true });

    await page.getByTestId('nav-loadProfile').click();
    const channel = page.getByTestId('profile-channel');
    await channel.selectOption({ index: 0 });
    await page.getByTestId('profile-date').fill('2024-01-01');
    const signatures = page.getByTestId('profile-row').locator('[data-column="signature"]');
    await expect(signatures.nth(1)).toHaveText('✗ ungültig');
    await expect(signatures.nth(0)).toHaveText('Signatur passt, Unterzeichner nicht bestätigt');
    await expect(signatures.nth(2)).toHaveText('Signatur passt, Unterzeichner nicht bestätigt');
    await expect(page.getByTestId('verdict-test')).toHaveCount(0);
  });
});

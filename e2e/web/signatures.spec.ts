/**
 * The verification detail (ReadingVerificationPanel) of a valid TEST reading, an altered one and one under
 * an unknown root, opened from the load profile table and the certificates view.
 *
 * A signed sample whose second reading was changed after signing: the check finds exactly that reading
 * invalid, lists it, and the load profile marks it ✗. An opened file is never checked against the TEST
 * roots: its intact neighbours match their signatures, but no installed root establishes the signer, so
 * they get no check mark.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_TRUST_DIR } from '../../src/crypto/chain/trust-anchors';
import { seriousAxeFindings } from '../fixtures/everyone';
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

  test('one click on a verdict opens its verification detail: altered reading, unknown root, valid under a TEST root (de and en)', async ({ page, freshWeb: web, problems }) => {
    test.setTimeout(180_000);
    const detail = page.getByTestId('reading-detail');
    const file = generateSample(1, 'detail-tampered.xml');
    let seen = 0;
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(/<espi:value>(\d+)<\/espi:value>/g, (match, digits: string) => (++seen === 2 ? `<espi:value>${Number(digits) + 1}</espi:value>` : match)),
    );
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('total-import')).toBeVisible();
    await page.getByTestId('file-input').setInputFiles(file);
    await expect(page.getByTestId('current-source')).toHaveText('Datei');

    // The value raised after signing: invalid with its reason, opened from the certificates view.
    await page.getByTestId('nav-certificates').click();
    await page.getByTestId('verify').click();
    await expect(page.getByTestId('count-invalid')).toHaveText('1', { timeout: 60_000 });
    await page.getByTestId('invalid-reading-detail').click();
    await expect(detail).toBeVisible();
    await expect(page.getByTestId('reading-detail-verdict')).toContainText('✗ ungültig');
    await expect(page.getByTestId('reading-detail-reason')).toContainText('nach dem Signieren verändert');
    await expect(page.getByTestId('reading-detail-test')).toHaveCount(0);
    await expect(page.getByTestId('reading-detail-close')).toBeFocused();
    await page.getByTestId('reading-detail-close').click();
    await expect(detail).toBeHidden();
    await expect(page.getByTestId('invalid-reading-detail')).toBeFocused();

    // Its intact neighbour: the signature matches, but no installed root: the panel says what to install.
    await page.getByTestId('nav-loadProfile').click();
    await page.getByTestId('profile-channel').selectOption({ index: 0 });
    await page.getByTestId('profile-date').fill('2024-01-01');
    const opener = page.getByTestId('profile-row').nth(0).getByTestId('verdict-detail');
    await opener.click();
    await expect(detail).toBeVisible();
    await expect(page.getByTestId('reading-detail-verdict')).toContainText('Signatur passt, Unterzeichner nicht bestätigt');
    await expect(page.getByTestId('reading-detail-reason')).toContainText('endet nicht in einer Wurzel, die Sie installiert haben');
    await expect(page.getByTestId('reading-detail-chain-status')).toHaveText('endet nicht in einer vertrauenswürdigen Wurzel');
    await expect(page.getByTestId('reading-detail-anchor')).toContainText('Keine installierte Wurzel');
    await expect(page.getByTestId('reading-detail-install')).toContainText(/Installieren Sie auf der Seite „Vertrauen“ .*TRuDI TEST Root CA/);
    await expect(page.getByTestId('reading-detail-test')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/views/reading-detail-unknown-root.png' });
    await page.getByTestId('reading-detail-to-trust').click();
    await expect(detail).toBeHidden();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vertrauenswürdige Wurzelzertifikate');

    // With the TEST root installed, the same reading is valid, and the detail labels the TEST root unmistakably.
    await page.getByTestId('trust-file-input').setInputFiles(join(BUNDLED_TRUST_DIR, 'trudi-test-root-brainpool.pem'));
    await expect(page.getByTestId('trust-row')).toHaveCount(1);
    await page.getByTestId('nav-certificates').click();
    await page.getByTestId('verify').click();
    await expect(page.getByTestId('chain-test')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('nav-loadProfile').click();
    await expect(opener).toHaveText('✓ gültig TEST');
    await opener.click();
    await expect(detail).toBeVisible();
    await expect(page.getByTestId('reading-detail-verdict')).toContainText('✓ gültig');
    await expect(page.getByTestId('reading-detail-test')).toHaveText('TEST');
    await expect(page.getByTestId('reading-detail-reason')).toContainText('TEST-Wurzel');
    await expect(page.getByTestId('reading-detail-anchor')).toContainText(/TEST-Wurzel: .*CN=TRuDI TEST Root CA brainpool/);
    await expect(page.getByTestId('reading-detail-test-warning')).toContainText('kein Nachweis');
    await expect(page.getByTestId('reading-detail-signer')).toContainText('SMGW');
    await expect(page.getByTestId('reading-detail-signer-fingerprint')).toHaveText(/([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    await expect(page.getByTestId('reading-detail-chain').locator('li').last()).toContainText('TRuDI TEST Root CA brainpool');
    await expect(page.getByTestId('reading-detail-checked-at')).toContainText('Erfassungszeitpunkt');
    await expect(page.getByTestId('reading-detail-format')).toContainText('trudi-sim-1');
    expect(await seriousAxeFindings(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/views/reading-detail-test.png' });
    await page.keyboard.press('Escape');
    await expect(detail).toBeHidden();
    await expect(opener).toBeFocused();
    // The same detail in English.
    await page.getByTestId('lang-en').click();
    await opener.click();
    await expect(page.getByTestId('reading-detail-verdict')).toContainText('✓ valid');
    await expect(page.getByTestId('reading-detail-reason')).toContainText('chains to a TEST root');
    await expect(page.getByTestId('reading-detail-anchor')).toContainText(/TEST root: .*CN=TRuDI TEST Root CA brainpool/);
    await expect(page.getByTestId('reading-detail-test-warning')).toContainText('this proves nothing');
    await page.keyboard.press('Escape');
    await expect(detail).toBeHidden();
    expect(problems.pageErrors).toEqual([]);
  });
});

/**
 * The trust page: a TEST-signed file has no check mark until its root is installed on the trust page; then
 * the check is valid, labelled TEST, and the chain ends in the installed root. A gateway certificate is
 * refused with the file named; removing asks first. The page has no serious axe finding.
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { BUNDLED_TRUST_DIR } from '../../src/crypto/chain/trust-anchors';
import { toPem } from '../../src/crypto/pki/pem';
import { createTestPki } from '../../src/simulator/pki/test-pki';
import { seriousAxeFindings } from '../fixtures/everyone';
import { generateSample } from '../fixtures/sample-file';
import { expect, test } from '../fixtures/test';

test.describe('trust page', () => {
  test('install a root, open a signed file, the verdict turns valid (TEST) with its chain; remove with confirmation', async ({ page, freshWeb: web, problems }) => {
    test.setTimeout(180_000);
    const sample = generateSample(1, 'trust-sample.xml');
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('total-import')).toBeVisible();

    await page.getByTestId('nav-trust').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vertrauenswürdige Wurzelzertifikate');
    await expect(page.getByTestId('trust-empty')).toBeVisible();
    expect(await seriousAxeFindings(page)).toEqual([]);

    // A gateway's signature certificate is not a CA: refused, naming the file; nothing installed.
    const gateway = join(tmpdir(), `gateway-sig-${process.pid}.pem`);
    writeFileSync(gateway, toPem(createTestPki({ seed: 'e2e-trust' }).gatewaySignature.certificate, 'CERTIFICATE'));
    await page.getByTestId('trust-file-input').setInputFiles(gateway);
    await expect(page.getByTestId('error')).toContainText(/gateway-sig-\d+\.pem ist kein CA-Zertifikat/);
    await expect(page.getByTestId('trust-empty')).toBeVisible();

    await page.getByTestId('trust-file-input').setInputFiles(join(BUNDLED_TRUST_DIR, 'trudi-test-root-brainpool.pem'));
    await expect(page.getByTestId('trust-added')).toContainText('Installiert: 1, bereits vorhanden: 0.');
    const rows = page.getByTestId('trust-row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('TRuDI TEST Root CA brainpool');
    await expect(rows.first().getByTestId('trust-test')).toHaveText('TEST');
    await expect(rows.first()).toContainText('Wurzel');
    await expect(rows.first()).toContainText(/([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/views/trust-installed.png', fullPage: true });

    await page.getByTestId('file-input').setInputFiles(sample);
    await expect(page.getByTestId('current-source')).toHaveText('Datei');
    await page.getByTestId('nav-certificates').click();
    await page.getByTestId('verify').click();
    await expect(page.getByTestId('verify-result')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('count-invalid')).toHaveText('0');
    await expect(page.getByTestId('count-valid')).toHaveText(await page.getByTestId('count-readings').innerText());
    await expect(page.getByTestId('chain-status')).toHaveText(/gültig/);
    await expect(page.getByTestId('chain-test')).toBeVisible();
    await expect(page.getByTestId('chain-message')).toContainText('TRuDI TEST Root CA brainpool');

    await page.getByTestId('nav-loadProfile').click();
    await page.getByTestId('profile-channel').selectOption({ index: 0 });
    await page.getByTestId('profile-date').fill('2024-01-01');
    const signatures = page.getByTestId('profile-row').locator('[data-column="signature"]');
    await expect(signatures.first()).toContainText('gültig');
    await expect(page.getByTestId('verdict-test').first()).toBeVisible();

    await page.getByTestId('nav-trust').click();
    await page.getByTestId('trust-remove').click();
    await expect(page.getByTestId('trust-remove-confirm')).toBeVisible();
    await page.getByTestId('trust-remove-cancel').click();
    await expect(rows).toHaveCount(1);
    await page.getByTestId('trust-remove').click();
    await page.getByTestId('trust-remove-confirm').click();
    await expect(page.getByTestId('trust-empty')).toBeVisible();

    await page.getByTestId('nav-certificates').click();
    await page.getByTestId('verify').click();
    await expect(page.getByTestId('count-valid')).toHaveText('0', { timeout: 60_000 });
    await expect(page.getByTestId('chain-test')).toHaveCount(0);
    expect(problems.pageErrors).toEqual([]);
    expect(await problems.cspViolations()).toEqual([]);
  });
});

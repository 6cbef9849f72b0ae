/**
 * Read-outs survive an engine restart: a file opened in web mode is kept in the engine's archive; after the
 * engine is stopped and started again on the same home, the page lists it again and shows it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { generateSample } from '../fixtures/sample-file';
import { expect, test } from '../fixtures/test';
import { startWebMode, PROJECT_ROOT } from '../fixtures/web-mode';

test.describe('archive', () => {
  test('a file opened before an engine restart is listed and shown again after it', async ({ page }) => {
    test.setTimeout(120_000);
    const home = mkdtempSync(join(tmpdir(), 'trudi-e2e-restart-'));
    const launch = { command: process.execPath, args: ['bin/trudi.mjs', 'serve', '--port', '0'], cwd: PROJECT_ROOT, home };
    const file = generateSample(1, 'kept-across-restart.xml');
    try {
      const first = await startWebMode(launch);
      let gatewayId: string | null;
      try {
        await page.goto(first.launchUrl);
        await expect(page.getByTestId('total-import')).toBeVisible();
        await page.getByTestId('file-input').setInputFiles(file);
        await expect(page.getByTestId('current-source')).toHaveText('Datei');
        gatewayId = await page.getByTestId('gateway-id').textContent();
      } finally {
        await first.stop();
      }

      const second = await startWebMode(launch);
      try {
        await page.goto(second.launchUrl);
        await expect(page.getByTestId('total-import')).toBeVisible();
        const select = page.getByTestId('readout-select');
        await expect(select).toContainText(basename(file));
        const option = select.locator('option', { hasText: basename(file) });
        await select.selectOption((await option.getAttribute('value'))!);
        await expect(page.getByTestId('current-source')).toHaveText('Datei');
        await expect(page.getByTestId('gateway-id')).toHaveText(gatewayId!);
        await expect(page.getByTestId('total-import')).toBeVisible();
        await expect(page.getByTestId('error')).toHaveCount(0);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

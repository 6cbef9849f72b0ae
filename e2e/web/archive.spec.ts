/**
 * Read-outs survive an engine restart: a file opened in web mode is kept in the engine's archive; after the
 * engine is stopped and started again on the same home, the page lists it again and shows it. A gateway's
 * fingerprint is confirmed once: the engine keeps it (and the profiles) across restarts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { unsignedSample } from '../../src/han/testing/fixtures';
import { startSimulator } from '../../src/simulator/gateway/server';
import { callEngine } from '../fixtures/engine-api';
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

test.describe('gateway pins kept by the engine', () => {
  test('save a profile, confirm the fingerprint once, restart, read again without a second confirmation; the read-outs are still there', async ({ page }) => {
    test.setTimeout(180_000);
    const home = mkdtempSync(join(tmpdir(), 'trudi-e2e-pins-'));
    const launch = { command: process.execPath, args: ['bin/trudi.mjs', 'serve', '--port', '0'], cwd: PROJECT_ROOT, home };
    // A gateway that outlives the engine restarts: the EMH simulator over real TLS in the test process.
    const sim = await startSimulator({ vendor: 'emh', document: unsignedSample(1, 'EEMH0012345678') });
    const readThroughDialog = async () => {
      await page.getByTestId('connect-gateway').click();
      await page.getByTestId('gw-host').fill(sim.host);
      await page.getByTestId('gw-port').fill(String(sim.port));
      await page.getByTestId('gw-user').fill('consumer1');
      await page.getByTestId('gw-password').fill('secret');
      await page.getByTestId('gw-submit').click();
    };
    try {
      const first = await startWebMode(launch);
      try {
        const profile = await callEngine(first, 'saveGatewayProfile', { name: 'Keller', host: sim.host, port: sim.port, vendor: 'emh', user: 'consumer1' });
        expect(profile.hasSecret).toBe(false);
        await page.goto(first.launchUrl);
        await expect(page.getByTestId('total-import')).toBeVisible();
        await readThroughDialog();
        await expect(page.getByTestId('pin-dialog')).toBeVisible({ timeout: 60_000 });
        await expect(page.getByTestId('pin-fingerprint')).toHaveText(sim.fingerprint);
        await page.getByTestId('pin-confirm').click();
        await expect(page.getByTestId('current-source')).toHaveText('Gateway', { timeout: 60_000 });
      } finally {
        await first.stop();
      }

      // A new engine (new port, so the page's storage is new too): the engine itself remembers the pin.
      const second = await startWebMode(launch);
      try {
        expect((await callEngine(second, 'listGatewayProfiles')).map((p) => p.name)).toEqual(['Keller']);
        await page.goto(second.launchUrl);
        await expect(page.getByTestId('total-import')).toBeVisible();
        await expect(page.getByTestId('readout-select')).toContainText('EEMH0012345678');
        await readThroughDialog();
        await expect(page.getByTestId('current-source')).toHaveText('Gateway', { timeout: 60_000 });
        await expect(page.getByTestId('pin-dialog')).toBeHidden();
        // The read-out of before the restart and the new one.
        expect((await callEngine(second, 'listReadouts')).filter((r) => r.source === 'gateway')).toHaveLength(2);
      } finally {
        await second.stop();
      }
    } finally {
      await sim.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});

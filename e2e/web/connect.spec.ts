/**
 * The connection assistant against the EMH simulator over real TLS (started in the test process), in the
 * real engine (web mode) and Chromium: the step-by-step test names the failing step for an unreachable
 * address, a wrong certificate and a wrong password; the fingerprint is confirmed once through the PinDialog;
 * a passed test is saved as a profile (secret encrypted with a passphrase); the profile is read and synced
 * (a second sync fetches nothing new) and deleted after a confirmation. axe on the view, screenshots kept.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unsignedSample } from '../../src/han/testing/fixtures';
import { startSimulator, type RunningSimulator } from '../../src/simulator/gateway/server';
import { callEngine } from '../fixtures/engine-api';
import { seriousAxeFindings } from '../fixtures/everyone';
import { expect, test } from '../fixtures/test';
import { PROJECT_ROOT, startWebMode } from '../fixtures/web-mode';
import type { Page } from '@playwright/test';

const GATEWAY = 'EEMH0012345678';
const OTHER_PIN = `sha256:${'AB:'.repeat(31)}AB`;
const SAMPLE = unsignedSample(1, GATEWAY);
const READINGS = SAMPLE.usagePoints.flatMap((up) => up.meterReadings).reduce((n, m) => n + m.intervalBlocks.reduce((k, b) => k + b.readings.length, 0), 0);
let sim: RunningSimulator;

test.beforeAll(async () => {
  sim = await startSimulator({ vendor: 'emh', document: SAMPLE });
});
test.afterAll(async () => {
  await sim.close();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function openConnect(page: Page, launchUrl: string): Promise<void> {
  await page.goto(launchUrl);
  await expect(page.getByTestId('total-import')).toBeVisible();
  await page.getByTestId('connect-gateway').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gateway verbinden');
  await expect(page).toHaveURL(/#\/connect$/);
}

async function fillForm(page: Page, host: string, port: number, password: string): Promise<void> {
  await page.getByTestId('gw-host').fill(host);
  await page.getByTestId('gw-port').fill(String(port));
  await page.getByTestId('gw-user').fill('consumer1');
  await page.getByTestId('gw-password').fill(password);
}

const step = (page: Page, id: string) => page.getByTestId(`test-step-${id}`);

test.describe('connection assistant', () => {
  test('the test names the failing step: unreachable, wrong password, wrong certificate; then passes and is saved', async ({ page, freshWeb }) => {
    test.setTimeout(180_000);
    await openConnect(page, freshWeb.launchUrl);
    await expect(page.getByTestId('profiles-empty')).toBeVisible();
    expect(await seriousAxeFindings(page)).toEqual([]);

    // Unreachable: the TCP step fails, the advice names the HAN subnet and opens the help.
    await fillForm(page, '127.0.0.1', await freePort(), 'secret');
    await page.getByTestId('gw-test').click();
    await expect(step(page, 'tcp')).toHaveAttribute('data-state', 'failed');
    await expect(step(page, 'tls')).toHaveAttribute('data-state', 'skipped');
    await expect(step(page, 'tcp').getByTestId('test-error')).toHaveAttribute('data-code', 'HAN_TCP_CONNECT_FAILED');
    await expect(step(page, 'tcp').getByTestId('test-advice')).toContainText('HAN-Subnetz');
    await page.getByTestId('test-help').click();
    await expect(page.getByTestId('han-help').getByRole('heading', { level: 2 })).toBeFocused();
    await expect(page.getByTestId('han-help-linux')).toContainText('ip addr add 192.168.1.201/24');
    await expect(page.getByTestId('han-factory')).toContainText('192.168.33.2');
    await page.screenshot({ path: 'test-results/screens/connect-unreachable-1280-light-de.png', fullPage: true });

    // Wrong password: first visit asks for the fingerprint once, then the login step fails.
    await fillForm(page, sim.host, sim.port, 'wrong');
    await page.getByTestId('gw-test').click();
    await expect(page.getByTestId('pin-dialog')).toBeVisible();
    await expect(page.getByTestId('pin-fingerprint')).toHaveText(sim.fingerprint);
    await expect(step(page, 'certificate')).toHaveAttribute('data-state', 'failed');
    await page.getByTestId('pin-confirm').click();
    await expect(step(page, 'login')).toHaveAttribute('data-state', 'failed');
    await expect(step(page, 'certificate')).toHaveAttribute('data-state', 'passed');
    await expect(step(page, 'login').getByTestId('test-error')).toHaveAttribute('data-code', 'HAN_AUTHENTICATION_FAILED');
    await expect(step(page, 'login').getByTestId('test-advice')).toHaveAttribute('data-advice', 'credentials');
    await expect(page.getByTestId('test-summary')).toHaveText('Der Test hielt bei „Anmeldung“ an.');
    await expect(page.getByTestId('save-profile')).toHaveCount(0);

    // Right password: every step passes; saved as a profile with its secret encrypted by a passphrase.
    // The fingerprint confirmed above is remembered by the engine: no second question.
    await page.getByTestId('gw-password').fill('secret');
    await page.getByTestId('gw-test').click();
    await expect(page.getByTestId('connection-test')).toHaveAttribute('data-ok', 'true');
    await expect(page.getByTestId('pin-dialog')).toBeHidden();
    for (const id of ['tcp', 'tls', 'certificate', 'login']) await expect(step(page, id)).toHaveAttribute('data-state', 'passed');
    await expect(page.getByTestId('test-summary')).toContainText(GATEWAY);
    await page.getByTestId('save-name').fill('Keller');
    await page.getByTestId('save-store-secret').check();
    await page.getByTestId('save-passphrase').fill('long passphrase');
    await page.getByTestId('save-submit').click();
    await expect(page.getByTestId('save-done')).toContainText('Keller');
    const profile = page.locator('[data-testid="profile"][data-profile-name="Keller"]');
    await expect(profile.getByTestId('profile-pin')).toHaveText('bestätigt');
    await expect(profile.getByTestId('profile-secret')).toHaveText('verschlüsselt gespeichert');
    const [saved] = await callEngine(freshWeb, 'listGatewayProfiles');
    expect(saved).toMatchObject({ name: 'Keller', host: sim.host, port: sim.port, vendor: 'emh', user: 'consumer1', gatewayId: GATEWAY, pin: sim.fingerprint, hasSecret: true, secretIn: 'passphrase' });

    // Wrong certificate: a profile whose pin is not the gateway's: the certificate step fails with the engine's warning.
    await callEngine(freshWeb, 'saveGatewayProfile', { name: 'Falsch', host: sim.host, port: sim.port, vendor: 'emh', user: 'consumer1', pin: OTHER_PIN });
    await page.getByTestId('nav-about').click();
    await page.getByTestId('connect-gateway').click();
    const wrong = page.locator('[data-testid="profile"][data-profile-name="Falsch"]');
    await wrong.getByTestId('profile-secret-input').fill('secret');
    await wrong.getByTestId('profile-test').click();
    await expect(page.getByTestId('pin-dialog')).toBeVisible();
    await expect(page.getByTestId('pin-changed')).toBeVisible();
    await page.getByTestId('pin-reject').click();
    await expect(step(page, 'certificate')).toHaveAttribute('data-state', 'failed');
    await expect(step(page, 'certificate').getByTestId('test-error')).toHaveAttribute('data-code', 'HAN_CERTIFICATE_CHANGED');
    await expect(step(page, 'certificate').getByTestId('test-advice')).toHaveAttribute('data-advice', 'certificate-changed');
    await expect(step(page, 'login')).toHaveAttribute('data-state', 'skipped');
    expect(await seriousAxeFindings(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/screens/connect-1280-light-de.png', fullPage: true });

    // English.
    await page.getByTestId('lang-en').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connect a gateway');
    await expect(step(page, 'certificate').getByTestId('test-advice')).toContainText('no longer the confirmed one');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: 'test-results/screens/connect-390-light-en.png', fullPage: true });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  });

  test('a saved profile is synced and read without typing it again; the fingerprint is confirmed once; a second sync fetches nothing new; delete asks first', async ({ page, freshWeb }) => {
    test.setTimeout(180_000);
    await callEngine(freshWeb, 'saveGatewayProfile', {
      name: 'Keller',
      host: sim.host,
      port: sim.port,
      vendor: 'emh',
      user: 'consumer1',
      storeSecret: true,
      secret: 'secret',
      secretPassphrase: 'long passphrase',
    });
    await openConnect(page, freshWeb.launchUrl);
    const profile = page.locator('[data-testid="profile"][data-profile-name="Keller"]');
    await expect(profile.getByTestId('profile-pin')).toHaveText('noch nicht bestätigt');

    // Sync: the first visit asks for the fingerprint once (kept with the profile) and fetches everything.
    await profile.getByTestId('profile-secret-input').fill('long passphrase');
    await profile.getByTestId('profile-sync').click();
    await expect(page.getByTestId('pin-dialog')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('pin-fingerprint')).toHaveText(sim.fingerprint);
    await page.getByTestId('pin-confirm').click();
    const total = new Intl.NumberFormat('de-DE').format(READINGS);
    await expect(page.getByTestId('sync-result')).toContainText(`Synchronisiert: ${total} neue Messwerte`, { timeout: 60_000 });
    await expect(profile.getByTestId('profile-pin')).toHaveText('bestätigt');
    expect((await callEngine(freshWeb, 'listGatewayProfiles'))[0]?.pin).toBe(sim.fingerprint);
    await expect(page.getByTestId('readout-select')).toContainText(GATEWAY);

    // A second sync: no second question, nothing new.
    await profile.getByTestId('profile-sync').click();
    await expect(page.getByTestId('sync-result')).toContainText('Synchronisiert: 0 neue Messwerte', { timeout: 60_000 });
    await expect(page.getByTestId('pin-dialog')).toBeHidden();

    // Read: pinned by the profile; the overview shows the read-out.
    await profile.getByTestId('profile-read').click();
    await expect(page).toHaveURL(/#\/dashboard$/, { timeout: 60_000 });
    await expect(page.getByTestId('current-source')).toHaveText('Gateway');
    await expect(page.getByTestId('pin-dialog')).toBeHidden();

    await page.getByTestId('connect-gateway').click();
    // Delete: asks first; cancel keeps it, confirm removes it (the engine's list too).
    await profile.getByTestId('profile-remove').click();
    await expect(profile.getByTestId('profile-remove-question')).toContainText('Keller');
    await profile.getByTestId('profile-remove-cancel').click();
    await expect(profile).toBeVisible();
    await profile.getByTestId('profile-remove').click();
    await profile.getByTestId('profile-remove-confirm').click();
    await expect(page.getByTestId('profiles-empty')).toBeVisible();
    expect(await callEngine(freshWeb, 'listGatewayProfiles')).toEqual([]);
  });

  test('a sync shows its progress and can be cancelled; the next sync completes the archive', async ({ page, freshWeb }) => {
    test.setTimeout(240_000);
    // A gateway with a year of data: long enough to see the sync's progress and cancel it.
    const year = unsignedSample(12, 'EEMH0012345679');
    const total = year.usagePoints.flatMap((up) => up.meterReadings).reduce((n, m) => n + m.intervalBlocks.reduce((k, b) => k + b.readings.length, 0), 0);
    const big = await startSimulator({ vendor: 'emh', document: year });
    try {
      await callEngine(freshWeb, 'saveGatewayProfile', { name: 'Jahr', host: big.host, port: big.port, vendor: 'emh', user: 'consumer1', pin: big.fingerprint });
      await openConnect(page, freshWeb.launchUrl);
      const profile = page.locator('[data-testid="profile"][data-profile-name="Jahr"]');
      await profile.getByTestId('profile-secret-input').fill('secret');
      await profile.getByTestId('profile-sync').click();
      const progress = page.getByTestId('source-progress');
      await expect(progress).toContainText(/synchronisiert|Monat|\d/);
      await progress.getByRole('button', { name: 'Abbrechen' }).click();
      await expect(progress).toHaveCount(0);
      await expect(page.getByTestId('sync-result')).toHaveCount(0);
      await expect(page.getByTestId('readout-select')).not.toContainText('EEMH0012345679');

      // The next sync completes it: the read-out holds every reading of the year once.
      await profile.getByTestId('profile-sync').click();
      await expect(page.getByTestId('sync-result')).toContainText('Synchronisiert', { timeout: 180_000 });
      const synced = (await callEngine(freshWeb, 'listReadouts')).find((r) => r.gatewayId === 'EEMH0012345679');
      expect(synced?.channels.reduce((n, c) => n + c.readings, 0)).toBe(total);
    } finally {
      await big.close();
    }
  });

  test('a profile saved in the UI is read after an engine restart without a second confirmation; its read-outs are still there', async ({ page }) => {
    test.setTimeout(180_000);
    const home = mkdtempSync(join(tmpdir(), 'trudi-e2e-connect-restart-'));
    const launch = { command: process.execPath, args: ['bin/trudi.mjs', 'serve', '--port', '0'], cwd: PROJECT_ROOT, home };
    const profile = page.locator('[data-testid="profile"][data-profile-name="Keller"]');
    try {
      const first = await startWebMode(launch);
      try {
        await openConnect(page, first.launchUrl);
        await fillForm(page, sim.host, sim.port, 'secret');
        await page.getByTestId('gw-test').click();
        await expect(page.getByTestId('pin-dialog')).toBeVisible();
        await page.getByTestId('pin-confirm').click();
        await expect(page.getByTestId('connection-test')).toHaveAttribute('data-ok', 'true');
        await page.getByTestId('save-name').fill('Keller');
        await page.getByTestId('save-store-secret').check();
        await page.getByTestId('save-passphrase').fill('long passphrase');
        await page.getByTestId('save-submit').click();
        await profile.getByTestId('profile-secret-input').fill('long passphrase');
        await profile.getByTestId('profile-read').click();
        await expect(page).toHaveURL(/#\/dashboard$/, { timeout: 60_000 });
        await expect(page.getByTestId('current-source')).toHaveText('Gateway');
      } finally {
        await first.stop();
      }
      // A new engine on the same home, a new port (so the page's storage is new too).
      const second = await startWebMode(launch);
      try {
        await openConnect(page, second.launchUrl);
        await expect(profile.getByTestId('profile-pin')).toHaveText('bestätigt');
        await expect(page.getByTestId('readout-select')).toContainText(GATEWAY);
        await profile.getByTestId('profile-secret-input').fill('long passphrase');
        await profile.getByTestId('profile-read').click();
        await expect(page).toHaveURL(/#\/dashboard$/, { timeout: 60_000 });
        await expect(page.getByTestId('pin-dialog')).toBeHidden();
        expect((await callEngine(second, 'listReadouts')).filter((r) => r.source === 'gateway')).toHaveLength(2);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  test('a lock-out after wrong passwords says how long it lasts; a sync by address asks for the fingerprint once and fetches everything', async ({ page, freshWeb }) => {
    test.setTimeout(180_000);
    const locking = await startSimulator({ vendor: 'emh', document: SAMPLE, maxFailures: 2, lockMs: 120_000 });
    try {
      await openConnect(page, freshWeb.launchUrl);
      await fillForm(page, locking.host, locking.port, 'wrong');
      await page.getByTestId('gw-test').click();
      await expect(page.getByTestId('pin-dialog')).toBeVisible();
      await page.getByTestId('pin-confirm').click();
      await expect(step(page, 'login')).toHaveAttribute('data-state', 'failed');
      const advice = step(page, 'login').getByTestId('test-advice');
      for (let i = 0; i < 3 && (await advice.getAttribute('data-advice')) !== 'lockout'; i++) {
        await page.getByTestId('gw-test').click();
        await expect(step(page, 'login')).toHaveAttribute('data-state', 'failed');
      }
      await expect(advice).toHaveAttribute('data-advice', 'lockout');
      await expect(step(page, 'login').getByTestId('test-error')).toContainText(/noch \d+ Minute/);
    } finally {
      await locking.close();
    }

    await fillForm(page, sim.host, sim.port, 'secret');
    await page.getByTestId('gw-sync').click();
    await expect(page.getByTestId('pin-dialog')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('pin-confirm').click();
    await expect(page.getByTestId('sync-result')).toContainText(`Synchronisiert: ${new Intl.NumberFormat('de-DE').format(READINGS)} neue Messwerte`, { timeout: 60_000 });
    await expect(page.getByTestId('readout-select')).toContainText(GATEWAY);
  });
});

/**
 * The desktop transport end to end, where it can run without Electron: the built renderer in Chromium with the
 * real preload, its IPC client and the real main/ IPC handler in front of the real engine sidecar (see
 * e2e/fixtures/ipc-bridge.ts). The demo gateway with fingerprint confirmation, progress and cancel, and each
 * error screen (wrong password, unreachable gateway, changed certificate) behave exactly as in web mode.
 */
import { test as base, expect } from '@playwright/test';
import { startIpcBridge, type IpcBridge } from '../fixtures/ipc-bridge';
import { readFileSync } from 'node:fs';
import { dropFileScript } from '../../main/open-file';
import { guardPage, type PageProblems } from '../fixtures/page-guard';
import { generateSample } from '../fixtures/sample-file';

const test = base.extend<{ problems: PageProblems }, { bridge: IpcBridge }>({
  bridge: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern
    async ({}, use) => {
      const bridge = await startIpcBridge();
      try {
        await use(bridge);
      } finally {
        await bridge.stop();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  // Every page of these tests runs on the preload (auto), guarded against console errors and CSP violations.
  problems: [
    async ({ page, bridge }, use) => {
      const problems = await guardPage(page);
      await bridge.attach(page);
      await use(problems);
    },
    { auto: true },
  ],
});

test.describe('desktop transport (preload + IPC bridge + engine sidecar)', () => {
  test('the app runs on the preload: contract only, engine over IPC, no console errors or CSP violations', async ({ page, bridge, problems }) => {
    test.setTimeout(300_000);
    await page.goto(`${bridge.origin}/index.html`);
    await expect(page.getByTestId('total-import')).toBeVisible({ timeout: 120_000 });
    expect(await page.evaluate('typeof window.trudi.getEngineInfo + "," + typeof window.ipcRenderer + "," + typeof window.require')).toBe('function,undefined,undefined');
    await page.getByTestId('nav-about').click();
    await expect(page.getByTestId('engine-transport')).toHaveText('Desktop-App (IPC)');
    // The sidecar runs from the sources here: no release hash, and the About view says so instead of inventing one.
    await expect(page.getByTestId('release-hash')).toHaveText('Entwicklungsstand aus den Quellen: keine Prüfsumme');
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(await problems.cspViolations()).toEqual([]);
  });

  test('demo gateway: the fingerprint question opens, the read shows progress with cancel, then the read-out is current', async ({ page, bridge, problems }) => {
    test.setTimeout(300_000);
    const demo = await bridge.engine.api.startDemoGateway();
    await page.goto(`${bridge.origin}/index.html`);
    await expect(page.getByTestId('total-import')).toBeVisible({ timeout: 120_000 });
    await page.getByTestId('read-demo-gateway').click();
    const dialog = page.getByTestId('pin-dialog');
    await expect(dialog).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('pin-fingerprint')).toHaveText(demo.fingerprint);
    const release = bridge.holdNext('readGateway');
    await page.getByTestId('pin-confirm').click();
    const progress = page.getByTestId('source-progress');
    await expect(progress.locator('progress')).toHaveJSProperty('value', 1, { timeout: 60_000 });
    await expect(progress.getByRole('button', { name: 'Abbrechen' })).toBeVisible();
    release();
    await expect(page.getByTestId('current-source')).toHaveText('Gateway', { timeout: 60_000 });
    await expect(page.getByTestId('gateway-id')).toHaveText(demo.gatewayId);

    // Cancel over IPC: the signature check stops at once.
    await page.getByTestId('nav-certificates').click();
    await page.getByTestId('verify').click();
    await expect(page.getByTestId('verify-progress')).toBeVisible();
    await page.getByTestId('verify-progress').getByRole('button', { name: 'Abbrechen' }).click();
    await expect(page.getByTestId('verify-progress')).toHaveCount(0);
    await expect(page.getByTestId('verify-result')).toHaveCount(0);
    await expect(page.getByTestId('verify')).toBeEnabled();
    expect(problems.pageErrors).toEqual([]);
    expect(await problems.cspViolations()).toEqual([]);
  });

  test('a wrong password shows the authentication error with its cause, in German and English', async ({ page, bridge }) => {
    test.setTimeout(300_000);
    const demo = await bridge.engine.api.startDemoGateway();
    await page.goto(`${bridge.origin}/index.html`);
    await expect(page.getByTestId('connect-gateway')).toBeEnabled({ timeout: 120_000 });
    await page.getByTestId('connect-gateway').click();
    await page.getByTestId('gw-host').fill(demo.host);
    await page.getByTestId('gw-port').fill(String(demo.port));
    await page.getByTestId('gw-user').fill(demo.user);
    await page.getByTestId('gw-password').fill(`${demo.password}-wrong`);
    await page.getByTestId('gw-submit').click();
    await expect(page.getByTestId('pin-dialog')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('pin-confirm').click();
    await expect(page.getByTestId('error-code')).toHaveText('HAN_AUTHENTICATION_FAILED', { timeout: 60_000 });
    const german = await page.getByTestId('source-error').textContent();
    await page.getByTestId('lang-en').click();
    await expect(page.getByTestId('source-error')).not.toHaveText(german ?? '');
    await expect(page.getByTestId('error-code')).toHaveText('HAN_AUTHENTICATION_FAILED');
  });

  test('an unreachable gateway names the HAN subnet as the next step', async ({ page, bridge }) => {
    await page.goto(`${bridge.origin}/index.html`);
    await expect(page.getByTestId('connect-gateway')).toBeEnabled({ timeout: 120_000 });
    await page.getByTestId('connect-gateway').click();
    await page.getByTestId('gw-host').fill('127.0.0.1');
    await page.getByTestId('gw-port').fill('9');
    await page.getByTestId('gw-user').fill('consumer');
    await page.getByTestId('gw-password').fill('secret');
    await page.getByTestId('gw-submit').click();
    await expect(page.getByTestId('error-code')).toHaveText('HAN_TCP_CONNECT_FAILED', { timeout: 30_000 });
    await expect(page.getByTestId('source-error')).toContainText('HAN-Subnetz');
  });

  test('a changed certificate asks again with the engine\'s warning instead of reading', async ({ page, bridge }) => {
    test.setTimeout(300_000);
    const demo = await bridge.engine.api.startDemoGateway();
    // The engine keeps the pins: a saved profile pins the demo gateway to a fingerprint it does not present.
    const stale = `sha256:${'00:'.repeat(31)}00`;
    const target = { name: 'stale pin', host: demo.host, port: demo.port, gatewayId: demo.gatewayId };
    const profile = await bridge.engine.api.saveGatewayProfile({ ...target, pin: stale });
    await page.goto(`${bridge.origin}/index.html`);
    await expect(page.getByTestId('connect-gateway')).toBeEnabled({ timeout: 120_000 });
    await page.getByTestId('read-demo-gateway').click();
    await expect(page.getByTestId('pin-dialog')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('pin-changed')).toBeVisible();
    await expect(page.getByTestId('pin-fingerprint')).toHaveText(demo.fingerprint);
    await page.getByTestId('pin-reject').click();
    await expect(page.getByTestId('pin-dialog')).toBeHidden();
    await expect(page.getByTestId('current-source')).not.toHaveText('Gateway');
    // The engine still holds the stale pin (rejecting trusts nothing); the worker's later tests get the real one back.
    await bridge.engine.api.saveGatewayProfile({ ...target, id: profile.id, pin: demo.fingerprint });
    await bridge.engine.api.deleteGatewayProfile(profile.id);
  });

  test('a file handed over by the shell (second start, file association, menu) opens as a dropped file does', async ({ page, bridge }) => {
    test.setTimeout(300_000);
    const file = generateSample(1, 'opened-by-shell.xml');
    await page.goto(`${bridge.origin}/index.html`);
    await expect(page.getByTestId('total-import')).toBeVisible({ timeout: 120_000 });
    // The very script main/ runs with webContents.executeJavaScript.
    expect(await page.evaluate(dropFileScript('opened-by-shell.xml', new Uint8Array(readFileSync(file))))).toBe(true);
    await expect(page.getByTestId('current-source')).toHaveText('Datei', { timeout: 60_000 });
    await expect(page.getByTestId('readout-select')).toContainText('opened-by-shell.xml');
  });
});

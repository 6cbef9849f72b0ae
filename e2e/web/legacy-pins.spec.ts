/**
 * Fingerprints an earlier version of the app kept in the browser (localStorage `trudi.pinnedGateways`,
 * host:port → fingerprint), in the real engine (web mode, a fresh one per test: it remembers no pin) and
 * Chromium, against gateways over real TLS: the built-in demo gateway and the EMH simulator (a small sample,
 * started in the test process). A kept pin that matches is taken without a second confirmation by the demo
 * gateway's read, a profile's read and the connection test, and the entry goes; one that does not match
 * brings the engine's "certificate changed" question and stays until the user confirms another.
 */
import type { Page } from '@playwright/test';
import { unsignedSample } from '../../src/han/testing/fixtures';
import { startSimulator, type RunningSimulator } from '../../src/simulator/gateway/server';
import { callEngine } from '../fixtures/engine-api';
import { expect, test } from '../fixtures/test';

const KEY = 'trudi.pinnedGateways';
const GATEWAY = 'EEMH0012345678';
const OTHER_PIN = `sha256:${'AB:'.repeat(31)}AB`;
let sim: RunningSimulator;

test.beforeAll(async () => {
  sim = await startSimulator({ vendor: 'emh', document: unsignedSample(1, GATEWAY) });
});
test.afterAll(async () => {
  await sim.close();
});

/** What an earlier version left in the browser (the e2e type-check has no DOM library: a string). */
async function seedLegacyPins(page: Page, pins: Record<string, string>): Promise<void> {
  await page.evaluate(`localStorage.setItem(${JSON.stringify(KEY)}, ${JSON.stringify(JSON.stringify(pins))})`);
}
async function legacyPinsLeft(page: Page): Promise<Record<string, string> | null> {
  const text = (await page.evaluate(`localStorage.getItem(${JSON.stringify(KEY)})`)) as string | null;
  return text === null ? null : (JSON.parse(text) as Record<string, string>);
}

async function openApp(page: Page, launchUrl: string): Promise<void> {
  await page.goto(launchUrl);
  await expect(page.getByTestId('total-import')).toBeVisible();
}

test.describe('pins kept by an earlier version in the browser', () => {
  test('the demo gateway: a matching kept pin reads without a question and goes; another one asks "certificate changed"', async ({ page, freshWeb: web }) => {
    test.setTimeout(120_000);
    const demo = await callEngine(web, 'startDemoGateway');
    const address = `${demo.host}:${demo.port}`;
    await openApp(page, web.launchUrl);

    await seedLegacyPins(page, { [address]: OTHER_PIN, 'smgw.local:443': OTHER_PIN });
    await page.getByTestId('read-demo-gateway').click();
    await expect(page.getByTestId('pin-dialog')).toBeVisible();
    await expect(page.getByTestId('pin-changed')).toBeVisible();
    await expect(page.getByTestId('pin-fingerprint')).toHaveText(demo.fingerprint);
    await page.getByTestId('pin-reject').click();
    // Nothing read, nothing confirmed: the kept entry stays until the user confirms another fingerprint.
    await expect(page.getByTestId('pin-dialog')).toBeHidden();
    expect((await callEngine(web, 'listReadouts')).filter((r) => r.source === 'gateway')).toHaveLength(0);
    expect(await legacyPinsLeft(page)).toEqual({ [address]: OTHER_PIN, 'smgw.local:443': OTHER_PIN });

    await seedLegacyPins(page, { [address]: demo.fingerprint, 'smgw.local:443': OTHER_PIN });
    await page.getByTestId('read-demo-gateway').click();
    // Read on the kept pin (the wait as for the read in sources.spec: 24 months).
    await expect(page.getByTestId('current-source')).toHaveText('Gateway', { timeout: 45_000 });
    await expect(page.getByTestId('gateway-id')).toHaveText(demo.gatewayId);
    await expect(page.getByTestId('pin-dialog')).toBeHidden();
    // The engine has the pin now; only the other address's entry is left.
    expect(await legacyPinsLeft(page)).toEqual({ 'smgw.local:443': OTHER_PIN });
  });

  test('a saved profile without a pin is read on the kept pin without a question, and keeps it', async ({ page, freshWeb: web }) => {
    const saved = await callEngine(web, 'saveGatewayProfile', { name: 'Keller', host: sim.host, port: sim.port, vendor: 'emh', user: 'consumer1' });
    expect(saved.pin).toBeUndefined();
    await openApp(page, web.launchUrl);
    await seedLegacyPins(page, { [`${sim.host}:${sim.port}`]: sim.fingerprint });
    await page.getByTestId('connect-gateway').click();
    const profile = page.locator('[data-testid="profile"][data-profile-name="Keller"]');
    await expect(profile.getByTestId('profile-pin')).toHaveText('noch nicht bestätigt');
    await profile.getByTestId('profile-secret-input').fill('secret');
    await profile.getByTestId('profile-read').click();
    await expect(page).toHaveURL(/#\/dashboard$/);
    await expect(page.getByTestId('current-source')).toHaveText('Gateway');
    await expect(page.getByTestId('gateway-id')).toHaveText(GATEWAY);
    await expect(page.getByTestId('pin-dialog')).toBeHidden();
    expect(await legacyPinsLeft(page)).toBeNull();
    // The profile holds the pin now: every later visit is checked against it.
    expect((await callEngine(web, 'listGatewayProfiles')).find((p) => p.id === saved.id)?.pin).toBe(sim.fingerprint);
  });

  test('a saved profile: a kept pin that does not match asks "certificate changed"; confirming reads and pins the profile', async ({ page, freshWeb: web }) => {
    const saved = await callEngine(web, 'saveGatewayProfile', { name: 'Keller', host: sim.host, port: sim.port, vendor: 'emh', user: 'consumer1' });
    await openApp(page, web.launchUrl);
    await seedLegacyPins(page, { [`${sim.host}:${sim.port}`]: OTHER_PIN });
    await page.getByTestId('connect-gateway').click();
    const profile = page.locator('[data-testid="profile"][data-profile-name="Keller"]');
    await profile.getByTestId('profile-secret-input').fill('secret');
    await profile.getByTestId('profile-read').click();
    await expect(page.getByTestId('pin-dialog')).toBeVisible();
    await expect(page.getByTestId('pin-changed')).toBeVisible();
    await expect(page.getByTestId('pin-fingerprint')).toHaveText(sim.fingerprint);
    await page.getByTestId('pin-confirm').click();
    await expect(page).toHaveURL(/#\/dashboard$/);
    await expect(page.getByTestId('gateway-id')).toHaveText(GATEWAY);
    expect(await legacyPinsLeft(page)).toBeNull();
    expect((await callEngine(web, 'listGatewayProfiles')).find((p) => p.id === saved.id)?.pin).toBe(sim.fingerprint);
  });

  test('the connection test: a matching kept pin passes every step without a question; another one asks "certificate changed"', async ({ page, freshWeb: web }) => {
    await openApp(page, web.launchUrl);
    await page.getByTestId('connect-gateway').click();
    await page.getByTestId('gw-host').fill(sim.host);
    await page.getByTestId('gw-port').fill(String(sim.port));
    await page.getByTestId('gw-user').fill('consumer1');
    await page.getByTestId('gw-password').fill('secret');

    await seedLegacyPins(page, { [`${sim.host}:${sim.port}`]: OTHER_PIN });
    await page.getByTestId('gw-test').click();
    await expect(page.getByTestId('pin-dialog')).toBeVisible();
    await expect(page.getByTestId('pin-changed')).toBeVisible();
    await page.getByTestId('pin-reject').click();
    await expect(page.getByTestId('test-step-certificate').getByTestId('test-error')).toHaveAttribute('data-code', 'HAN_CERTIFICATE_CHANGED');
    expect(await legacyPinsLeft(page)).toEqual({ [`${sim.host}:${sim.port}`]: OTHER_PIN });

    await seedLegacyPins(page, { [`${sim.host}:${sim.port}`]: sim.fingerprint });
    await page.getByTestId('gw-test').click();
    await expect(page.getByTestId('connection-test')).toHaveAttribute('data-ok', 'true');
    await expect(page.getByTestId('pin-dialog')).toBeHidden();
    expect(await legacyPinsLeft(page)).toBeNull();
    // The engine took the pin: a read by address now passes without a question and without the browser's entry.
    await page.getByTestId('gw-submit').click();
    await expect(page.getByTestId('current-source')).toHaveText('Gateway');
    await expect(page.getByTestId('pin-dialog')).toBeHidden();
  });
});

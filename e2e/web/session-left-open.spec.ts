/**
 * A PPC read whose logout the gateway never confirms (the simulator answers every logout with 500), over real
 * TLS, in the real engine (web mode) and Chromium: the read-out is shown, and below the header a notice says
 * that the gateway's one session may stay open and when to read again, in German and English; it can be
 * closed; axe finds nothing serious. The same notice, with the time, appears next to the error of a read that
 * fails (every export answered 500) and whose logout fails too.
 */
import { unsignedSample } from '../../src/han/testing/fixtures';
import { startSimulator, type RunningSimulator } from '../../src/simulator/gateway/server';
import { callEngine } from '../fixtures/engine-api';
import { seriousAxeFindings } from '../fixtures/everyone';
import { expect, test } from '../fixtures/test';

const GATEWAY = 'EPPC0012345678';
let sim: RunningSimulator;
let logouts = 0;
/** Answers every export and every logout with 500: the read fails and leaves the session open. */
let failingSim: RunningSimulator;
let failingLogouts = 0;

test.beforeAll(async () => {
  sim = await startSimulator({ vendor: 'ppc', document: unsignedSample(1, GATEWAY), faults: { fault: (r) => (r.body.includes('action=logout') && ++logouts > 0 ? 'status' : undefined) } });
  failingSim = await startSimulator({
    vendor: 'ppc',
    document: unsignedSample(1, GATEWAY),
    faults: { fault: (r) => (r.body.includes('action=exportMeterValues&') ? 'status' : r.body.includes('action=logout') && ++failingLogouts > 0 ? 'status' : undefined) },
  });
});
test.afterAll(async () => {
  await sim.close();
  await failingSim.close();
});

/** Saves a profile "Keller" for the simulator, its secret stored. */
async function saveProfile(web: Parameters<typeof callEngine>[0], gateway: RunningSimulator): Promise<void> {
  await callEngine(web, 'saveGatewayProfile', {
    name: 'Keller',
    host: gateway.host,
    port: gateway.port,
    vendor: 'ppc',
    gatewayId: GATEWAY,
    user: 'consumer1',
    pin: gateway.fingerprint,
    storeSecret: true,
    secret: 'secret',
    secretPassphrase: 'long passphrase',
  });
}

/** The time to read again as the notice gives it: 15 minutes after the read, Berlin time. */
function readAgainAt(since: string, intlLocale: string): string {
  return new Intl.DateTimeFormat(intlLocale, { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(new Date(Date.parse(since) + 15 * 60_000));
}

test('a PPC logout that fails: the read-out is shown with a notice that the session may stay open and when to read again', async ({ page, freshWeb }) => {
  test.setTimeout(240_000);
  await saveProfile(freshWeb, sim);
  await page.goto(freshWeb.launchUrl);
  await expect(page.getByTestId('total-import')).toBeVisible();
  // The landing demo read-out carries no such notice.
  await expect(page.getByTestId('session-left-open')).toHaveCount(0);
  await page.getByTestId('connect-gateway').click();
  const profile = page.locator('[data-testid="profile"][data-profile-name="Keller"]');
  await profile.getByTestId('profile-secret-input').fill('long passphrase');
  await profile.getByTestId('profile-read').click();
  await expect(page).toHaveURL(/#\/dashboard$/, { timeout: 180_000 });
  await expect(page.getByTestId('gateway-id')).toHaveText(GATEWAY);

  // The gateway was asked to log out more than once (a new connection, a new login) and never confirmed it.
  expect(logouts).toBeGreaterThan(1);
  const summary = (await callEngine(freshWeb, 'listReadouts')).find((r) => r.source === 'gateway');
  const since = summary?.sessionLeftOpen?.since;
  expect(since, JSON.stringify(summary?.sessionLeftOpen)).toBeTruthy();

  const notice = page.getByTestId('session-left-open');
  await expect(notice).toBeVisible();
  await expect(notice.getByRole('heading')).toHaveText('Sitzung am Gateway womöglich noch offen');
  await expect(notice).toContainText('Die Sitzung am Gateway konnte nicht abgemeldet werden');
  await expect(page.getByTestId('session-left-open-next')).toContainText(`Lesen Sie frühestens um ${readAgainAt(since!, 'de-DE')} Uhr erneut aus`);
  await expect(page.getByTestId('session-left-open-next')).toContainText('nicht dokumentiert');
  expect(await seriousAxeFindings(page)).toEqual([]);

  await page.getByTestId('lang-en').click();
  await expect(notice.getByRole('heading')).toHaveText('Session at the gateway may still be open');
  await expect(notice).toContainText('The session at the gateway could not be logged out');
  await expect(page.getByTestId('session-left-open-next')).toContainText(`read again at ${readAgainAt(since!, 'en-GB')} at the earliest`);
  expect(await seriousAxeFindings(page)).toEqual([]);

  // Closed by the user: gone for this read-out.
  await page.getByTestId('session-left-open-dismiss').click();
  await expect(notice).toHaveCount(0);
});

test('a PPC read that fails and whose logout fails too: the error comes with the notice and when to read again', async ({ page, freshWeb }) => {
  test.setTimeout(240_000);
  await saveProfile(freshWeb, failingSim);
  await page.goto(freshWeb.launchUrl);
  await expect(page.getByTestId('total-import')).toBeVisible();
  await page.getByTestId('connect-gateway').click();
  const profile = page.locator('[data-testid="profile"][data-profile-name="Keller"]');
  await profile.getByTestId('profile-secret-input').fill('long passphrase');
  const started = Date.now();
  await profile.getByTestId('profile-read').click();
  const error = page.getByTestId('source-error');
  await expect(error).toBeVisible({ timeout: 180_000 });
  const ended = Date.now();
  await expect(error.getByTestId('error-code')).toHaveText('HAN_DEVICE_ERROR');
  expect(failingLogouts).toBeGreaterThan(1);

  // The error's text says what happened; the notice next to it gives the time from the read's end, which lies
  // between the click and the error: one of the minutes in between.
  const moments = [...Array.from({ length: Math.floor((ended - started) / 60_000) + 1 }, (_, i) => started + i * 60_000), ended];
  const notice = page.getByTestId('session-left-open');
  await expect(notice).toBeVisible();
  await expect(error).toContainText('Die Sitzung am Gateway konnte nicht abgemeldet werden');
  await expect(notice.getByRole('heading')).toHaveText('Sitzung am Gateway womöglich noch offen');
  const inGerman = new Set(moments.map((at) => `Lesen Sie frühestens um ${readAgainAt(new Date(at).toISOString(), 'de-DE')} Uhr erneut aus`));
  const nextDe = (await page.getByTestId('session-left-open-next').textContent()) ?? '';
  expect([...inGerman].some((text) => nextDe.includes(text)), `${nextDe} / ${[...inGerman].join(' | ')}`).toBe(true);
  expect(await seriousAxeFindings(page)).toEqual([]);

  await page.getByTestId('lang-en').click();
  await expect(error).toContainText('The session at the gateway could not be logged out');
  await expect(notice.getByRole('heading')).toHaveText('Session at the gateway may still be open');
  const inEnglish = new Set(moments.map((at) => `read again at ${readAgainAt(new Date(at).toISOString(), 'en-GB')} at the earliest`));
  const nextEn = (await page.getByTestId('session-left-open-next').textContent()) ?? '';
  expect([...inEnglish].some((text) => nextEn.includes(text)), `${nextEn} / ${[...inEnglish].join(' | ')}`).toBe(true);
  expect(await seriousAxeFindings(page)).toEqual([]);

  // Closing the error closes its notice too.
  await error.getByRole('button', { name: 'Close' }).click();
  await expect(error).toHaveCount(0);
  await expect(notice).toHaveCount(0);
});


import { expect, test } from '../fixtures/test';

test.describe('app frame in web mode', () => {
  test('loads, removes the token from the address bar and opens the demo', async ({ page, web }) => {
    await page.goto(web.launchUrl);
    await expect(page).toHaveTitle('TRuDI');
    await expect(page.getByTestId('product-name')).toHaveText('TRuDI');
    await expect(page.getByRole('navigation')).toBeVisible();
    // The token leaves the address bar and lives in sessionStorage only; the hash then carries the view.
    await expect.poll(() => page.url()).toBe(`${web.origin}/#/dashboard`);
    expect(await page.evaluate("sessionStorage.getItem('trudi.token')")).toBe(web.token);
    // With no gateway configured the app opens the embedded demo and labels it.
    await expect(page.getByTestId('source-badge')).toHaveText('Demo');
    await expect(page.getByTestId('gateway-id')).not.toBeEmpty();
  });

  test('subscribes to progress events over the WebSocket with the token', async ({ page, web }) => {
    const socket = page.waitForEvent('websocket');
    await page.goto(web.launchUrl);
    const ws = await socket;
    expect(ws.url()).toBe(`ws://127.0.0.1:${web.port}/api/events?token=${encodeURIComponent(web.token)}`);
    await expect(page.getByTestId('total-import')).toBeVisible();
    expect(ws.isClosed()).toBe(false);
  });

  test('a reload keeps working with the token from sessionStorage', async ({ page, web }) => {
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('total-import')).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('total-import')).toBeVisible();
    await expect(page.getByTestId('error')).toHaveCount(0);
  });

  test('the navigation switches to the engine info, which reports the HTTP transport', async ({ page, web }) => {
    await page.goto(web.launchUrl);
    await page.getByTestId('nav-about').click();
    await expect(page.getByTestId('nav-about')).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('engine-transport')).toHaveText('Lokaler Webmodus (HTTP)');
    await page.getByTestId('nav-dashboard').click();
    await expect(page.getByTestId('total-import')).toBeVisible();
  });

  test('without the token the page shows a clear error with its code', async ({ page, web }) => {
    await page.goto(`${web.origin}/`);
    await expect(page.getByTestId('error-code')).toHaveText('NO_TOKEN');
    await expect(page.getByTestId('error')).toContainText('#token=');
  });

  test('with a wrong token the engine refuses and the page shows UNAUTHORIZED', async ({ page, web }) => {
    await page.goto(`${web.origin}/#token=not-the-token`);
    await expect(page.getByTestId('error-code')).toHaveText('UNAUTHORIZED');
    await expect(page.getByTestId('total-import')).toHaveCount(0);
  });

  test('a call that fails on the way shows its code and message, and "try again" recovers', async ({ page, web }) => {
    await page.route('**/api/call/getSeries', (route) => route.abort('connectionreset'));
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('error-code')).toHaveText('ENGINE_UNREACHABLE');
    await expect(page.getByTestId('error')).toContainText('Die Anwendung im Hintergrund antwortet nicht.');
    await expect(page.getByTestId('error')).toContainText('npx trudi serve');
    await expect(page.getByTestId('gateway-id')).not.toBeEmpty(); // openDemo itself worked
    await page.unroute('**/api/call/getSeries');
    await page.getByRole('button', { name: 'Erneut versuchen' }).click();
    await expect(page.getByTestId('error')).toHaveCount(0);
    await expect(page.getByTestId('total-import')).toBeVisible();
  });

  test('cancel stops waiting at once and says so; try again loads the values', async ({ page, web }) => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/call/getSeries', async (route) => {
      await released;
      await route.continue().catch(() => {});
    });
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('loading')).toBeVisible();
    await page.getByRole('button', { name: 'Abbrechen' }).click();
    await expect(page.getByTestId('loading')).toHaveCount(0);
    await expect(page.getByTestId('error-code')).toHaveText('CANCELLED');
    await expect(page.getByTestId('error')).toContainText('Der Vorgang wurde abgebrochen.');
    release();
    await page.unroute('**/api/call/getSeries');
    await page.getByRole('button', { name: 'Erneut versuchen' }).click();
    await expect(page.getByTestId('total-import')).toBeVisible();
    await expect(page.getByTestId('error')).toHaveCount(0);
  });

  test('shows a progress indicator while the engine is working, then the values', async ({ page, web }) => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/call/getSeries', async (route) => {
      await released;
      await route.continue();
    });
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('loading')).toBeVisible();
    await expect(page.getByTestId('loading').locator('progress')).toBeVisible();
    await expect(page.locator('main')).toHaveAttribute('aria-busy', 'true');
    release();
    await expect(page.getByTestId('total-import')).toBeVisible();
    await expect(page.getByTestId('loading')).toHaveCount(0);
    await expect(page.locator('main')).toHaveAttribute('aria-busy', 'false');
  });
});

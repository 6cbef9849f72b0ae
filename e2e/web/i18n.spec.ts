import { callEngine } from '../fixtures/engine-api';
import { expect, test } from '../fixtures/test';

test.describe('language switch', () => {
  test('German is the default; EN switches texts and number format, persists, and DE switches back', async ({ page, web }) => {
    const summary = await callEngine(web, 'openDemo');
    const { totals } = await callEngine(web, 'getSeries', { readoutId: summary.readoutId, resolution: 'day' });
    const format = (locale: string) =>
      new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(totals.import!);

    await page.goto(web.launchUrl);
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Verbrauchsübersicht');
    await expect(page.getByTestId('nav-dashboard')).toHaveText('Übersicht');
    await expect(page.getByTestId('total-import')).toContainText('Bezug gesamt');
    await expect(page.getByTestId('total-import').getByTestId('value')).toHaveText(format('de-DE'));
    await expect(page.getByTestId('lang-de')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('lang-en')).toHaveAttribute('aria-pressed', 'false');
    // Each button is marked with its own language (screen readers say "EN" in English), in a named group.
    await expect(page.getByRole('group', { name: 'Sprache' }).getByRole('button')).toHaveText(['DE', 'EN']);
    await expect(page.getByTestId('lang-de')).toHaveAttribute('lang', 'de');
    await expect(page.getByTestId('lang-en')).toHaveAttribute('lang', 'en');

    await page.getByTestId('lang-en').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Consumption overview');
    await expect(page.getByTestId('nav-dashboard')).toHaveText('Overview');
    await expect(page.getByTestId('total-import')).toContainText('Total consumption');
    await expect(page.getByTestId('total-export')).toContainText('Total feed-in');
    await expect(page.getByTestId('total-import').getByTestId('value')).toHaveText(format('en-GB'));
    await expect(page.getByTestId('period')).toHaveText('01/01/2025, 00:00 to 01/01/2026, 00:00');
    await page.getByTestId('nav-consumption').click();
    await page.getByTestId('consumption-month').click();
    // Other segmented buttons carry no language of their own.
    await expect(page.getByTestId('consumption-month')).not.toHaveAttribute('lang');
    await expect(page.getByTestId('energy-chart')).toHaveAttribute('aria-label', /^Bar chart: consumption and feed-in per month/);
    await page.getByTestId('nav-dashboard').click();
    expect(format('en-GB')).not.toBe(format('de-DE'));

    // The choice survives a reload (localStorage).
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Consumption overview');
    await expect(page.getByTestId('lang-en')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('lang-de')).toHaveAttribute('aria-pressed', 'false');
    await expect(page.getByRole('group', { name: 'Language' })).toBeVisible();

    await page.getByTestId('lang-de').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Verbrauchsübersicht');
    await expect(page.getByTestId('total-import').getByTestId('value')).toHaveText(format('de-DE'));
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  });

  test('error hints are translated too', async ({ page, web }) => {
    await page.goto(`${web.origin}/`);
    await expect(page.getByTestId('error')).toContainText('Das hat nicht geklappt');
    await page.getByTestId('lang-en').click();
    await expect(page.getByTestId('error')).toContainText('Something went wrong');
    await expect(page.getByTestId('error')).toContainText('Open the full address printed by');
    await expect(page.getByTestId('error-code')).toHaveText('NO_TOKEN');
  });
});

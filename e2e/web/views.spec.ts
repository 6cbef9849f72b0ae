/**
 * Every read-out view on the landing demo: it renders the engine's data, in German and English, without
 * console errors or CSP violations. Screenshots of each view go to test-results/views/ for a human look.
 */
import type { Page } from '@playwright/test';
import { callEngine } from '../fixtures/engine-api';
import { generateSample } from '../fixtures/sample-file';
import { expect, test } from '../fixtures/test';

const VIEWS = ['dashboard', 'consumption', 'loadProfile', 'status', 'log', 'certificates', 'bill', 'problems', 'export', 'about'] as const;

async function openView(page: Page, view: (typeof VIEWS)[number]): Promise<void> {
  await page.getByTestId(`nav-${view}`).click();
  await expect(page.getByTestId(`nav-${view}`)).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('loading')).toHaveCount(0);
}

test.describe('read-out views', () => {
  test('every view renders without console errors or CSP violations (screenshots in test-results/views)', async ({ page, web, problems }) => {
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('total-import')).toBeVisible();
    await expect(page.getByTestId('current-source')).toHaveText('Demo');
    for (const view of VIEWS) {
      await openView(page, view);
      await expect(page.getByTestId('error')).toHaveCount(0);
      await expect(page.locator('main h1')).not.toBeEmpty();
      await page.screenshot({ path: `test-results/views/${view}.png`, fullPage: true });
    }
    await page.getByTestId('lang-en').click();
    for (const view of VIEWS) {
      await openView(page, view);
      await expect(page.getByTestId(`nav-${view}`)).toHaveAttribute('aria-current', 'page');
      await page.screenshot({ path: `test-results/views/${view}-en.png`, fullPage: true });
    }
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(await problems.cspViolations()).toEqual([]);
  });

  test('consumption shows the engine report per month with net values, never 0 for incomplete periods', async ({ page, web }) => {
    const summary = await callEngine(web, 'openDemo');
    const report = await callEngine(web, 'getConsumption', { readoutId: summary.readoutId });
    await page.goto(web.launchUrl);
    await openView(page, 'consumption');
    await page.getByTestId('consumption-month').click();
    await page.getByText('Werte als Tabelle').click();
    const rows = page.getByTestId('consumption-table').locator('tbody tr');
    await expect(rows).toHaveCount(report.month.length);
    const de = (v: number | null) => (v === null ? '—' : new Intl.NumberFormat('de-DE', { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(v));
    for (const [i, point] of report.month.entries()) {
      const row = rows.nth(i);
      await expect(row).toHaveAttribute('data-start', point.start);
      await expect(row.locator('[data-column="import"]')).toHaveText(de(point.import));
      await expect(row.locator('[data-column="net"]')).toHaveText(de(point.net));
      if (point.incomplete) await expect(row.locator('[data-column="note"]')).toHaveText(point.incomplete.map((r) => r.de).join(' '));
    }
    await page.getByTestId('consumption-billingMonths').click();
    await expect(page.getByTestId('consumption-table').locator('tbody tr')).toHaveCount(report.billingMonths.length);
  });

  test('the status grid has one cell per day with its level; counts on focus', async ({ page, web }) => {
    const summary = await callEngine(web, 'openDemo');
    const report = await callEngine(web, 'getConsumption', { readoutId: summary.readoutId });
    await page.goto(web.launchUrl);
    await openView(page, 'status');
    const cells = page.getByTestId('status-cell');
    await expect(cells).toHaveCount(report.days.length);
    const first = report.days[0]!;
    const cell = page.locator(`[data-testid="status-cell"][data-date="${first.date}"]`);
    await expect(cell).toHaveAttribute('data-level', first.level);
    await cell.focus();
    await expect(cell.locator('.status-pop')).toBeVisible();
    // One tab stop for the grid; arrows move day by day and month by month.
    await expect(page.locator('[data-testid="status-cell"][tabindex="0"]')).toHaveCount(1);
    await page.keyboard.press('ArrowRight');
    await expect(page.locator(`[data-testid="status-cell"][data-date="${report.days[1]!.date}"]`)).toBeFocused();
    await page.keyboard.press('ArrowDown');
    // The demo starts on 1 January: one month below 2 January is 2 February.
    expect(report.days[1]!.date).toBe('2025-01-02');
    await expect(page.locator('[data-testid="status-cell"][data-date="2025-02-02"]')).toBeFocused();
    // The tab stop moved with the focus into the next month's row: still exactly one.
    await expect(page.locator('[data-testid="status-cell"][tabindex="0"]')).toHaveAttribute('data-date', '2025-02-02');
    await expect(page.locator('[data-testid="status-cell"][tabindex="0"]')).toHaveCount(1);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowLeft');
    await expect(cell).toBeFocused();
    await expect(cell.locator('.status-pop')).toContainText(`${first.channels.reduce((s, c) => s + c.values, 0)} von`);
    // Counted nouns take their plural form: "1 Lücke", "0 Lücken", "von 1 Wert", "von 96 Werten".
    const expected = first.channels.reduce((s, c) => s + (c.expected ?? Number.NaN), 0);
    await expect(cell.locator('.status-pop')).toContainText(first.gaps === 1 ? '1 Lücke' : `${first.gaps} Lücken`);
    if (Number.isFinite(expected)) await expect(cell.locator('.status-pop')).toContainText(`von ${expected} ${expected === 1 ? 'Wert' : 'Werten'}`);
    // The table alternative: one row per day and channel.
    await page.getByText('Statusübersicht als Tabelle').click();
    await expect(page.getByTestId('status-table').locator('tbody tr')).toHaveCount(report.days.reduce((n, d) => n + d.channels.length, 0));
  });

  test('the log book of an opened file filters by level and text', async ({ page, web }) => {
    const file = generateSample(1, 'log-sample.xml');
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('total-import')).toBeVisible();
    await page.getByTestId('file-input').setInputFiles(file);
    await expect(page.getByTestId('current-source')).toHaveText('Datei');
    const details = await callEngine(web, 'getReadoutDetails', await page.getByTestId('readout-select').inputValue());
    const entries = details.usagePoints[0]!.logEntries;
    expect(entries.length).toBeGreaterThan(1);
    await openView(page, 'log');
    await page.screenshot({ path: 'test-results/views/log-file.png', fullPage: true });
    const rows = page.getByTestId('log-table').locator('tbody tr');
    await expect(rows).toHaveCount(entries.length);
    const level = entries[0]!.level!;
    await page.getByTestId('log-level').selectOption(String(level));
    await expect(rows).toHaveCount(entries.filter((e) => e.level === level).length);
    await page.getByTestId('log-level').selectOption('all');
    const word = entries[0]!.text!.split(' ')[0]!;
    await page.getByTestId('log-search').fill(word);
    await expect(rows).toHaveCount(entries.filter((e) => (e.text ?? '').toLowerCase().includes(word.toLowerCase())).length);
  });

  test('a new view switches language: load profile headings, verdicts and number format', async ({ page, web }) => {
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('total-import')).toBeVisible();
    await openView(page, 'loadProfile');
    await expect(page.getByTestId('profile-table')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lastgang');
    await expect(page.getByTestId('profile-table').locator('thead')).toContainText('Zählerstand');
    await page.getByTestId('lang-en').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Load profile');
    await expect(page.getByTestId('nav-loadProfile')).toHaveText('Load profile');
    await expect(page.getByTestId('profile-table').locator('thead')).toContainText('Register');
    await expect(page.getByTestId('profile-counts')).toContainText('values');
    await page.getByTestId('lang-de').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lastgang');
  });
});

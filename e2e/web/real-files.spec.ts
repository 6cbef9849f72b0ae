/**
 * Real gateway files from ../shared/conformance (read in place): what validation found, incomplete
 * periods with their reason, gaps in the load profile, and a fatal day in the status overview.
 */
import { callEngine } from '../fixtures/engine-api';
import { CONFORMANCE_SKIP_REASON, HAS_CONFORMANCE, conformancePath } from '../fixtures/conformance';
import { openFileInApp } from '../fixtures/open-file';
import { expect, test } from '../fixtures/test';

test.describe('real files', () => {
  test.skip(!HAS_CONFORMANCE, CONFORMANCE_SKIP_REASON);

  test('a read-out with gaps: validation findings with their place, incomplete days with the reason, gaps marked', async ({ page, web, problems }) => {
    const readoutId = await openFileInApp(page, web.launchUrl, conformancePath('trudi/samples/IF_Adapter_TRuDI_DatenTAF7_With_Gaps.xml'));
    const details = await callEngine(web, 'getReadoutDetails', readoutId);
    const report = await callEngine(web, 'getConsumption', { readoutId });

    await page.getByTestId('nav-problems').click();
    const rows = page.getByTestId('problems-table').locator('tbody tr');
    await expect(rows).toHaveCount(details.problems.length);
    const first = details.problems[0]!;
    await expect(rows.first()).toContainText(first.code);
    await expect(rows.first()).toContainText(first.de);
    await expect(rows.first()).toContainText(`${first.location!.line}:${first.location!.column}`);
    await page.screenshot({ path: 'test-results/views/problems-file.png', fullPage: true });
    await page.getByTestId('lang-en').click();
    await expect(rows.first()).toContainText(first.en);
    await page.getByTestId('lang-de').click();

    await page.getByTestId('nav-consumption').click();
    await page.getByTestId('consumption-day').click();
    await page.getByText('Werte als Tabelle').click();
    const incomplete = report.day.filter((p) => p.incomplete);
    expect(incomplete.length).toBeGreaterThan(0);
    for (const point of incomplete) {
      const row = page.locator(`[data-testid="consumption-table"] tr[data-start="${point.start}"]`);
      await expect(row.locator('[data-column="import"]')).toHaveText('—');
      await expect(row.locator('[data-column="note"]')).toHaveText(point.incomplete!.map((r) => r.de).join(' '));
    }
    await expect(page.getByTestId('consumption-incomplete')).toBeVisible();

    const day = report.days[0]!;
    await page.getByTestId('nav-loadProfile').click();
    await page.getByTestId('profile-date').fill(day.date);
    const channelId = await page.getByTestId('profile-channel').inputValue();
    const profile = await callEngine(web, 'getLoadProfile', { readoutId, channelId, from: day.start, to: day.end });
    expect(profile.gaps.length).toBeGreaterThan(0);
    await expect(page.getByTestId('profile-row')).toHaveCount(profile.points.length);
    await expect(page.getByTestId('profile-gap')).toHaveCount(profile.gaps.length);
    await expect(page.getByTestId('profile-gap').first()).toContainText('kein Messwert vorhanden');
    await expect(page.getByTestId('load-profile-chart')).toHaveAttribute('aria-label', new RegExp(`${profile.gaps.length} ${profile.gaps.length === 1 ? 'Lücke' : 'Lücken'}\\b`));
    await page.screenshot({ path: 'test-results/views/loadProfile-gaps.png', fullPage: true });

    expect(problems.consoleErrors).toEqual([]);
    expect(await problems.cspViolations()).toEqual([]);
  });

  test('a fatal status shows as a fatal day in the status grid', async ({ page, web }) => {
    const readoutId = await openFileInApp(page, web.launchUrl, conformancePath('trudi/samples/result_3_days_geterrorlist.xml'));
    const report = await callEngine(web, 'getConsumption', { readoutId });
    const fatal = report.days.filter((d) => d.level === 'fatal');
    expect(fatal.length).toBeGreaterThan(0);
    await page.getByTestId('nav-status').click();
    await expect(page.getByTestId('status-cell')).toHaveCount(report.days.length);
    for (const day of fatal) await expect(page.locator(`[data-testid="status-cell"][data-date="${day.date}"]`)).toHaveAttribute('data-level', 'fatal');
    await page.screenshot({ path: 'test-results/views/status-fatal.png', fullPage: true });
  });
});

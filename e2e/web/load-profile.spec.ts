/** Load profile of one day: DST days have 92 and 100 quarter-hours; the table matches the engine. */
import { callEngine } from '../fixtures/engine-api';
import { expect, test } from '../fixtures/test';

test.describe('load profile', () => {
  for (const [date, count] of [
    ['2025-03-30', 92],
    ['2025-10-26', 100],
  ] as const) {
    test(`the DST day ${date} shows ${count} values in the table and the chart`, async ({ page, web }) => {
      const summary = await callEngine(web, 'openDemo');
      await page.goto(web.launchUrl);
      await expect(page.getByTestId('total-import')).toBeVisible();
      await page.getByTestId('nav-loadProfile').click();
      await page.getByTestId('profile-date').fill(date);
      await expect(page.getByTestId('profile-row')).toHaveCount(count);
      await expect(page.getByTestId('profile-gap')).toHaveCount(0);
      await expect(page.getByTestId('load-profile-chart')).toHaveAttribute('aria-label', new RegExp(`${count} Werte, 0 Lücken`));
      const channelId = await page.getByTestId('profile-channel').inputValue();
      const profile = await callEngine(web, 'getLoadProfile', {
        readoutId: summary.readoutId,
        channelId,
        from: date === '2025-03-30' ? '2025-03-30T00:00:00+01:00' : '2025-10-26T00:00:00+02:00',
        to: date === '2025-03-30' ? '2025-03-31T00:00:00+02:00' : '2025-10-27T00:00:00+01:00',
      });
      expect(profile.points).toHaveLength(count);
      const times = await page.getByTestId('profile-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-time')));
      expect(times).toEqual(profile.points.map((p) => p.time));
      // Without a signature check no verdict claims validity.
      await expect(page.getByTestId('profile-row').locator('[data-column="signature"]').filter({ hasText: '✓' })).toHaveCount(0);
      await page.screenshot({ path: `test-results/views/loadProfile-${date}.png`, fullPage: true });
    });
  }

  test('previous and next day move the date; a day without readings says so', async ({ page, web }) => {
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('total-import')).toBeVisible();
    await page.getByTestId('nav-loadProfile').click();
    await page.getByTestId('profile-date').fill('2025-06-15');
    await expect(page.getByTestId('profile-row')).toHaveCount(96);
    await page.getByTestId('profile-next').click();
    await expect(page.getByTestId('profile-date')).toHaveValue('16.06.2025');
    await page.getByTestId('profile-prev').click();
    await page.getByTestId('profile-prev').click();
    await expect(page.getByTestId('profile-date')).toHaveValue('14.06.2025');
    await expect(page.getByTestId('profile-date')).toHaveAttribute('data-value', '2025-06-14');
    await expect(page.getByTestId('profile-row').first()).toHaveAttribute('data-time', '2025-06-14T00:00:00+02:00');
  });
});

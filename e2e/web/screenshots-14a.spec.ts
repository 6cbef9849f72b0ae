/**
 * Screenshots of the overview, consumption and load-profile views at 1280 px and 390 px, light and dark
 * system setting, German and English, kept as test artifacts in test-results/views/. Each also checks that
 * the view's content is there (not a screenshot of a spinner) and that nothing failed on the page.
 */
import { expect, test } from '../fixtures/test';

const VIEWS = [
  { nav: 'dashboard', ready: 'compare-month' },
  { nav: 'consumption', ready: 'energy-chart' },
  { nav: 'loadProfile', ready: 'range-chart' },
] as const;

test.describe('view screenshots (overview, consumption, load profile)', () => {
  for (const width of [1280, 390]) {
    for (const scheme of ['light', 'dark'] as const) {
      test(`${width} px, ${scheme}, de and en`, async ({ page, web, problems }) => {
        test.setTimeout(120_000);
        await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(web.launchUrl);
        for (const lang of ['de', 'en'] as const) {
          await page.getByTestId(`lang-${lang}`).click();
          for (const view of VIEWS) {
            await page.getByTestId(`nav-${view.nav}`).click();
            await expect(page.getByTestId(view.ready)).toBeVisible({ timeout: 60_000 });
            await page.screenshot({ path: `test-results/views/${view.nav}-${width}-${scheme}-${lang}.png`, fullPage: true });
          }
        }
        await page.getByTestId('lang-de').click();
        expect(problems.consoleErrors).toEqual([]);
        expect(problems.pageErrors).toEqual([]);
      });
    }
  }
});

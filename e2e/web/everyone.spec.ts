/**
 * For everyone: every view at 1280 and 390 px, light and dark, German and English passes axe-core without a
 * serious or critical finding (status pills on screen: the certificates view after its signature check) and is kept as a screenshot (test-results/screens/); deep links survive a
 * reload and the back button; the skip link and a change of view move focus to the view's heading; a phone
 * screen has no sideways scroll and a header of at most a quarter of its height; the dark theme follows the
 * system; import and export colours differ in luminance.
 */
import { APP_VIEWS, PAGE_SETTINGS, applySetting, openView, screenshot, seriousAxeFindings, settingName, showStatusStates } from '../fixtures/everyone';
import type { AxeFinding } from '../fixtures/everyone';
import { join } from 'node:path';
import { BUNDLED_TRUST_DIR } from '../../src/crypto/chain/trust-anchors';
import { generateSample } from '../fixtures/sample-file';
import { expect, test } from '../fixtures/test';

test.describe('for everyone', () => {
  for (const setting of PAGE_SETTINGS) {
    test(`axe-core and screenshots of every view at ${settingName(setting)}`, async ({ page, web, problems }) => {
      test.setTimeout(240_000);
      await applySetting(page, setting);
      await page.goto(web.launchUrl);
      await expect(page.getByTestId('total-import')).toBeVisible();
      if (setting.lang === 'en') await page.getByTestId('lang-en').click();
      await expect(page.locator('html')).toHaveAttribute('lang', setting.lang);
      const findings: Record<string, AxeFinding[]> = {};
      const sideways: Record<string, number> = {};
      for (const view of APP_VIEWS) {
        await openView(page, view);
        await showStatusStates(page, view);
        await expect(page.getByTestId('error')).toHaveCount(0);
        const serious = await seriousAxeFindings(page);
        if (serious.length > 0) findings[view] = serious;
        await screenshot(page, view, setting);
        // No sideways scroll on a phone.
        const scrollWidth = (await page.evaluate('document.documentElement.scrollWidth')) as number;
        if (scrollWidth > setting.width) sideways[view] = scrollWidth;
      }
      expect(findings).toEqual({});
      expect(sideways).toEqual({});
      expect(problems.consoleErrors).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
    });
  }

  test('status pills on screen pass axe in light and dark: a valid chain (TEST root installed) on the certificates view', async ({ page, freshWeb: web, problems }) => {
    test.setTimeout(180_000);
    // The demo read-out is unsigned (its chain status is an error pill); a signed sample under an installed
    // TEST root shows the green "valid" pill, the TEST badge and the valid count.
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('total-import')).toBeVisible();
    await page.getByTestId('nav-trust').click();
    await page.getByTestId('trust-file-input').setInputFiles(join(BUNDLED_TRUST_DIR, 'trudi-test-root-brainpool.pem'));
    await expect(page.getByTestId('trust-row')).toHaveCount(1);
    await page.getByTestId('file-input').setInputFiles(generateSample(1, 'everyone-signed.xml'));
    await expect(page.getByTestId('current-source')).toHaveText('Datei');
    await openView(page, 'certificates');
    await showStatusStates(page, 'certificates');
    await expect(page.getByTestId('chain-status')).toHaveClass(/pill-ok/);
    await expect(page.getByTestId('chain-test')).toBeVisible();
    for (const scheme of ['light', 'dark'] as const) {
      await applySetting(page, { width: 1280, scheme, lang: 'de' });
      expect(await seriousAxeFindings(page), scheme).toEqual([]);
      await screenshot(page, 'certificates-valid', { width: 1280, scheme, lang: 'de' });
    }
    expect(problems.pageErrors).toEqual([]);
  });

  test('a deep link survives a reload and the back button; an unknown path opens the overview', async ({ page, web }) => {
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('total-import')).toBeVisible();
    await expect(page).toHaveURL(/#\/dashboard$/);
    await expect(page).not.toHaveURL(/token=/);
    await openView(page, 'loadProfile');
    await expect(page).toHaveURL(/#\/load-profile$/);
    await openView(page, 'status');
    await expect(page).toHaveURL(/#\/status$/);
    await page.reload();
    await expect(page.getByTestId('nav-status')).toHaveAttribute('aria-current', 'page');
    await expect(page.locator('main h1')).toHaveText(/Status/);
    await expect(page.getByTestId('loading')).toHaveCount(0);
    await expect(page.getByTestId('error')).toHaveCount(0);
    await page.goBack();
    await expect(page.getByTestId('nav-loadProfile')).toHaveAttribute('aria-current', 'page');
    await expect(page).toHaveURL(/#\/load-profile$/);
    const url = new URL(page.url());
    await page.goto(`${url.origin}${url.pathname}#/no-such-view`);
    await expect(page.getByTestId('nav-dashboard')).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('total-import')).toBeVisible();
  });

  test('skip link and a change of view move focus to the view heading', async ({ page, web }) => {
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('total-import')).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('skip-link')).toBeFocused();
    await expect(page.getByTestId('skip-link')).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.locator('main h1')).toBeFocused();
    await page.getByTestId('nav-log').focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('main h1')).toBeFocused();
    await expect(page.locator('main h1')).toHaveText(/Log|Protokoll/);
  });

  test('a 390 × 844 phone: the header takes at most a quarter of the screen', async ({ page, web }) => {
    await applySetting(page, { width: 390, scheme: 'light', lang: 'de' });
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('total-import')).toBeVisible();
    for (const view of ['dashboard', 'loadProfile', 'bill'] as const) {
      await openView(page, view);
      const header = await page.locator('.app-header').boundingBox();
      expect(header?.height ?? Infinity, `${view} header height`).toBeLessThanOrEqual(844 / 4);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    }
  });

  test('the dark theme follows the system; import and export differ in luminance in both themes', async ({ page, web }) => {
    const luminance = `(() => {
      const lum = (name) => {
        const probe = document.createElement('span');
        probe.style.color = 'var(' + name + ')';
        document.body.append(probe);
        const [r, g, b] = getComputedStyle(probe).color.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map((c) => {
          const s = c / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        probe.remove();
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      return { bg: lum('--color-bg'), text: lum('--color-text'), import: lum('--color-import'), export: lum('--color-export') };
    })()`;
    const ratio = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('total-import')).toBeVisible();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const l = (await page.evaluate(luminance)) as { bg: number; text: number; import: number; export: number };
      if (scheme === 'light') expect(l.bg).toBeGreaterThan(0.8);
      else expect(l.bg).toBeLessThan(0.05);
      expect(ratio(l.text, l.bg)).toBeGreaterThanOrEqual(7);
      // Apart in luminance, not only in hue (colour-blind users), and each visible on the background.
      expect(ratio(l.import, l.export), `${scheme} import/export`).toBeGreaterThanOrEqual(2);
      expect(ratio(l.import, l.bg)).toBeGreaterThanOrEqual(3);
      expect(ratio(l.export, l.bg)).toBeGreaterThanOrEqual(3);
    }
  });
});

/**
 * Date fields in the app's language, not the browser's: with an American browser (en-US, month first) the
 * load-profile date reads 15.06.2025 in German and 15/06/2025 in English, the calendar names months and
 * weekdays in the app's language, works with the keyboard, and a wrong date says how to write it.
 */
import { expect, test } from '../fixtures/test';

test.use({ locale: 'en-US' });

test('the load-profile date field and its calendar follow the app language', async ({ page, web }) => {
  await page.goto(web.launchUrl);
  await expect(page.getByTestId('total-import')).toBeVisible();
  await page.getByTestId('nav-loadProfile').click();
  const field = page.getByTestId('profile-date');
  await field.fill('15.06.2025');
  await field.press('Enter');
  await expect(field).toHaveValue('15.06.2025');
  await expect(field).toHaveAttribute('data-value', '2025-06-15');
  await expect(page.getByTestId('profile-row').first()).toHaveAttribute('data-time', /^2025-06-15T00:00/);

  // The calendar in German: month and weekdays, Monday first.
  await page.getByTestId('profile-date-calendar').click();
  const popup = page.getByTestId('profile-date-popup');
  await expect(popup).toBeVisible();
  await expect(page.getByTestId('profile-date-month')).toHaveText('Juni 2025');
  await expect(popup.locator('th').first()).toHaveText('Mo');
  await expect(popup.locator('[data-date="2025-06-15"]')).toBeFocused();
  await expect(popup.locator('[data-date="2025-06-15"]')).toHaveAttribute('aria-label', 'Sonntag, 15. Juni 2025');
  // Keyboard: a day on, a week on, pick with Enter.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await expect(popup.locator('[data-date="2025-06-23"]')).toBeFocused();
  await page.keyboard.press('PageUp');
  await expect(page.getByTestId('profile-date-month')).toHaveText('Mai 2025');
  await page.keyboard.press('PageDown');
  await page.keyboard.press('Enter');
  await expect(popup).toHaveCount(0);
  await expect(field).toBeFocused();
  await expect(field).toHaveValue('23.06.2025');
  await expect(page.getByTestId('profile-row').first()).toHaveAttribute('data-time', /^2025-06-23T00:00/);

  // A date that does not exist: the field says how to write one, the view keeps the last date.
  await field.fill('31.02.2025');
  await field.press('Enter');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert').filter({ hasText: 'TT.MM.JJJJ' })).toBeVisible();
  await expect(field).toHaveAttribute('data-value', '2025-06-23');

  // English: day first (en-GB), although the browser is American.
  await field.fill('23.06.2025');
  await field.press('Enter');
  await page.getByTestId('lang-en').click();
  await expect(field).toHaveValue('23/06/2025');
  await page.getByTestId('profile-date-calendar').click();
  await expect(page.getByTestId('profile-date-month')).toHaveText('June 2025');
  await expect(page.getByTestId('profile-date-popup').locator('th').first()).toHaveText('Mon');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('profile-date-popup')).toHaveCount(0);
  await field.fill('24/06/2025');
  await field.press('Enter');
  await expect(field).toHaveAttribute('data-value', '2025-06-24');
  await expect(page.getByTestId('profile-row').first()).toHaveAttribute('data-time', /^2025-06-24T00:00/);
});

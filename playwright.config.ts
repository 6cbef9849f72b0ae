/**
 * Playwright e2e: the built renderer in Debian's Chromium against the real engine in local web mode
 * (`node bin/trudi.mjs serve --port 0`, started per worker by e2e/fixtures/web-mode.ts), plus the Electron
 * spec where an Electron binary exists. Needs `npm run build` (or `npm run build:renderer`) first.
 */
import { defineConfig } from '@playwright/test';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  // Two cores shared by several processes: one browser at a time keeps the run steady.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    browserName: 'chromium',
    locale: 'de-DE',
    timezoneId: 'America/New_York', // legal time must not depend on the machine's zone
    viewport: { width: 1280, height: 900 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
    },
  },
});

/**
 * The overview's answers equal the engine's own numbers: for the same windows, `npx trudi consumption FILE
 * --json --from --to` (the CLI, a separate process on the same file) gives the register totals the cards
 * show, and the change in per cent follows from them. The windows are written out here, not computed by
 * the module under test.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { WindowTotalsDto } from '../../src/api/dto';
import { callEngine } from '../fixtures/engine-api';
import { generateSample } from '../fixtures/sample-file';
import { expect, test } from '../fixtures/test';
import { PROJECT_ROOT } from '../fixtures/web-mode';

const de = (value: number, digits: number) =>
  new Intl.NumberFormat('de-DE', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);

/** The CLI's totals for a window of Berlin calendar days. */
function cliTotals(file: string, from: string, to: string): WindowTotalsDto {
  const out = execFileSync(process.execPath, ['bin/trudi.mjs', 'consumption', file, '--json', '--from', from, '--to', to], {
    cwd: PROJECT_ROOT,
    maxBuffer: 256 * 1024 * 1024,
  });
  return (JSON.parse(out.toString('utf8')) as { totals: WindowTotalsDto }).totals;
}

async function expectSide(card: Locator, side: 'current' | 'reference', total: number | null): Promise<void> {
  await expect(card.locator(`[data-side="${side}"] [data-testid="value"]`)).toHaveText(total === null ? '—' : de(total, 1));
}

async function expectChange(card: Locator, current: number | null, reference: number | null): Promise<void> {
  const change = card.getByTestId('change');
  if (current === null || reference === null || reference === 0) {
    await expect(change).toHaveText('Kein Vergleich möglich: für einen der Zeiträume fehlen Messwerte.');
    return;
  }
  const c = (current - reference) / reference;
  await expect(change).toHaveText(`${de(Math.abs(c) * 100, 1)} % ${c >= 0 ? 'mehr' : 'weniger'}`);
}

async function openFile(page: Page, file: string): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(file);
  await expect(page.getByTestId('current-source')).toHaveText('Datei');
}

test.describe('overview answers', () => {
  test.describe.configure({ timeout: 300_000 });

  test('demo year: December and the last 12 months equal the CLI; the year before has no readings', async ({ page, web }) => {
    const summary = await callEngine(web, 'openDemo');
    const original = await callEngine(web, 'exportReadout', { readoutId: summary.readoutId, format: 'xml' });
    const file = join(mkdtempSync(join(tmpdir(), 'trudi-e2e-')), original.fileName);
    writeFileSync(file, Buffer.from(original.contentBase64, 'base64'));
    const month = cliTotals(file, '2025-12-01', '2026-01-01');
    const monthLastYear = cliTotals(file, '2024-12-01', '2025-01-01');
    const last12 = cliTotals(file, '2025-01-01', '2026-01-01');
    expect(month.import).toBeGreaterThan(0);
    expect(monthLastYear.import).toBeNull();

    await page.goto(web.launchUrl);
    const monthCard = page.getByTestId('compare-month');
    await expect(monthCard).toContainText('Dieser Monat gegen das Vorjahr (Bezug)');
    await expect(monthCard.locator('[data-side="current"] dt')).toHaveText('Dezember 2025');
    await expect(monthCard.locator('[data-side="reference"] dt')).toHaveText('Dezember 2024');
    await expectSide(monthCard, 'current', month.import);
    await expectSide(monthCard, 'reference', null);
    await expect(monthCard.locator('[data-side="reference"] [data-testid="note"]')).toHaveText('keine Messwerte in diesem Zeitraum');
    await expectChange(monthCard, month.import, null);

    const yearCard = page.getByTestId('compare-year');
    await expect(yearCard.locator('[data-side="current"] dt')).toHaveText('01.01.2025 – 31.12.2025');
    await expectSide(yearCard, 'current', last12.import);
    await expect(yearCard.locator('[data-side="current"] [data-testid="note"]')).toHaveText(`Abdeckung ${de(last12.directions.import!.coverage! * 100, 1)} %`);
    await expect(page.getByTestId('per-year').getByTestId('value')).toHaveText(de(last12.import!, 0));
    const days = (Date.parse(last12.directions.import!.to) - Date.parse(last12.directions.import!.from)) / 86_400_000;
    await expect(page.getByTestId('per-day').getByTestId('value')).toHaveText(de(last12.import! / days, 2));

    // Import, export and net side by side, each with its coverage; consumption first.
    const whole = cliTotals(file, '2025-01-01', '2026-01-01');
    const cards = page.getByTestId('totals').locator('.total-card');
    await expect(cards).toHaveCount(3);
    await expect(cards.nth(0)).toHaveAttribute('data-testid', 'total-import');
    await expect(page.getByTestId('total-net').getByTestId('value')).toHaveText(de(whole.net!, 1));
    await expect(page.getByTestId('total-export').getByTestId('note')).toHaveText(`Abdeckung ${de(whole.directions.export!.coverage! * 100, 1)} %`);

    // The latest reading of each channel with its verification state (the demo is unsigned).
    const rows = page.getByTestId('latest-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.first().locator('[data-column="verdict"]')).toHaveAttribute('data-verdict', 'absent');
    await expect(rows.first().locator('[data-column="captured"]')).toHaveText('01.01.2026, 00:00');
  });

  test('13 months of a signed sample: January against January, 12 months against a partly covered 12 before', async ({ page, web }) => {
    // 2024-01-01 … 2025-02-01: the month is January 2025, the 12 before reach back to February 2023.
    const file = generateSample(13, 'overview-13m.xml', '2024-01');
    const windows = {
      month: ['2025-01-01', '2025-02-01'],
      monthLastYear: ['2024-01-01', '2024-02-01'],
      last12: ['2024-02-01', '2025-02-01'],
      previous12: ['2023-02-01', '2024-02-01'],
    } as const;
    const cli = Object.fromEntries(Object.entries(windows).map(([name, [from, to]]) => [name, cliTotals(file, from, to)])) as Record<
      keyof typeof windows,
      WindowTotalsDto
    >;
    expect(cli.monthLastYear.import).toBeGreaterThan(0);
    // The 12 months before are covered only from January 2024: a partial total with its coverage, not 0.
    expect(cli.previous12.directions.import!.coverage!).toBeLessThan(0.2);

    await page.goto(web.launchUrl);
    await expect(page.getByTestId('compare-month')).toBeVisible();
    await openFile(page, file);
    const monthCard = page.getByTestId('compare-month');
    await expect(monthCard.locator('[data-side="current"] dt')).toHaveText('Januar 2025');
    await expectSide(monthCard, 'current', cli.month.import);
    await expectSide(monthCard, 'reference', cli.monthLastYear.import);
    await expectChange(monthCard, cli.month.import, cli.monthLastYear.import);

    const yearCard = page.getByTestId('compare-year');
    await expectSide(yearCard, 'current', cli.last12.import);
    await expectSide(yearCard, 'reference', cli.previous12.import);
    await expect(yearCard.locator('[data-side="reference"] [data-testid="note"]')).toHaveText(
      `Abdeckung ${de(cli.previous12.directions.import!.coverage! * 100, 1)} %`,
    );
    await expectChange(yearCard, cli.last12.import, cli.previous12.import);

    // In English the same numbers in en-GB format.
    await page.getByTestId('lang-en').click();
    await expect(monthCard.locator('[data-side="current"] dt')).toHaveText('January 2025');
    await expect(monthCard.locator('[data-side="current"] [data-testid="value"]')).toHaveText(
      new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(cli.month.import!),
    );
    await page.getByTestId('lang-de').click();

    // The sample is signed: before a check every latest reading says so, never a check mark.
    await expect(page.getByTestId('latest-row').first().locator('[data-column="verdict"]')).toHaveAttribute('data-verdict', 'unverified');
  });

  test("a plant operator's feed-in-only read-out shows feed-in first", async ({ page, web }) => {
    const file = join(mkdtempSync(join(tmpdir(), 'trudi-e2e-')), 'overview-export-only.xml');
    execFileSync(process.execPath, ['bin/trudi.mjs', 'sample', '--months', '1', '--start', '2025-06', '--channels', 'export', '--out', file], {
      cwd: PROJECT_ROOT,
      stdio: 'pipe',
    });
    const month = cliTotals(file, '2025-06-01', '2025-07-01');
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('compare-month')).toBeVisible();
    await openFile(page, file);
    await expect(page.getByTestId('export-only')).toHaveText('Nur Einspeisung: Diese Ablesung enthält keinen Bezug.');
    await expect(page.getByTestId('compare-month')).toContainText('(Einspeisung)');
    await expectSide(page.getByTestId('compare-month'), 'current', month.export);
    await expect(page.getByTestId('totals').locator('.total-card').first()).toHaveAttribute('data-testid', 'total-export');
    await expect(page.getByTestId('total-import').getByTestId('value')).toHaveText('—');
  });
});

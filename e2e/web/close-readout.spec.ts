/**
 * Read-outs are closed from the source bar: the engine frees them (no longer listed, its calls answer
 * UNKNOWN_READOUT), the switcher drops them, and the view falls back to the read-out opened before, or
 * says that none is loaded when the last one is closed.
 */
import { basename } from 'node:path';
import { rawCall, callEngine } from '../fixtures/engine-api';
import { generateSample } from '../fixtures/sample-file';
import { expect, test } from '../fixtures/test';

test.describe('closing read-outs', () => {
  test('closing a file falls back to the demo; closing the last read-out leaves every view empty, without errors', async ({ page, freshWeb }) => {
    test.setTimeout(120_000);
    const file = generateSample(1, 'closed-later.xml');
    await page.goto(freshWeb.launchUrl);
    await expect(page.getByTestId('total-import')).toBeVisible();
    await page.getByTestId('file-input').setInputFiles(file);
    await expect(page.getByTestId('current-source')).toHaveText('Datei');
    const opened = await callEngine(freshWeb, 'listReadouts');
    const fileReadout = opened.find((r) => r.source === 'file');
    expect(fileReadout).toBeDefined();

    // Close the file (it is the current one): the engine frees it; the overview goes back to the demo.
    await page.getByTestId('nav-loadProfile').click();
    await expect(page.getByTestId('close-readout')).toHaveAccessibleName(new RegExp(`${basename(file)}`));
    await page.getByTestId('close-readout').click();
    await expect(page.getByTestId('current-source')).toHaveText('Demo');
    await expect(page.getByTestId('readout-select')).not.toContainText(basename(file));
    const after = await callEngine(freshWeb, 'listReadouts');
    expect(after.map((r) => r.readoutId)).not.toContain(fileReadout!.readoutId);
    const gone = await rawCall(freshWeb.origin, 'getReadoutDetails', [fileReadout!.readoutId], { Authorization: `Bearer ${freshWeb.token}` });
    expect(gone.body.error?.code).toBe('UNKNOWN_READOUT');
    // The view stays and shows the demo's load profile.
    await expect(page).toHaveURL(/#\/load-profile$/);
    await expect(page.getByTestId('no-readout')).toHaveCount(0);
    await page.getByTestId('nav-dashboard').click();
    await expect(page.getByTestId('total-import')).toBeVisible();

    // Close the demo too: nothing is loaded; the overview and the other views say so.
    await page.getByTestId('close-readout').click();
    await expect(page.getByTestId('readout-select')).toHaveCount(0);
    await expect(page.getByTestId('close-readout')).toHaveCount(0);
    await expect(page.getByTestId('no-readout')).toBeVisible();
    await expect(page.getByTestId('total-import')).toHaveCount(0);
    expect(await callEngine(freshWeb, 'listReadouts')).toEqual([]);
    await page.getByTestId('nav-loadProfile').click();
    await expect(page.locator('main.view [data-testid="no-readout"]:visible')).toHaveCount(1);
    await expect(page.getByTestId('error')).toHaveCount(0);

    // A file opened now becomes the current read-out again.
    await page.getByTestId('file-input').setInputFiles(file);
    await expect(page.getByTestId('current-source')).toHaveText('Datei');
    await page.getByTestId('nav-dashboard').click();
    await expect(page.getByTestId('total-import')).toBeVisible();
    await expect(page.getByTestId('no-readout')).toHaveCount(0);
  });
});

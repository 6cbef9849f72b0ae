/**
 * The desktop app itself: Electron with the sandboxed preload, the app:// protocol and the engine sidecar.
 * Runs where an Electron binary exists (and, on Linux, an X display, e.g. under xvfb-run); elsewhere it is
 * skipped with the reason. Needs `npm run build` (out/main, out/preload, out/renderer).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { _electron as electron } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';
import { API_KEYS } from '../src/api/contract';
import { Engine } from '../src/engine/engine';
import { guardPage } from './fixtures/page-guard';
import { PROJECT_ROOT } from './fixtures/web-mode';
import { expect, test } from './fixtures/test';

function electronBinary(): { path: string | null; reason: string } {
  const require = createRequire(import.meta.url);
  try {
    require.resolve('electron');
  } catch {
    return { path: null, reason: 'Electron binary not installed: it cannot be downloaded on this machine (the electron package is absent).' };
  }
  let binary: unknown;
  try {
    // The package's main module returns the binary's path and throws when the download did not happen.
    binary = require('electron');
  } catch (error) {
    return { path: null, reason: `Electron binary not installed: it cannot be downloaded on this machine (${(error as Error).message.split('\n')[0]}).` };
  }
  if (typeof binary !== 'string' || !existsSync(binary)) {
    return { path: null, reason: `Electron binary not installed: it cannot be downloaded on this machine (no file at ${String(binary)}).` };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { path: null, reason: 'Electron needs a display: run the e2e tests under xvfb-run on Linux.' };
  }
  if (!existsSync(join(PROJECT_ROOT, 'out/main/index.js'))) {
    return { path: null, reason: 'The app is not built: run "npm run build" before the Electron e2e test.' };
  }
  return { path: binary, reason: '' };
}

const EVAL_PROBE = `new Promise((resolve) => setTimeout(() => {
  try { resolve(String(eval('1'))); } catch (error) { resolve(error.name); }
}, 0))`;

const binary = electronBinary();

test.describe('Electron desktop app', () => {
  test.skip(!binary.path, binary.reason);

  let app: ElectronApplication;
  let window: Page;

  test.beforeAll(async () => {
    const env = { ...process.env } as Record<string, string>;
    delete env.ELECTRON_RUN_AS_NODE;
    app = await electron.launch({ executablePath: binary.path!, args: [PROJECT_ROOT], cwd: PROJECT_ROOT, env });
    window = await app.firstWindow();
  });

  test.afterAll(async () => {
    await app?.close();
  });

  test('serves the renderer from the custom protocol and exposes exactly the contract', async () => {
    expect(window.url()).toMatch(/^app:\/\//);
    expect(await window.evaluate('Object.keys(window.trudi).sort()')).toEqual([...API_KEYS].sort());
    expect(await window.evaluate("typeof require + ',' + typeof process + ',' + typeof window.ipcRenderer")).toBe(
      'undefined,undefined,undefined',
    );
    expect(await window.evaluate(EVAL_PROBE)).toBe('EvalError');
  });

  test('shows the demo with the engine numbers over IPC, without console errors or CSP violations', async () => {
    const problems = await guardPage(window);
    await window.reload();
    const engine = new Engine('in-process');
    const summary = await engine.openDemo();
    const day = await engine.getSeries({ readoutId: summary.readoutId, resolution: 'day' });
    const de = (value: number) => new Intl.NumberFormat('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);

    await expect(window.getByTestId('gateway-id')).toHaveText(summary.gatewayId);
    await expect(window.getByTestId('source-badge')).toBeVisible();
    await expect(window.getByTestId('total-import').getByTestId('value')).toHaveText(de(day.totals.import!));
    await expect(window.getByTestId('total-export').getByTestId('value')).toHaveText(de(day.totals.export!));
    await window.getByTestId('nav-about').click();
    await expect(window.getByTestId('engine-transport')).toHaveText('Desktop-App (IPC)');
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(await problems.cspViolations()).toEqual([]);
  });
});

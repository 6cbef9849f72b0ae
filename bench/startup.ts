/**
 * How long `npm start` takes to a usable UI: from the command to the overview showing the demo's first answer and totals in
 * Chromium. Measured twice in the same run: cold (first start, builds the UI) and warm (already built).
 * Reference: a bare `node -e ""` start, measured in the same run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { PROJECT_ROOT } from '../src/project-paths';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function timeToUsableUi(): Promise<{ urlSeconds: number; usableSeconds: number }> {
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += String(chunk);
        const match = /TRuDI web mode: (\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`npm start exited with ${code}: ${out}`)));
    });
    const urlSeconds = (performance.now() - started) / 1000;
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(url);
      await page.locator('[data-testid="compare-month"] [data-testid="value"]').first().waitFor({ timeout: 60_000 });
      await page.locator('[data-testid="total-import"] [data-testid="value"]').waitFor({ timeout: 60_000 });
      return { urlSeconds, usableSeconds: (performance.now() - started) / 1000 };
    } finally {
      await browser.close();
    }
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
  }
}

export async function run(): Promise<void> {
  const t0 = performance.now();
  spawnSync(process.execPath, ['-e', '']);
  const nodeStart = (performance.now() - t0) / 1000;

  rmSync(join(PROJECT_ROOT, 'out'), { recursive: true, force: true });
  const cold = await timeToUsableUi();
  const warm = await timeToUsableUi();
  console.log(`reference: bare node start                 ${nodeStart.toFixed(2)} s`);
  console.log(`npm start, cold (builds the UI): URL after ${cold.urlSeconds.toFixed(2)} s, usable dashboard after ${cold.usableSeconds.toFixed(2)} s`);
  console.log(`npm start, warm (already built): URL after ${warm.urlSeconds.toFixed(2)} s, usable dashboard after ${warm.usableSeconds.toFixed(2)} s`);
  console.log(`warm start / bare node start: ${(warm.usableSeconds / nodeStart).toFixed(1)} x`);
}

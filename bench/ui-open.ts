/**
 * `bench -- ui`, the row "open a file for the first time": a click on "Datei öffnen", the file chosen in the
 * file chooser, until the new read-out is current and until the consumption view has drawn its first chart
 * (canvas present, then one frame). Each open makes a new read-out: the engine keeps no parse of earlier
 * opens of the same bytes, so every run reads and validates the whole file again, as on a first open.
 *
 * Reference, alternating with it in the same minutes (ABBA order): the engine's own read of the same bytes
 * through its API, sent as the renderer sends them (`application/octet-stream` to /api/call/openFile). CPU
 * seconds from /proc: the engine's for either path, and the browser's (its live processes) for the click path.
 * Every read-out opened here is closed again, so the engine holds one extra read-out at a time.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Browser } from 'playwright-core';
import type { ReadoutSummary } from '../src/api/dto';
import { callEngine } from '../e2e/fixtures/engine-api';
import type { WebMode } from '../e2e/fixtures/web-mode';
import { descendantsCpuSeconds, processCpuSeconds } from './process-cpu';

export interface OpenRun {
  /** Wall ms from the click to the new read-out being current (UI) or to the API's answer (reference). */
  heldMs: number;
  /** UI only: wall ms from the click to the first chart's frame. */
  chartMs?: number;
  /** CPU seconds of the engine process over the run; undefined without /proc. */
  engineCpu: number | undefined;
  /** UI only: CPU seconds of the browser's processes over the run (a lower bound). */
  browserCpu?: number | undefined;
}

const TIMEOUT = 300_000;

function engineCpu(web: WebMode): number | undefined {
  const own = processCpuSeconds(web.pid);
  const children = web.pid === undefined ? undefined : descendantsCpuSeconds(web.pid);
  return own === undefined || children === undefined ? undefined : own + children;
}

function browserCpu(web: WebMode): number | undefined {
  return descendantsCpuSeconds(process.pid, web.pid === undefined ? [] : [web.pid]);
}

const minus = (after: number | undefined, before: number | undefined) =>
  after === undefined || before === undefined ? undefined : after - before;

/** The reference: the file's bytes to the engine's openFile, as the renderer's HTTP client sends them. */
export async function openThroughApi(web: WebMode, file: string): Promise<OpenRun> {
  const bytes = readFileSync(file);
  const cpu0 = engineCpu(web);
  const t0 = performance.now();
  const response = await fetch(`${web.origin}/api/call/openFile?name=${encodeURIComponent(basename(file))}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${web.token}`, 'Content-Type': 'application/octet-stream' },
    body: bytes,
  });
  const body = (await response.json()) as { result?: ReadoutSummary; error?: { message: string } };
  const heldMs = performance.now() - t0;
  const cpu = minus(engineCpu(web), cpu0);
  if (!body.result) throw new Error(`openFile through the API failed (${response.status}): ${body.error?.message ?? 'no result'}`);
  await callEngine(web, 'closeReadout', body.result.readoutId);
  return { heldMs, engineCpu: cpu };
}

/** The user's path in a new page: click "open file", choose the file, wait for the first chart. */
export async function openThroughClick(browser: Browser, web: WebMode, file: string): Promise<OpenRun> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'de-DE' });
  try {
    await page.goto(web.launchUrl);
    await page.getByTestId('total-import').waitFor();
    const select = page.getByTestId('readout-select');
    const before = await select.locator('option').evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value));
    const chooser = page.waitForEvent('filechooser');
    const cpu0 = { engine: engineCpu(web), browser: browserCpu(web) };
    const t0 = performance.now();
    await page.getByTestId('open-file').click();
    await (await chooser).setFiles(file);
    // Every open makes a new read-out: wait for an id the switcher did not list before.
    await page.waitForFunction(
      (known) => {
        const element = (globalThis as unknown as { document: { querySelector(s: string): { value: string } | null } }).document.querySelector('[data-testid="readout-select"]');
        return !!element && element.value !== '' && !known.includes(element.value);
      },
      before,
      { timeout: TIMEOUT },
    );
    const heldMs = performance.now() - t0;
    await page.getByTestId('nav-consumption').click();
    await page.locator('canvas[data-testid="energy-chart"]').waitFor({ timeout: TIMEOUT });
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve(null)))');
    const chartMs = performance.now() - t0;
    const cpu = { engine: minus(engineCpu(web), cpu0.engine), browser: minus(browserCpu(web), cpu0.browser) };
    const readoutId = await select.inputValue();
    await page.close();
    await callEngine(web, 'closeReadout', readoutId);
    return { heldMs, chartMs, engineCpu: cpu.engine, browserCpu: cpu.browser };
  } finally {
    if (!page.isClosed()) await page.close();
  }
}

/** `rounds` runs of each, alternating in ABBA order (reference, click, click, reference, …). */
export async function measureFirstOpen(browser: Browser, web: WebMode, file: string, rounds: number): Promise<{ api: OpenRun[]; click: OpenRun[] }> {
  const api: OpenRun[] = [];
  const click: OpenRun[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      api.push(await openThroughApi(web, file));
      click.push(await openThroughClick(browser, web, file));
    } else {
      click.push(await openThroughClick(browser, web, file));
      api.push(await openThroughApi(web, file));
    }
  }
  return { api, click };
}

/**
 * The load profile over 24 months (the demo gateway's read-out): every quarter hour is in the chart, drawn
 * decimated while all 24 months are in view, and after zooming in to one day every one of its quarter hours
 * is drawn (as many as the engine lists for that day, the test's own request). Wheel zoom and keyboard
 * zoom narrow the view; kW is four times the quarter hour's kWh.
 */
import { berlinDayRange } from '../../renderer/src/berlin-day';
import { callEngine } from '../fixtures/engine-api';
import { expect, test } from '../fixtures/test';

test.describe('load profile over a range', () => {
  test('24 months: every quarter hour is shown after zooming in', async ({ page, freshWeb: web, problems }) => {
    test.setTimeout(300_000);
    await callEngine(web, 'startDemoGateway');
    await page.goto(web.launchUrl);
    await expect(page.getByTestId('total-import')).toBeVisible();
    await page.getByTestId('read-demo-gateway').click();
    await expect(page.getByTestId('pin-dialog')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('pin-confirm').click();
    await expect(page.getByTestId('current-source')).toHaveText('Gateway', { timeout: 120_000 });
    const readoutId = await page.getByTestId('readout-select').inputValue();
    const { summary } = await callEngine(web, 'getReadoutDetails', readoutId);
    const channel = summary.channels.find((c) => c.direction === 'import' && c.readings > 0)!;
    expect(channel.period).toBe(900);

    await page.getByTestId('nav-loadProfile').click();
    const chart = page.getByTestId('range-chart');
    await expect(chart).toBeVisible({ timeout: 120_000 });
    const data = async () => chart.evaluate((c) => ({ ...(c as unknown as { dataset: Record<string, string> }).dataset }));
    const all = await data();
    // The chart spans the last 24 months (whole Berlin days up to the last reading).
    const viewMin = Number(all.viewMin);
    const viewMax = Number(all.viewMax);
    expect((viewMax - viewMin) / 86_400_000).toBeGreaterThan(729);
    // Every quarter hour in that span (values and gaps), counted here in our own 20-day requests.
    let expected = 0;
    for (let from = viewMin; from <= viewMax; from += 20 * 86_400_000) {
      const to = Math.min(from + 20 * 86_400_000, viewMax + 1);
      const part = await callEngine(web, 'getLoadProfile', {
        readoutId,
        channelId: channel.channelId,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
      });
      expected += part.points.length + part.gaps.length;
    }
    expect(expected).toBeGreaterThan(70_000);
    expect(Number(all.points)).toBe(expected);
    expect(Number(all.visiblePoints)).toBe(Number(all.points));
    // While 24 months are in view the line is decimated (min-max), not 70,000 segments.
    expect(Number(all.drawnPoints)).toBeLessThan(Number(all.points) / 5);

    // Zoom in to one day: every quarter hour of it is drawn, as many as the engine lists for it.
    const day = '2025-03-30'; // the 23-hour DST day
    const range = berlinDayRange(day);
    const engineDay = await callEngine(web, 'getLoadProfile', { readoutId, channelId: channel.channelId, ...range });
    const quarterHours = engineDay.points.length + engineDay.gaps.length;
    expect(quarterHours).toBe(92);
    await page.getByTestId('range-day').fill(day);
    await page.getByTestId('range-day').dispatchEvent('change');
    await expect(chart).toHaveAttribute('data-visible-points', String(quarterHours));
    await expect(chart).toHaveAttribute('data-drawn-points', String(quarterHours));
    expect(Number((await data()).viewMin)).toBe(Date.parse(range.from));

    // Keyboard: − zooms out, 0 shows everything again.
    await page.getByTestId('range-chart-focus').focus();
    await page.keyboard.press('-');
    await expect.poll(async () => Number((await data()).visiblePoints)).toBeGreaterThan(quarterHours);
    await page.keyboard.press('0');
    await expect(chart).toHaveAttribute('data-visible-points', all.points!);
    // The mouse wheel zooms in around the pointer.
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -600);
    await expect.poll(async () => Number((await data()).visiblePoints)).toBeLessThan(Number(all.points));
    await page.screenshot({ path: 'test-results/views/loadProfile-range-24m.png' });

    // The first, unpinned readGateway is answered 400 by design (it asks for the fingerprint): nothing else.
    expect(problems.consoleErrors.filter((e) => !e.includes('/api/call/readGateway'))).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
  });

  test('kW is the energy per quarter hour times four; net is consumption minus feed-in', async ({ page, web }) => {
    const summary = await callEngine(web, 'openDemo');
    const imp = summary.channels.find((c) => c.direction === 'import')!;
    const exp = summary.channels.find((c) => c.direction === 'export')!;
    const day = '2025-06-01';
    const range = berlinDayRange(day);
    const a = await callEngine(web, 'getLoadProfile', { readoutId: summary.readoutId, channelId: imp.channelId, ...range });
    const b = await callEngine(web, 'getLoadProfile', { readoutId: summary.readoutId, channelId: exp.channelId, ...range });
    const sum = (list: typeof a.points) => list.reduce((s, p) => s + (p.delta ?? 0), 0);
    const exportAt = new Map(b.points.map((p) => [p.time, p.delta]));
    const net = a.points.reduce((s, p) => {
      const e = exportAt.get(p.time);
      return p.delta === null || e === null || e === undefined ? s : s + p.delta - e;
    }, 0);
    expect(sum(a.points)).toBeGreaterThan(0);

    await page.goto(web.launchUrl);
    await page.getByTestId('nav-loadProfile').click();
    const chart = page.getByTestId('range-chart');
    await expect(chart).toBeVisible({ timeout: 60_000 });
    const showDay = async () => {
      await page.getByTestId('range-day').fill(day);
      await page.getByTestId('range-day').dispatchEvent('change');
      await expect(chart).toHaveAttribute('data-visible-points', String(a.points.length + a.gaps.length));
    };
    const viewSum = async () => Number(await chart.getAttribute('data-view-sum'));
    await page.getByTestId('range-unit-kWh').click();
    await showDay();
    expect(await viewSum()).toBeCloseTo(sum(a.points), 5);
    await page.getByTestId('range-unit-kW').click();
    await showDay();
    expect(await viewSum()).toBeCloseTo(4 * sum(a.points), 5);
    await expect(chart).toHaveAttribute('aria-label', /Werte in kW, (1 Lücke|\d+ Lücken),/);
    await page.getByTestId('range-unit-kWh').click();
    await page.getByTestId('range-direction').selectOption('net');
    await showDay();
    expect(await viewSum()).toBeCloseTo(net, 5);
    await page.getByTestId('range-direction').selectOption('export');
    await showDay();
    expect(await viewSum()).toBeCloseTo(sum(b.points), 5);
  });
});

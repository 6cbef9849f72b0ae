/**
 * The progress WebSocket dropped in the middle of a running signature check: the page opens a new socket by
 * itself, the engine's snapshot of the running operations resynchronises it, and the progress bar goes on
 * from where the check stands until the result appears. The socket runs through Playwright's WebSocket route
 * to the real engine (`trudi serve`), so the test can cut it at a chosen message.
 */
import type { WebSocketRoute } from '@playwright/test';
import { generateSample } from '../fixtures/sample-file';
import { expect, test } from '../fixtures/test';

interface ProgressMessage {
  type: 'progress' | 'snapshot';
  event?: { operationId: string; fraction: number; message: string };
  events?: { operationId: string; fraction: number; message: string }[];
}

test.describe('progress after a dropped WebSocket', () => {
  test('a signature check keeps reporting progress after the socket is dropped and reopened', async ({ page, freshWeb: web }) => {
    test.setTimeout(420_000);
    // Three months of signed 15-minute readings: a check that runs long enough to cut into.
    const file = generateSample(3, 'progress-resume.xml', '2023-03');

    /** Messages that reached the page on each connection, in order. */
    const connections: ProgressMessage[][] = [];
    let firstServerSide: WebSocketRoute | undefined;
    let droppedAt: { operationId: string; fraction: number } | undefined;
    await page.routeWebSocket(/\/api\/events/, (ws) => {
      const server = ws.connectToServer();
      const received: ProgressMessage[] = [];
      connections.push(received);
      if (connections.length === 1) firstServerSide = server;
      server.onMessage((raw) => {
        const message = JSON.parse(String(raw)) as ProgressMessage;
        // The cut connection carries nothing more to the page (what the engine still sends on it is dropped).
        if (server === firstServerSide && droppedAt) return;
        received.push(message);
        const event = message.event;
        // Cut the first connection as soon as the check reports real progress; nothing more reaches the page on it.
        if (server === firstServerSide && !droppedAt && event?.message === 'verify.running' && event.fraction > 0 && event.fraction < 0.5) {
          droppedAt = { operationId: event.operationId, fraction: event.fraction };
          ws.send(String(raw));
          // Both sides: the engine's socket and the page's (a route closing one side does not close the other).
          void server.close({ code: 1011, reason: 'dropped by the test' });
          void ws.close({ code: 1011, reason: 'dropped by the test' });
          return;
        }
        ws.send(String(raw));
      });
    });

    // Hold the check's answer until the bar has been seen to finish: the bar then moves by the socket alone.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/call/verifyReadout', async (route) => {
      const response = await route.fetch({ timeout: 200_000 });
      await released;
      await route.fulfill({ response });
    });

    await page.goto(web.launchUrl);
    await expect(page.getByTestId('total-import')).toBeVisible();
    await page.getByTestId('file-input').setInputFiles(file);
    await expect(page.getByTestId('current-source')).toHaveText('Datei', { timeout: 60_000 });
    await page.getByTestId('nav-certificates').click();
    await page.getByTestId('verify').click();

    const bar = page.getByTestId('verify-progress').locator('progress');
    await expect.poll(() => droppedAt, { timeout: 120_000 }).toBeDefined();
    // The page reopens the socket (backoff 250 ms) and the engine greets it with the running check.
    await expect.poll(() => connections.length, { timeout: 90_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => connections[1]!.length, { timeout: 90_000 }).toBeGreaterThan(0);
    const snapshot = connections[1]![0]!;
    expect(snapshot.type).toBe('snapshot');
    const resumed = snapshot.events?.find((e) => e.operationId === droppedAt!.operationId);
    // Still running when the page came back, and not behind the last value the page saw.
    expect(resumed, JSON.stringify(snapshot)).toBeDefined();
    expect(resumed!.fraction).toBeGreaterThanOrEqual(droppedAt!.fraction);

    // With the call's answer held, only the socket can move the bar: it reaches the end over the new connection.
    await expect(bar).toHaveJSProperty('value', 1, { timeout: 150_000 });
    const afterDrop = connections[1]!.filter((m) => m.type === 'progress' && m.event?.operationId === droppedAt!.operationId);
    expect(afterDrop.at(-1)?.event).toMatchObject({ fraction: 1, message: 'verify.done' });
    expect(connections[0]!.some((m) => m.event?.message === 'verify.done')).toBe(false);
    release();

    await expect(page.getByTestId('verify-result')).toBeVisible({ timeout: 150_000 });
    const readings = (await page.getByTestId('count-readings').textContent())?.trim();
    expect(Number(readings?.replace(/\D/g, ''))).toBeGreaterThan(10_000);
    // An opened file is judged without the TEST roots: every signature matches, no check mark is earned.
    await expect(page.getByTestId('count-invalid')).toHaveText('0');
    await expect(page.getByTestId('error')).toHaveCount(0);
    // The first connection was cut once; one new one sufficed, without a reload.
    expect(connections.length).toBe(2);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { SidecarClient } from './sidecar-client';

let client: SidecarClient | undefined;

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
afterEach(async () => {
  await client?.stop();
  client = undefined;
});

describe('engine sidecar', () => {
  it('answers the contract over IPC from a separate Node process with OpenSSL', async () => {
    client = new SidecarClient({ nodePath: process.execPath });
    const info = await client.api.getEngineInfo();
    expect(info.transport).toBe('ipc');
    expect(info.brainpool).toBe(true);
    expect(client.pid).not.toBe(process.pid);
    const progress: string[] = [];
    client.api.onProgress((e) => progress.push(`${e.operationId}:${e.message}`));
    const demo = await client.api.openDemo({ operationId: 'x' });
    const series = await client.api.getSeries({ readoutId: demo.readoutId, resolution: 'month' });
    expect(series.points).toHaveLength(12);
    expect(progress).toContain('x:demo.ready');
    await expect(client.api.getSeries({ readoutId: 'nope', resolution: 'day' })).rejects.toMatchObject({ code: 'UNKNOWN_READOUT' });
  });

  it('restarts a crashed engine and fails the calls that were in flight with a clear code', async () => {
    const lifecycle: string[] = [];
    client = new SidecarClient({ nodePath: process.execPath, onLifecycle: (e) => lifecycle.push(e.kind) });
    await client.api.getEngineInfo();
    const firstPid = client.pid!;
    const inFlight = client.api.openDemo();
    process.kill(firstPid, 'SIGKILL');
    await expect(inFlight).rejects.toMatchObject({ code: 'ENGINE_RESTARTED' });
    const info = await client.api.getEngineInfo();
    expect(info.transport).toBe('ipc');
    expect(client.pid).not.toBe(firstPid);
    expect(lifecycle).toEqual(['started', 'exited', 'started']);
  });

  it('restarts again after the crashes left the restart window (budget per window, not per lifetime)', async () => {
    const lifecycle: string[] = [];
    let now = 0;
    client = new SidecarClient({ nodePath: process.execPath, maxRestarts: 1, restartWindowMs: 60_000, now: () => now, onLifecycle: (e) => lifecycle.push(e.kind) });
    await client.api.getEngineInfo();
    process.kill(client.pid!, 'SIGKILL');
    await until(() => lifecycle.filter((k) => k === 'started').length === 2);
    await client.api.getEngineInfo();
    now += 61_000;
    process.kill(client.pid!, 'SIGKILL');
    await until(() => lifecycle.filter((k) => k === 'started').length === 3);
    expect((await client.api.getEngineInfo()).transport).toBe('ipc');
    // Two crashes within the window: the second is beyond the budget of one.
    process.kill(client.pid!, 'SIGKILL');
    await until(() => lifecycle.includes('gave-up'));
    await expect(client.api.getEngineInfo()).rejects.toMatchObject({ code: 'ENGINE_FAILED', en: expect.stringMatching(/crashed 2 times within 1 min.*engine log/) });
    expect(lifecycle).toEqual(['started', 'exited', 'started', 'exited', 'started', 'exited', 'gave-up']);
    // Once the window passed, a new call starts the engine again.
    now += 61_000;
    expect((await client.api.getEngineInfo()).transport).toBe('ipc');
  });

  it('says how to fix a missing Node runtime instead of failing silently', async () => {
    client = new SidecarClient({ nodePath: '/nonexistent/node', maxRestarts: 0 });
    await expect(client.api.getEngineInfo()).rejects.toMatchObject({
      code: 'ENGINE_FAILED',
      en: expect.stringMatching(/\/nonexistent\/node.*TRUDI_NODE/),
      de: expect.stringMatching(/TRUDI_NODE/),
    });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { SidecarClient } from './sidecar-client';

let client: SidecarClient | undefined;
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

  it('says how to fix a missing Node runtime instead of failing silently', async () => {
    client = new SidecarClient({ nodePath: '/nonexistent/node', maxRestarts: 0 });
    await expect(client.api.getEngineInfo()).rejects.toMatchObject({
      code: 'ENGINE_FAILED',
      en: expect.stringMatching(/\/nonexistent\/node.*TRUDI_NODE/),
      de: expect.stringMatching(/TRUDI_NODE/),
    });
  });
});

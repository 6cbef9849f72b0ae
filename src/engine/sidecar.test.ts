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
    const info = await client.getEngineInfo();
    expect(info.transport).toBe('ipc');
    expect(info.brainpool).toBe(true);
    expect(client.pid).not.toBe(process.pid);
    const progress: string[] = [];
    client.onProgress((e) => progress.push(`${e.operationId}:${e.message}`));
    const demo = await client.openDemo({ operationId: 'x' });
    const series = await client.getSeries({ readoutId: demo.readoutId, resolution: 'month' });
    expect(series.points).toHaveLength(12);
    expect(progress).toContain('x:demo.ready');
    await expect(client.getSeries({ readoutId: 'nope', resolution: 'day' })).rejects.toMatchObject({ code: 'UNKNOWN_READOUT' });
  });

  it('restarts a crashed engine and fails the calls that were in flight with a clear code', async () => {
    const lifecycle: string[] = [];
    client = new SidecarClient({ nodePath: process.execPath, onLifecycle: (e) => lifecycle.push(e.kind) });
    await client.getEngineInfo();
    const firstPid = client.pid!;
    const inFlight = client.openDemo();
    process.kill(firstPid, 'SIGKILL');
    await expect(inFlight).rejects.toMatchObject({ code: 'ENGINE_RESTARTED' });
    const info = await client.getEngineInfo();
    expect(info.transport).toBe('ipc');
    expect(client.pid).not.toBe(firstPid);
    expect(lifecycle).toEqual(['started', 'exited', 'started']);
  });
});

/**
 * TrudiApi.syncGateway against a simulator over real TLS into a real archive: by profile with its stored
 * secret; a second sync transfers only what is new; progress is reported; a cancelled sync leaves the archive
 * consistent and the next one completes it; the read-out holds the whole archived history.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../api/dto';
import { Archive } from '../archive/archive';
import { unsignedSample } from '../han/testing/fixtures';
import { startSimulator, type RunningSimulator } from '../simulator/gateway/server';
import { Engine } from './engine';

const GATEWAY = 'EEMH0012345678';
const document = unsignedSample(2, GATEWAY);
const total = document.usagePoints[0]!.meterReadings.reduce((n, m) => n + m.intervalBlocks.reduce((k, b) => k + b.readings.length, 0), 0);
const dir = mkdtempSync(join(tmpdir(), 'trudi-api-sync-'));
let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ vendor: 'emh', document });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('syncGateway (the app\'s sync)', () => {
  it('syncs a profile incrementally with progress; the read-out holds the whole history', { timeout: 180_000 }, async () => {
    const home = { configDir: join(dir, 'config'), archiveDir: join(dir, 'archive') };
    const engine = new Engine(home);
    const profile = await engine.saveGatewayProfile({ name: 'Keller', host: sim.host, port: sim.port, vendor: 'emh', user: 'consumer1', pin: sim.fingerprint, storeSecret: true, secret: 'secret', secretPassphrase: 'long passphrase' });
    const events: ProgressEvent[] = [];
    const off = engine.onProgress((e) => events.push(e));
    const first = await engine.syncGateway({ profileId: profile.id, passphrase: 'long passphrase', to: '2024-11-15', operationId: 'sync-1' });
    expect(first.newReadings).toBeGreaterThan(0);
    expect(first.newReadings).toBeLessThan(total);
    expect(events.some((e) => e.operationId === 'sync-1')).toBe(true);
    const second = await engine.syncGateway({ profileId: profile.id, passphrase: 'long passphrase' });
    off();
    expect(first.newReadings + second.newReadings).toBe(total);
    expect(second.contracts.every((c) => c.from !== null && Date.parse(c.from) > Date.parse('2024-11-14T00:00:00Z'))).toBe(true);
    const third = await engine.syncGateway({ profileId: profile.id, passphrase: 'long passphrase' });
    expect(third.newReadings).toBe(0);
    expect(third.bytes).toBeLessThan(second.bytes);
    // The read-out of the last sync is the whole archived history, not only the new part.
    expect(third.readout.channels.reduce((n, c) => n + c.readings, 0)).toBe(total);
    const channel = third.readout.channels[0]!;
    const columns = await engine.getLoadProfileColumns({ readoutId: third.readout.readoutId, channelId: channel.channelId, from: '2020-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' });
    expect(columns.times).toHaveLength(channel.readings);
    expect(third.readout).toMatchObject({ source: 'gateway', gatewayId: GATEWAY });
    // Each sync's read-out replaces the previous sync's: one read-out of the gateway stays listed.
    expect((await engine.listReadouts()).map((r) => r.readoutId)).toEqual([third.readout.readoutId]);
    await engine.close();
    // After a restart the synced read-out is still there and serves the same history.
    const restarted = new Engine(home);
    expect((await restarted.listReadouts()).map((r) => r.readoutId)).toContain(third.readout.readoutId);
    const again = await restarted.getLoadProfileColumns({ readoutId: third.readout.readoutId, channelId: channel.channelId, from: '2020-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' });
    expect(again.times).toEqual(columns.times);
    // A sync after the restart replaces the read-out of the sync before it.
    const fourth = await restarted.syncGateway({ profileId: profile.id, passphrase: 'long passphrase' });
    expect((await restarted.listReadouts()).map((r) => r.readoutId)).toEqual([fourth.readout.readoutId]);
    await restarted.close();
  });

  it('a cancelled sync leaves the archive consistent and the next sync completes it', { timeout: 180_000 }, async () => {
    const engine = new Engine({ configDir: join(dir, 'config-cancel'), archiveDir: join(dir, 'archive-cancel') });
    const request = { host: sim.host, port: sim.port, vendor: 'emh' as const, pin: sim.fingerprint, credentials: { kind: 'password' as const, user: 'consumer1', password: 'secret' } };
    let cancelled = false;
    const off = engine.onProgress((e) => {
      if (e.operationId === 'sync-cancel' && !cancelled) {
        cancelled = true;
        void engine.cancel('sync-cancel');
      }
    });
    await expect(engine.syncGateway({ ...request, operationId: 'sync-cancel' })).rejects.toMatchObject({ code: 'CANCELLED' });
    off();
    const archive = Archive.open(join(dir, 'archive-cancel'), { readOnly: true });
    expect(archive.check()).toEqual([]);
    archive.close();
    const next = await engine.syncGateway(request);
    expect(next.newReadings).toBe(total);
    await engine.close();
  });
});

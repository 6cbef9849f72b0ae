/**
 * `trudi sync` against a simulator over real TLS into a real archive: a second sync fetches only what is
 * new (requests and bytes counted), and a sync process killed (SIGKILL) at random points never leaves a
 * damaged archive; the next sync completes it with the same data as an uninterrupted one.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../archive/archive';
import { listArchive, loadGatewayDocument } from '../archive/query';
import { compareReadings, readingsByChannel, unsignedSample } from '../han/testing/fixtures';
import { startSimulator, type RunningSimulator } from '../simulator/gateway/server';
import { appDirs } from '../platform/app-dirs';
import { PROJECT_ROOT } from '../testing/conformance';
import { EXIT } from './command';
import { main } from './main';

const GATEWAY = 'EEMH0012345678';
const document = unsignedSample(2, GATEWAY);
const dir = mkdtempSync(join(tmpdir(), 'trudi-sync-cli-'));
let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ vendor: 'emh', document });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

interface SyncJson {
  gatewayId: string;
  requests: number;
  bytes: number;
  newReadings: number;
  newLogEntries: number;
  contracts: { tariffName: string; from: number | null; newReadings: number }[];
}

/** The password goes by TRUDI_PASSWORD, not on the command line (which would warn on stderr). */
const ENV = { ...process.env, TRUDI_PASSWORD: 'secret' };
function connection(): string[] {
  return ['--host', sim.host, '--port', String(sim.port), '--vendor', 'emh', '--user', 'consumer1', '--pin', sim.fingerprint];
}

async function sync(archiveDir: string, extra: string[] = []): Promise<SyncJson> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await main(['sync', ...connection(), '--archive', archiveDir, '--json', ...extra], { stdout, stderr, env: ENV });
  expect(err).toBe('');
  expect(code).toBe(EXIT.ok);
  return JSON.parse(out) as SyncJson;
}

/** Every archived reading of the gateway, per channel, in time order. */
function archived(archiveDir: string) {
  const archive = Archive.open(archiveDir, { readOnly: true });
  try {
    expect(archive.check()).toEqual([]);
    const doc = loadGatewayDocument(archive, GATEWAY);
    return { readings: readingsByChannel(doc.usagePoints[0]!), channels: listArchive(archive)[0]!.contracts.flatMap((c) => c.channels.map((ch) => ch.readings)) };
  } finally {
    archive.close();
  }
}

const total = document.usagePoints[0]!.meterReadings.reduce((n, m) => n + m.intervalBlocks.reduce((k, b) => k + b.readings.length, 0), 0);

describe('trudi sync', () => {
  it('fetches everything the first time, then only what is new; a sync with nothing new transfers least', { timeout: 120_000 }, async () => {
    const full = join(dir, 'full');
    const once = await sync(full);
    expect(once.newReadings).toBe(total);
    expect(compareReadings(archived(full).readings, readingsByChannel(document.usagePoints[0]!))).toBe('equal');

    const parts = join(dir, 'parts');
    const first = await sync(parts, ['--to', '2024-11-15']);
    expect(first.newReadings).toBeGreaterThan(0);
    expect(first.newReadings).toBeLessThan(total);
    const second = await sync(parts);
    // Only the readings after the last archived one came (each channel once: nothing twice).
    expect(first.newReadings + second.newReadings).toBe(total);
    expect(second.contracts.every((c) => c.from !== null && c.from > Date.parse('2024-11-14T00:00:00Z'))).toBe(true);
    expect(second.bytes).toBeLessThan(once.bytes);
    const third = await sync(parts);
    expect(third.newReadings).toBe(0);
    expect(third.newLogEntries).toBe(0);
    expect(third.bytes).toBeLessThan(second.bytes);
    expect(third.requests).toBeLessThanOrEqual(second.requests);
    // The archive built in parts holds exactly what one sync fetched.
    expect(archived(parts)).toEqual(archived(full));
    // Each sync is in the engine log with its figures, without the password.
    const log = readFileSync(join(appDirs().logs, 'engine.log'), 'utf8');
    expect(log).toMatch(/"event":"sync\.done".*"gatewayId":"EEMH0012345678"/);
    expect(log).not.toContain('secret');
  });

  it('a sync killed at random points leaves a consistent archive, and the next sync completes it', { timeout: 600_000 }, async () => {
    const reference = join(dir, 'reference');
    const uninterrupted = await sync(reference);
    const expected = archived(reference);

    const killed = join(dir, 'killed');
    let kills = 0;
    const rounds = 8;
    for (let round = 0; round < rounds; round++) {
      // Killed right after the gateway served the k-th request of this sync, k random within the round's share
      // of an uninterrupted sync's requests: before, while and after the contract is fetched and stored.
      const k = 1 + Math.floor(((round + Math.random()) * (uninterrupted.requests + 2)) / rounds);
      const servedBefore = sim.stats.requests;
      const child = spawn(process.execPath, ['bin/trudi.mjs', 'sync', ...connection(), '--archive', killed, '--json'], { cwd: PROJECT_ROOT, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<{ signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (_code, signal) => resolve({ signal })));
      const poll = setInterval(() => {
        if (sim.stats.requests - servedBefore >= k) child.kill('SIGKILL');
      }, 2);
      const result = await exited;
      clearInterval(poll);
      if (result.signal === 'SIGKILL') kills++;

      // Whatever moment it died at, the archive opens, is consistent and holds whole steps only.
      const archive = Archive.open(killed, { readOnly: true });
      try {
        expect(archive.check()).toEqual([]);
        const counts = listArchive(archive).flatMap((g) => g.contracts.flatMap((c) => c.channels.map((ch) => ch.readings)));
        expect(counts.length === 0 || JSON.stringify(counts) === JSON.stringify(expected.channels)).toBe(true);
      } finally {
        archive.close();
      }
    }
    expect(kills).toBeGreaterThanOrEqual(rounds / 2);
    await sync(killed);
    expect(archived(killed)).toEqual(expected);
  });
});

/**
 * The log in an incremental sync: where the gateway pages its log by record index (Theben), a later sync asks
 * only for the records after the last archived one; the archive built in parts holds the same log as one sync.
 * Theben simulator over real TLS, real archive.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../archive/archive';
import { unsignedSample } from '../han/testing/fixtures';
import type { LogEntry } from '../model/types';
import { startSimulator, type RunningSimulator } from '../simulator/gateway/server';
import { syncGateway } from './sync';

const GATEWAY = 'ETHE0012345678';
const document = unsignedSample(2, GATEWAY);
const up = document.usagePoints[0]!;
const begin = up.meterReadings[0]!.intervalBlocks[0]!.start;
const entries: LogEntry[] = [];
// More than two pages of the adapter's 1500 entries, every 20 minutes: all within the readings' two months.
for (let i = 0; i < 3200; i++) entries.push({ recordNumber: i + 1, level: 1, outcome: 0, text: `Ereignis ${i + 1}`, timestamp: begin + 1200_000 * (i + 1), subjectIdentity: 'SMGW' });
up.logEntries = entries;
const middle = begin + 1200_000 * 1600 + 600_000;

const dir = mkdtempSync(join(tmpdir(), 'trudi-sync-log-'));
let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ vendor: 'theben', document });
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

async function sync(archiveDir: string, to?: number) {
  const archive = Archive.open(archiveDir);
  const logIndices: number[] = [];
  try {
    const result = await syncGateway(archive, {
      host: sim.host,
      port: sim.port,
      vendor: 'theben',
      credentials: { kind: 'password', user: 'consumer1', password: 'secret' },
      pin: sim.fingerprint,
      ...(to === undefined ? {} : { to }),
      client: {
        onExchange: (_method, _path, _response, body) => {
          const text = body?.toString('utf8') ?? '';
          const index = /"fromindex":\s*(\d+)/.exec(text);
          if (/"log"/.test(text) && index) logIndices.push(Number(index[1]));
        },
      },
    });
    const log = archive.all('SELECT record_number FROM log_entries ORDER BY record_number').map((r) => Number(r.record_number));
    return { result, logIndices, log };
  } finally {
    archive.close();
  }
}

describe('incremental sync of the log (Theben pages by record index)', () => {
  it('a later sync asks only for the records after the last archived one', { timeout: 180_000 }, async () => {
    const whole = await sync(join(dir, 'whole'));
    expect(whole.log).toEqual(entries.map((e) => e.recordNumber));
    expect(whole.logIndices[0]).toBe(0);

    const parts = join(dir, 'parts');
    const first = await sync(parts, middle);
    const lastArchived = first.log.at(-1)!;
    expect(lastArchived).toBe(1600);
    const second = await sync(parts);
    // The log paging starts after the last archived record: none of the first part is asked for again.
    expect(second.logIndices[0]).toBe(lastArchived + 1);
    expect(second.logIndices.length).toBeLessThan(whole.logIndices.length);
    expect(second.result.newLogEntries).toBe(3200 - lastArchived);
    expect(second.log).toEqual(whole.log);
  });
});

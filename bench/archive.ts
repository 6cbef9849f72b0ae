/**
 * The archive with 24 months of 15-minute data on two channels (import and export, ~140,000 signed
 * readings): storing them in one transaction, then loading both channels' whole range from a freshly
 * opened archive (the goal: < 200 ms) and a one-month range, each next to a reference measured in the same
 * run: copying the same readings from an in-memory array into typed arrays (no database at all).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive, ARCHIVE_FILE } from '../src/archive/archive';
import { channelRange, listArchive, loadGatewayDocument } from '../src/archive/query';
import { storeDocument } from '../src/archive/store-document';
import { generateSampleDocument } from '../src/simulator/sample/sample-document';
import { berlinTime } from '../src/model/time/berlin';

const GOAL_MS = 200;

function best(runs: number, fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

export async function run(): Promise<void> {
  const days = 731;
  const document = generateSampleDocument({ style: 'minimal', start: berlinTime(2023, 1, 1), readings: days * 96 + 1, placeholderSignatures: true });
  const readings = document.usagePoints[0]!.meterReadings.map((m) => m.intervalBlocks.flatMap((b) => b.readings));
  const total = readings.reduce((n, r) => n + r.length, 0);
  const dir = mkdtempSync(join(tmpdir(), 'trudi-bench-archive-'));
  try {
    let archive = Archive.open(dir);
    const t0 = performance.now();
    const stored = archive.transaction(() => storeDocument(archive, document));
    const storeMs = performance.now() - t0;
    archive.close();
    const size = statSync(join(dir, ARCHIVE_FILE)).size;

    // Cold: a new connection, as after an engine restart.
    const t1 = performance.now();
    archive = Archive.open(dir, { readOnly: true });
    const channels = listArchive(archive)[0]!.contracts[0]!.channels;
    let loaded = 0;
    for (const channel of channels) loaded += channelRange(archive, channel.id).times.length;
    const coldMs = performance.now() - t1;

    const warmMs = best(5, () => {
      for (const channel of channels) channelRange(archive, channel.id);
    });
    const from = berlinTime(2024, 6, 1);
    const to = berlinTime(2024, 7, 1);
    const monthMs = best(5, () => {
      for (const channel of channels) channelRange(archive, channel.id, from, to);
    });
    const documentMs = best(2, () => loadGatewayDocument(archive, document.usagePoints[0]!.smgw.smgwId));
    const referenceMs = best(5, () => {
      for (const list of readings) {
        const times = new Float64Array(list.length);
        const values = new Float64Array(list.length);
        for (let i = 0; i < list.length; i++) {
          times[i] = list[i]!.captureTime;
          values[i] = list[i]!.value;
        }
      }
    });
    archive.close();

    const line = (label: string, value: string) => process.stdout.write(`${label.padEnd(58)} ${value}\n`);
    line('readings (2 channels, 24 months, signed)', `${total} (${stored.newReadings} stored, ${loaded} loaded)`);
    line(`driver`, archive.db.driver);
    line('store in one transaction', `${storeMs.toFixed(0)} ms, database ${(size / 1e6).toFixed(1)} MB`);
    line(`load both channels, cold (open + list + range), goal < ${GOAL_MS} ms`, `${coldMs.toFixed(1)} ms ${coldMs < GOAL_MS ? 'OK' : 'OVER GOAL'}`);
    line('load both channels, warm (best of 5)', `${warmMs.toFixed(1)} ms`);
    line('load one month of both channels (best of 5)', `${monthMs.toFixed(2)} ms`);
    line('rebuild the whole device document (all fields)', `${documentMs.toFixed(0)} ms`);
    line('reference: the same readings from memory into typed arrays', `${referenceMs.toFixed(2)} ms (warm load = ${(warmMs / referenceMs).toFixed(1)} × reference)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

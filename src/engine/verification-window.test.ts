/**
 * A later read-out of the same gateway reuses the signature outcomes of the readings it shares with an earlier
 * one, also when its window starts later (the gateway's 24-month window slides every day) or reaches further:
 * batch boundaries depend on content (src/crypto/cache/batch-boundaries.ts), so only the batches at the edges
 * of the new window are checked again. Real SQLite archive, real worker pool counting the signatures checked,
 * engines restarted between read-outs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_MAX, cutBatches } from '../crypto/cache/batch-boundaries';
import type { VerifyPool } from '../crypto/workers/verify-pool';
import { CountingPool } from './testing/counting-pool';
import { writeAr2418 } from '../formats/ar2418/writer';
import type { Ar2418Document } from '../model/types';
import { generateSignedSampleDocument } from '../simulator/sample/sample-document';
import { Engine } from './engine';

const root = mkdtempSync(join(tmpdir(), 'trudi-verify-window-'));
const pools: VerifyPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  rmSync(root, { recursive: true, force: true });
});
const dir = { archiveDir: join(root, 'archive'), configDir: join(root, 'config') };

function start(): { engine: Engine; pool: CountingPool } {
  const pool = new CountingPool(2);
  pools.push(pool);
  return { engine: new Engine({ ...dir, verifyPool: pool }), pool };
}

const DAY_MS = 86_400_000;
let full: Ar2418Document;
let firstTime: number;

/** The document with only the readings captured in [from, to) days after the first one (the gateway's window then; the blocks are days). */
function window(fromDay: number, toDay: number): Window {
  const doc = structuredClone(full);
  let readings = 0;
  for (const meterReading of doc.usagePoints[0]!.meterReadings) {
    meterReading.intervalBlocks = meterReading.intervalBlocks
      .map((block) => ({ ...block, readings: block.readings.filter((r) => r.captureTime >= firstTime + fromDay * DAY_MS && r.captureTime < firstTime + toDay * DAY_MS) }))
      .filter((block) => block.readings.length > 0);
    for (const block of meterReading.intervalBlocks) readings += block.readings.length;
  }
  const signatures = doc.usagePoints[0]!.meterReadings[0]!.intervalBlocks.flatMap((b) => b.readings.map((r) => ({ at: r.captureTime, bytes: Buffer.from(r.signature!, 'hex') })));
  return { contentBase64: Buffer.from(writeAr2418(doc)).toString('base64'), readings, signatures };
}

interface Window {
  contentBase64: string;
  readings: number;
  /** The channel's signatures with their capture times, in document order. */
  signatures: { at: number; bytes: Uint8Array }[];
}

/** The batches of a window, named by the capture times of their first and last reading. */
function batchesOf(w: Window): { name: string; size: number }[] {
  return cutBatches(w.signatures, () => true, (s) => s.bytes).map((b) => ({ name: `${w.signatures[b.start]!.at}-${w.signatures[b.end - 1]!.at}`, size: b.end - b.start }));
}

/** How many signatures of `next` lie in batches that none of the earlier windows had. */
function notSeenBefore(next: Window, ...earlier: Window[]): number {
  const seen = new Set(earlier.flatMap((w) => batchesOf(w).map((b) => b.name)));
  return batchesOf(next).filter((b) => !seen.has(b.name)).reduce((n, b) => n + b.size, 0);
}

beforeAll(async () => {
  // Three months of 15-minute import readings (about 8,800 signatures in one channel), the bundled TEST PKI.
  ({ document: full } = await generateSignedSampleDocument({ months: 3, periodSeconds: 900, channels: ['import'], seed: 'verify-window', gaps: false }));
  firstTime = full.usagePoints[0]!.meterReadings[0]!.intervalBlocks[0]!.readings[0]!.captureTime;
}, 120_000);

describe('signature outcomes for a slid or longer window of the same gateway', () => {
  it('re-checks only the new readings and the batches at the edges of the window', async () => {
    const readingsPerDay = DAY_MS / 900_000;
    const verify = async (name: string, content: Window) => {
      const { engine, pool } = start();
      try {
        const opened = await engine.openFile({ name, contentBase64: content.contentBase64 });
        const result = await engine.verifyReadout({ readoutId: opened.readoutId });
        expect(result.readings).toBe(content.readings);
        expect(result.signatureMatches).toBe(content.readings);
        return pool.checked;
      } finally {
        await engine.close();
      }
    };

    // First read-out: days 0–60, every signature is checked.
    const first = window(0, 60);
    expect(first.readings).toBeGreaterThan(5_000);
    expect(await verify('first.xml', first)).toBe(first.readings);

    // A month later the window starts 7 days later and ends 10 days later: 10 new days of readings.
    const slid = window(7, 70);
    const slidChecked = await verify('slid.xml', slid);
    const slidNew = 10 * readingsPerDay;
    // Exactly the batches the first window did not have are checked: those holding new readings and the
    // batch at the new start (up to its first content boundary). Their size beyond the new readings depends on
    // where the random signatures put boundaries: about 1.8 batches on average, above 4 batches in about 1 of
    // 1,000 windows (simulated); batch-boundaries.test.ts checks the spread on fixed bytes.
    expect(slidChecked).toBe(notSeenBefore(slid, first));
    expect(slidChecked).toBeGreaterThanOrEqual(slidNew);
    expect(slidChecked).toBeLessThan(slid.readings);

    // Appended: the same start, 5 days more: the new readings and at most the earlier window's last batch.
    const appended = window(7, 75);
    const appendedChecked = await verify('appended.xml', appended);
    const appendedNew = 5 * readingsPerDay;
    expect(appendedChecked).toBe(notSeenBefore(appended, first, slid));
    expect(appendedChecked).toBeGreaterThanOrEqual(appendedNew);
    expect(appendedChecked - appendedNew).toBeLessThanOrEqual(BATCH_MAX);
  }, 300_000);
});

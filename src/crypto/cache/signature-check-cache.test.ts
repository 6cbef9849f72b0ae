import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../../api/errors';
import type { Ar2418Document } from '../../model/types';
import { generateSignedSampleDocument } from '../../simulator/sample/sample-document';
import { bundledTestAnchors } from '../chain/trust-anchors';
import { verifyDocument } from '../verify-document';
import { VerifyPool } from '../workers/verify-pool';
import type { VerifyJob } from '../workers/verify-job';
import { BATCH_MAX } from './batch-boundaries';
import { SignatureCheckCache } from './signature-check-cache';

/** The real pool, counting the signatures it is given to check. */
class CountingPool extends VerifyPool {
  checked = 0;
  override async run(job: Omit<VerifyJob, 'id'>): Promise<Uint8Array> {
    this.checked += job.messageOffsets.length - 1;
    return super.run(job);
  }
}

let document: Ar2418Document;
let readings: number;
const pool = new CountingPool(2);

beforeAll(async () => {
  // One month of hourly import and export readings (> 1,400 signatures: the worker pool's path).
  ({ document } = await generateSignedSampleDocument({ months: 1, periodSeconds: 3600, seed: 'signature-check-cache', gaps: false }));
  readings = document.usagePoints[0]!.meterReadings.reduce((n, m) => n + m.intervalBlocks.reduce((k, b) => k + b.readings.length, 0), 0);
});
const pools: VerifyPool[] = [pool];
const closeAfterwards = (extra: VerifyPool) => pools.push(extra);
afterAll(() => Promise.all(pools.map((p) => p.close())));

// No original bytes, as for a gateway read-out: the document cache has no key, the check cache does.
const verify = (doc: Ar2418Document, checks: SignatureCheckCache, options: Parameters<typeof verifyDocument>[2] = {}) =>
  verifyDocument(doc, undefined, { pool, signatureChecks: checks, trustAnchors: bundledTestAnchors(), ...options });

describe('SignatureCheckCache', () => {
  it('serves a second check of the same readings without a single ECDSA verification, with the same verdicts', async () => {
    const checks = new SignatureCheckCache();
    pool.checked = 0;
    const first = await verify(document, checks);
    expect(first.valid).toBe(readings);
    expect(pool.checked).toBe(readings);
    const again = await verify(structuredClone(document), checks);
    expect(pool.checked).toBe(readings);
    expect(again.valid).toBe(readings);
    expect(again.verdicts).toEqual(first.verdicts);
  });

  it('checks changed bytes again: a changed value or signature is invalid, the rest stays valid', async () => {
    const checks = new SignatureCheckCache();
    await verify(document, checks);
    const changed = structuredClone(document);
    const [imports, exports] = changed.usagePoints[0]!.meterReadings;
    imports!.intervalBlocks[3]!.readings[5]!.value += 1;
    const signature = exports!.intervalBlocks[7]!.readings[2]!.signature!;
    exports!.intervalBlocks[7]!.readings[2]!.signature = signature.slice(0, -2) + (signature.endsWith('00') ? '01' : '00');
    pool.checked = 0;
    const result = await verify(changed, checks);
    expect(result.invalid).toBe(2);
    expect(result.valid).toBe(readings - 2);
    expect(result.invalidReadings.map((r) => r.reason)).toEqual(['signatureMismatch', 'signatureMismatch']);
    // Only the two batches holding a changed reading were checked again.
    expect(pool.checked).toBeGreaterThan(0);
    expect(pool.checked).toBeLessThanOrEqual(2 * BATCH_MAX);
  });

  it('gives no check mark for a cached match when the root it chained to is not installed any more', async () => {
    const checks = new SignatureCheckCache();
    expect((await verify(document, checks)).valid).toBe(readings);
    const withoutRoot = await verify(document, checks, { trustAnchors: [] });
    expect(withoutRoot.valid).toBe(0);
    expect(withoutRoot.signatureMatches).toBe(readings);
    expect(withoutRoot.notCheckable).toBe(readings);
  });

  it('keeps what a cancelled check finished, so that the next one checks only the rest', async () => {
    // Three months of hourly readings: at least three batches per channel (at most BATCH_MAX signatures each).
    const { document: longer } = await generateSignedSampleDocument({ months: 3, periodSeconds: 3600, seed: 'signature-check-cache-cancel', gaps: false });
    const longerReadings = longer.usagePoints[0]!.meterReadings.reduce((n, m) => n + m.intervalBlocks.reduce((k, b) => k + b.readings.length, 0), 0);
    expect(longerReadings / 2).toBeGreaterThan(2 * BATCH_MAX);
    const checks = new SignatureCheckCache();
    const controller = new AbortController();
    // One worker: two batches in flight, the others not yet sent when the first is done.
    const onePool = new CountingPool(1);
    closeAfterwards(onePool);
    const cancelled = verify(longer, checks, { pool: onePool, signal: controller.signal, onProgress: ({ done }) => {
        if (done > 0) controller.abort();
      },
    });
    await expect(cancelled).rejects.toBeInstanceOf(CancelledError);
    const before = onePool.checked;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(longerReadings);
    const result = await verify(longer, checks, { pool: onePool });
    expect(result.valid).toBe(longerReadings);
    expect(onePool.checked).toBe(longerReadings);
  }, 120_000);

  it('is bounded: beyond maxChecks the oldest batches go and are checked again', async () => {
    const checks = new SignatureCheckCache(600);
    await verify(document, checks);
    pool.checked = 0;
    expect((await verify(document, checks)).valid).toBe(readings);
    expect(pool.checked).toBeGreaterThan(readings - 600);
  });

  it('is not used when caching is switched off', async () => {
    const checks = new SignatureCheckCache();
    await verify(document, checks);
    pool.checked = 0;
    await verify(document, checks, { cache: false });
    expect(pool.checked).toBe(readings);
  });
});

/**
 * The signature math outlives the engine process: a restarted engine on the same home checks the same bytes
 * again without a single ECDSA verification (counted by the real worker pool), while the verdict (a chain to
 * an installed root) is computed anew: a removed root turns the check marks off, a changed cache row or a
 * database from elsewhere is checked again, never trusted.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive, ARCHIVE_FILE } from '../archive/archive';
import { BUNDLED_TRUST_DIR } from '../crypto/chain/trust-anchors';
import type { VerifyPool } from '../crypto/workers/verify-pool';
import { CountingPool } from './testing/counting-pool';
import { writeAr2418 } from '../formats/ar2418/writer';
import { generateSignedSampleDocument } from '../simulator/sample/sample-document';
import { Engine } from './engine';

const root = mkdtempSync(join(tmpdir(), 'trudi-verify-restart-'));
const pools: VerifyPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  rmSync(root, { recursive: true, force: true });
});

function home(name: string): { archiveDir: string; configDir: string } {
  const dir = join(root, name);
  return { archiveDir: join(dir, 'archive'), configDir: join(dir, 'config') };
}

/** An engine on `dir` with its own counting pool (a restart: a new engine, nothing in memory). */
function start(dir: { archiveDir: string; configDir: string }, extra: { demoGatewayMonths?: number } = {}): { engine: Engine; pool: CountingPool } {
  const pool = new CountingPool(2);
  pools.push(pool);
  return { engine: new Engine({ ...dir, ...extra, verifyPool: pool }), pool };
}

let contentBase64: string;
let readings: number;

beforeAll(async () => {
  // One month of hourly import and export readings, brainpool, the bundled TEST PKI; one value changed.
  const { document } = await generateSignedSampleDocument({ months: 1, periodSeconds: 3600, seed: 'verify-restart', gaps: false });
  readings = document.usagePoints[0]!.meterReadings.reduce((n, m) => n + m.intervalBlocks.reduce((k, b) => k + b.readings.length, 0), 0);
  document.usagePoints[0]!.meterReadings[0]!.intervalBlocks[0]!.readings[5]!.value += 1;
  contentBase64 = Buffer.from(writeAr2418(document)).toString('base64');
});

describe('signature outcomes across engine restarts', () => {
  it('a restarted engine checks the archived read-out without ECDSA work; a removed root gives no check mark', async () => {
    const dir = home('restart');
    const first = start(dir);
    const rootPem = readFileSync(join(BUNDLED_TRUST_DIR, 'trudi-test-root-brainpool.pem'));
    const { added } = await first.engine.addTrustAnchors({ files: [{ name: 'root.pem', contentBase64: rootPem.toString('base64') }] });
    const opened = await first.engine.openFile({ name: 'sample.xml', contentBase64 });
    const before = await first.engine.verifyReadout({ readoutId: opened.readoutId });
    expect(before).toMatchObject({ readings, valid: readings - 1, invalid: 1, cached: false });
    expect(first.pool.checked).toBe(readings);
    await first.engine.close();

    const second = start(dir);
    expect((await second.engine.listReadouts()).map((r) => r.readoutId)).toEqual([opened.readoutId]);
    const after = await second.engine.verifyReadout({ readoutId: opened.readoutId });
    expect(second.pool.checked).toBe(0);
    expect(second.engine.verification.signatureChecks.storeHits).toBeGreaterThan(0);
    expect(after).toMatchObject({ readings, valid: readings - 1, invalid: 1, cached: false });
    expect(after.invalidReadings).toEqual(before.invalidReadings);
    expect(after.chain).toEqual(before.chain);

    // The verdict is not kept: without the root, the same matches earn no check mark.
    await second.engine.removeTrustAnchor(added[0]!.fingerprintSha256);
    const withoutRoot = await second.engine.verifyReadout({ readoutId: opened.readoutId });
    expect(withoutRoot).toMatchObject({ valid: 0, invalid: 1, signatureMatches: readings - 1, signerNotEstablished: readings - 1 });
    expect(withoutRoot.chain.status).toBe('unknownRoot');
    expect(second.pool.checked).toBe(0);
    await second.engine.close();

    const third = start(dir);
    const stillWithout = await third.engine.verifyReadout({ readoutId: opened.readoutId });
    expect(stillWithout).toMatchObject({ valid: 0, signatureMatches: readings - 1 });
    expect(third.pool.checked).toBe(0);
    await third.engine.close();
  }, 120_000);

  it('a changed row is checked again: the changed value stays invalid; a database from another home gives no hits', async () => {
    const dir = home('tamper');
    const first = start(dir);
    const rootPem = readFileSync(join(BUNDLED_TRUST_DIR, 'trudi-test-root-brainpool.pem'));
    await first.engine.addTrustAnchors({ files: [{ name: 'root.pem', contentBase64: rootPem.toString('base64') }] });
    const opened = await first.engine.openFile({ name: 'sample.xml', contentBase64 });
    expect(await first.engine.verifyReadout({ readoutId: opened.readoutId })).toMatchObject({ valid: readings - 1, invalid: 1 });
    await first.engine.close();

    // Mark every stored mismatch as a match, as a careless or hostile edit of the database would.
    const archive = Archive.open(dir.archiveDir);
    const rows = archive.all('SELECT key, outcomes FROM signature_checks');
    expect(rows.length).toBeGreaterThan(1);
    let flipped = 0;
    let batchOfFlip = 0;
    for (const row of rows) {
      const outcomes = new Uint8Array(row.outcomes as Uint8Array);
      if (outcomes.every((o) => o === 1)) continue;
      flipped += outcomes.filter((o) => o !== 1).length;
      batchOfFlip = outcomes.length;
      archive.run('UPDATE signature_checks SET outcomes = ? WHERE key = ?', outcomes.fill(1), row.key as Uint8Array);
    }
    expect(flipped).toBe(1);
    archive.close();

    const second = start(dir);
    const result = await second.engine.verifyReadout({ readoutId: opened.readoutId });
    expect(result).toMatchObject({ valid: readings - 1, invalid: 1 });
    expect(result.invalidReadings.map((r) => r.reason)).toEqual(['signatureMismatch']);
    // Only the changed row's batch was checked again, and it is stored right again.
    expect(second.pool.checked).toBe(batchOfFlip);
    await second.engine.close();
    const repaired = Archive.open(dir.archiveDir);
    expect(repaired.all('SELECT outcomes FROM signature_checks').filter((row) => (row.outcomes as Uint8Array).includes(0))).toHaveLength(1);
    repaired.close();

    // The same database in another home (its own secret): every row is a miss, every signature is checked.
    const other = home('copy');
    mkdirSync(other.archiveDir, { recursive: true });
    copyFileSync(join(dir.archiveDir, ARCHIVE_FILE), join(other.archiveDir, ARCHIVE_FILE));
    const copied = start(other);
    await copied.engine.addTrustAnchors({ files: [{ name: 'root.pem', contentBase64: rootPem.toString('base64') }] });
    expect(await copied.engine.verifyReadout({ readoutId: opened.readoutId })).toMatchObject({ valid: readings - 1, invalid: 1 });
    expect(copied.pool.checked).toBe(readings);
    expect(copied.engine.verification.signatureChecks.storeHits).toBe(0);
    await copied.engine.close();
  }, 120_000);

  it('the demo gateway read-out: the first check after a restart does no ECDSA work', async () => {
    const dir = home('demo');
    const first = start(dir, { demoGatewayMonths: 1 });
    let readoutId: string;
    let valid: number;
    try {
      const gateway = await first.engine.startDemoGateway();
      const summary = await first.engine.readGateway({ host: gateway.host, port: gateway.port, pin: gateway.fingerprint, credentials: { kind: 'password', user: gateway.user, password: gateway.password } });
      readoutId = summary.readoutId;
      const result = await first.engine.verifyReadout({ readoutId });
      expect(result.chain).toMatchObject({ status: 'valid', test: true });
      expect(result.valid).toBe(result.readings);
      expect(first.pool.checked).toBe(result.readings);
      valid = result.valid;
    } finally {
      await first.engine.close();
    }
    const second = start(dir);
    const again = await second.engine.verifyReadout({ readoutId });
    expect(again.valid).toBe(valid);
    expect(second.pool.checked).toBe(0);
    await second.engine.close();
  }, 180_000);
});

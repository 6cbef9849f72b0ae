/** Read-outs survive an engine restart through the archive (real SQLite, the demo gateway over real TLS). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Archive } from '../archive/archive';
import { listArchive } from '../archive/query';
import { generateSampleDocument } from '../simulator/sample/sample-document';
import { writeAr2418Bytes } from '../formats/ar2418/writer';
import { Engine } from './engine';
import { MAX_LOADED_ARCHIVED } from './readouts';

const dir = mkdtempSync(join(tmpdir(), 'trudi-readouts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sampleFile(seed: number): { name: string; bytes: Uint8Array } {
  const document = generateSampleDocument({ style: 'minimal', readings: 200 + seed, placeholderSignatures: true });
  document.usagePoints[0]!.smgw.smgwId = `ETHE00${String(10000000 + seed)}`;
  return { name: `sample-${seed}.xml`, bytes: writeAr2418Bytes(document) };
}

describe('read-outs kept in the archive', () => {
  it('a restarted engine lists every open read-out and serves the same data; a closed one stays closed', { timeout: 120_000 }, async () => {
    const archiveDir = join(dir, 'restart');
    const first = new Engine({ archiveDir, demoGatewayMonths: 1 });
    const file = sampleFile(1);
    const opened = await first.openFile({ name: file.name, contentBase64: Buffer.from(file.bytes).toString('base64') });
    const gateway = await first.startDemoGateway();
    const request = { host: gateway.host, port: gateway.port, pin: gateway.fingerprint, credentials: { kind: 'password' as const, user: gateway.user, password: gateway.password } };
    const read = await first.readGateway(request);
    const demo = await first.openDemo();
    const verifiedBefore = await first.verifyReadout({ readoutId: read.readoutId });
    const seriesBefore = await first.getSeries({ readoutId: read.readoutId, resolution: 'day' });
    const fileSeriesBefore = await first.getSeries({ readoutId: opened.readoutId, resolution: 'day' });
    const sessionBefore = await first.exportReadout({ readoutId: read.readoutId, format: 'gateway-session' });
    await first.close();

    const second = new Engine({ archiveDir });
    const listed = await second.listReadouts();
    // The generated demo read-out is not archived; the file and the gateway read-out are.
    expect(listed.map((r) => r.readoutId)).toEqual([opened.readoutId, read.readoutId]);
    expect(listed).not.toContainEqual(expect.objectContaining({ readoutId: demo.readoutId }));
    expect(listed[1]).toEqual(read);
    expect(await second.getSeries({ readoutId: read.readoutId, resolution: 'day' })).toEqual(seriesBefore);
    expect(await second.getSeries({ readoutId: opened.readoutId, resolution: 'day' })).toEqual(fileSeriesBefore);
    const exported = await second.exportReadout({ readoutId: opened.readoutId, format: 'xml' });
    expect(Buffer.from(exported.contentBase64, 'base64').equals(Buffer.from(file.bytes))).toBe(true);
    // The gateway session (diagnostics, credentials removed) survives the restart: the same exchanges, byte for byte.
    const sessionAfter = await second.exportReadout({ readoutId: read.readoutId, format: 'gateway-session' });
    const exchanges = (e: { contentBase64: string }) => (JSON.parse(Buffer.from(e.contentBase64, 'base64').toString('utf8')) as { exchanges: unknown[]; readout: string });
    expect(exchanges(sessionAfter).exchanges.length).toBeGreaterThan(2);
    expect(exchanges(sessionAfter)).toEqual(exchanges(sessionBefore));
    expect(sessionAfter.fileName).toBe(sessionBefore.fileName);
    const verifiedAfter = await second.verifyReadout({ readoutId: read.readoutId });
    expect({ valid: verifiedAfter.valid, invalid: verifiedAfter.invalid, readings: verifiedAfter.readings }).toEqual({
      valid: verifiedBefore.valid,
      invalid: verifiedBefore.invalid,
      readings: verifiedBefore.readings,
    });
    await second.closeReadout(opened.readoutId);
    await expect(second.getSeries({ readoutId: opened.readoutId, resolution: 'day' })).rejects.toMatchObject({ code: 'UNKNOWN_READOUT' });
    await second.close();

    const third = new Engine({ archiveDir });
    expect((await third.listReadouts()).map((r) => r.readoutId)).toEqual([read.readoutId]);
    await third.close();

    const archive = Archive.open(archiveDir, { readOnly: true });
    try {
      const gateways = listArchive(archive);
      // The closed file's history stays in the archive; the gateway's answers are kept byte for byte.
      expect(gateways.map((g) => g.smgwId).sort()).toEqual([gateway.gatewayId, 'ETHE0010000001'].sort());
      const demoGateway = gateways.find((g) => g.smgwId === gateway.gatewayId)!;
      expect(demoGateway).toMatchObject({ vendor: 'theben', demo: true });
      expect(demoGateway.originals.count).toBeGreaterThan(2);
      const verifications = archive.all('SELECT anchors, summary FROM verifications');
      expect(verifications).toHaveLength(2);
      expect(JSON.parse(String(verifications[0]!.anchors))).toContainEqual(expect.objectContaining({ origin: 'bundled-test', test: true, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }));
      expect(archive.check()).toEqual([]);
    } finally {
      archive.close();
    }
  });

  it(`keeps at most ${MAX_LOADED_ARCHIVED} archived documents in memory and loads the others when used`, async () => {
    const engine = new Engine({ archiveDir: join(dir, 'bounded') });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const file = sampleFile(10 + i);
      ids.push((await engine.openFile({ name: file.name, contentBase64: Buffer.from(file.bytes).toString('base64') })).readoutId);
    }
    const loadedCount = () => (engine as unknown as { readouts: { loadedCount: number } }).readouts.loadedCount;
    expect(loadedCount()).toBeLessThanOrEqual(MAX_LOADED_ARCHIVED);
    for (const id of ids) {
      const details = await engine.getReadoutDetails(id);
      expect(details).toBeTruthy();
      expect(loadedCount()).toBeLessThanOrEqual(MAX_LOADED_ARCHIVED);
    }
    expect((await engine.getSeries({ readoutId: ids[0]!, resolution: 'day' })).points.length).toBeGreaterThan(0);
    await engine.close();
  });

  it('an engine whose archive cannot be opened still works, for this session only, and says why', async () => {
    const blocked = join(dir, 'blocked');
    const archive = Archive.open(blocked);
    archive.run(`PRAGMA user_version = 99`);
    archive.close();
    const warnings: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (warnings.push(String(chunk)), true)) as typeof process.stderr.write;
    let engine: Engine;
    try {
      engine = new Engine({ archiveDir: blocked });
    } finally {
      process.stderr.write = write;
    }
    expect(warnings.join('')).toMatch(/archive in .*blocked cannot be used .*schema version 99.*not be kept after this session/s);
    const file = sampleFile(30);
    const opened = await engine.openFile({ name: file.name, contentBase64: Buffer.from(file.bytes).toString('base64') });
    expect((await engine.listReadouts()).map((r) => r.readoutId)).toEqual([opened.readoutId]);
    await engine.close();
  });
});

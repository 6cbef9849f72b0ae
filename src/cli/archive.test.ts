/** `npx trudi archive list|check|export|delete` on a real archive made by storing a generated document. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../analysis/testing/run-cli';
import { Archive } from '../archive/archive';
import { storeDocument } from '../archive/store-document';
import { generateSampleDocument } from '../simulator/sample/sample-document';
import { readAr2418 } from '../formats/ar2418/reader';

const dir = mkdtempSync(join(tmpdir(), 'trudi-archive-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const archiveDir = join(dir, 'archive');
const document = generateSampleDocument({ style: 'minimal', readings: 97, placeholderSignatures: true });
const smgwId = document.usagePoints[0]!.smgw.smgwId;
{
  const archive = Archive.open(archiveDir);
  archive.transaction(() => storeDocument(archive, document, { vendor: 'theben' }));
  archive.close();
}

describe('trudi archive', () => {
  it('list --json names gateways, contracts and channels with readings, first and last', async () => {
    const result = await runCli(['archive', 'list', archiveDir, '--json']);
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as { gateways: { gatewayId: string; contracts: { channels: { readings: number; first: string; last: string }[] }[] }[] };
    expect(listed.gateways.map((g) => g.gatewayId)).toEqual([smgwId]);
    const channels = listed.gateways[0]!.contracts[0]!.channels;
    expect(channels.map((c) => c.readings)).toEqual([97, 97]);
    expect(channels[0]!.first).toMatch(/^2024-01-01T00:00/);
  });

  it('check exits 0 on a consistent archive and 1 naming the damage', async () => {
    expect((await runCli(['archive', 'check', archiveDir])).code).toBe(0);
    const damaged = join(dir, 'damaged');
    const archive = Archive.open(damaged);
    archive.addOriginal({ kind: 'file', name: 'x.xml', bytes: new Uint8Array([1, 2]) });
    archive.run("UPDATE originals SET sha256 = '00'");
    archive.close();
    const result = await runCli(['archive', 'check', damaged]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/original 1 \(x\.xml\)/);
  });

  it('exports a gateway as AR 2418-6 and the database as a copy, never over a file', async () => {
    const xml = join(dir, 'gateway.xml');
    const result = await runCli(['archive', 'export', archiveDir, '--gateway', smgwId, '--out', xml]);
    expect(result.stdout).toMatch(/194 readings/);
    expect(readAr2418(readFileSync(xml)).document!.usagePoints[0]!.smgw.smgwId).toBe(smgwId);
    const copy = join(dir, 'copy.sqlite');
    expect((await runCli(['archive', 'export', archiveDir, '--database', '--out', copy])).code).toBe(0);
    expect((await runCli(['archive', 'list', dir.replace(/$/, '/none'), '--json'])).stderr).toMatch(/no archive in/);
    writeFileSync(join(dir, 'taken.xml'), 'mine');
    const refused = await runCli(['archive', 'export', archiveDir, '--gateway', smgwId, '--out', join(dir, 'taken.xml')]);
    expect(refused.code).not.toBe(0);
    expect(readFileSync(join(dir, 'taken.xml'), 'utf8')).toBe('mine');
  });

  it('delete removes one gateway and says so for an unknown one', async () => {
    const other = join(dir, 'other');
    const archive = Archive.open(other);
    archive.transaction(() => storeDocument(archive, document));
    archive.close();
    expect((await runCli(['archive', 'delete', other, '--gateway', 'EXXX0000000000'])).code).toBe(1);
    expect((await runCli(['archive', 'delete', other, '--gateway', smgwId])).code).toBe(0);
    expect(JSON.parse((await runCli(['archive', 'list', other, '--json'])).stdout).gateways).toEqual([]);
  });
});

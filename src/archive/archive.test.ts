import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSampleDocument } from '../simulator/sample/sample-document';
import { readAr2418 } from '../formats/ar2418/reader';
import { writeAr2418Bytes } from '../formats/ar2418/writer';
import { Archive, ARCHIVE_FILE } from './archive';
import { channelRange, lastCaptureTimes, listArchive, loadGatewayDocument } from './query';
import { MIGRATIONS, SCHEMA_VERSION } from './schema';
import { openSqlite } from './sqlite';
import { storeDocument } from './store-document';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trudi-archive-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function sample(readings: number, start?: number) {
  return generateSampleDocument({ style: 'minimal', readings, placeholderSignatures: true, ...(start === undefined ? {} : { start }) });
}

describe('archive', () => {
  it('creates a WAL database at the current schema version and reopens it', () => {
    const archive = Archive.open(dir);
    expect(archive.schemaVersion).toBe(SCHEMA_VERSION);
    expect(archive.get('PRAGMA journal_mode')?.journal_mode).toBe('wal');
    archive.close();
    const again = Archive.open(dir, { readOnly: true });
    expect(again.schemaVersion).toBe(SCHEMA_VERSION);
    again.close();
  });

  it('migrates an archive of schema version 1 and keeps what it held', () => {
    const db = openSqlite(join(dir, ARCHIVE_FILE));
    db.exec(MIGRATIONS[0]!);
    db.exec('PRAGMA user_version = 1');
    db.prepare("INSERT INTO gateways (smgw_id, first_seen, last_seen) VALUES ('EXXX0000000001', 1, 2)").run();
    db.close();
    const archive = Archive.open(dir);
    expect(archive.schemaVersion).toBe(SCHEMA_VERSION);
    expect(listArchive(archive).map((g) => g.smgwId)).toEqual(['EXXX0000000001']);
    expect(archive.all('PRAGMA table_info(readouts)').map((c) => c.name)).toContain('summary');
    archive.close();
  });

  it('refuses an archive of a newer schema and leaves it untouched', () => {
    const db = openSqlite(join(dir, ARCHIVE_FILE));
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => Archive.open(dir)).toThrow(/schema version \d+; this TRuDI knows up to/);
    const check = openSqlite(join(dir, ARCHIVE_FILE));
    expect(check.prepare('PRAGMA user_version').get()?.user_version).toBe(SCHEMA_VERSION + 1);
    check.close();
  });

  it('a read-only open of a missing archive names the folder and the next step', () => {
    expect(() => Archive.open(join(dir, 'nothing'), { readOnly: true })).toThrow(/no archive in .*nothing.*--archive/);
  });

  it('stores a document and gives it back reading for reading; storing it again adds nothing', () => {
    const archive = Archive.open(dir);
    const document = sample(97);
    const first = archive.transaction(() => storeDocument(archive, document));
    expect(first).toMatchObject({ newReadings: 2 * 97, conflicts: 0 });
    const second = archive.transaction(() => storeDocument(archive, document));
    expect(second).toMatchObject({ newReadings: 0, newLogEntries: 0, conflicts: 0 });

    const back = loadGatewayDocument(archive, document.usagePoints[0]!.smgw.smgwId);
    const flat = (d: typeof document) => d.usagePoints[0]!.meterReadings.map((m) => ({ id: m.meterReadingId, type: m.readingType, readings: m.intervalBlocks.flatMap((b) => b.readings) }));
    expect(flat(back)).toEqual(flat(document));
    expect(back.usagePoints[0]!.certificates.map((c) => Buffer.from(c.certContent).toString('hex'))).toEqual(document.usagePoints[0]!.certificates.map((c) => Buffer.from(c.certContent).toString('hex')));
    // What was rebuilt is a valid AR 2418-6 document again (export path).
    const reread = readAr2418(writeAr2418Bytes(back)).document!;
    expect(reread.usagePoints[0]!.meterReadings[0]!.intervalBlocks.flatMap((b) => b.readings)).toHaveLength(97);
    archive.close();
  });

  it('keeps older history when a later read-out covers less, and marks a changed value as a conflict', () => {
    const archive = Archive.open(dir);
    const early = sample(97);
    archive.transaction(() => storeDocument(archive, early));
    const later = sample(97, early.usagePoints[0]!.meterReadings[0]!.intervalBlocks[0]!.readings[48]!.targetTime);
    const stored = archive.transaction(() => storeDocument(archive, later));
    expect(stored.newReadings).toBeGreaterThan(0);
    const [gateway] = listArchive(archive);
    const channel = gateway!.contracts[0]!.channels[0]!;
    expect(channel.readings).toBe(97 + stored.newReadings / 2);
    expect(channel.first).toBe(early.usagePoints[0]!.meterReadings[0]!.intervalBlocks[0]!.readings[0]!.captureTime);

    const changed = sample(97);
    changed.usagePoints[0]!.meterReadings[0]!.intervalBlocks[0]!.readings[5]!.value += 1;
    expect(archive.transaction(() => storeDocument(archive, changed)).conflicts).toBe(1);
    // The archived value stays.
    const range = channelRange(archive, channel.id);
    expect(range.values[5]).toBe(early.usagePoints[0]!.meterReadings[0]!.intervalBlocks[0]!.readings[5]!.value);
    archive.close();
  });

  it('a step that throws leaves the archive as before it', () => {
    const archive = Archive.open(dir);
    const document = sample(10);
    expect(() =>
      archive.transaction(() => {
        storeDocument(archive, document);
        throw new Error('cut off');
      }),
    ).toThrow('cut off');
    expect(listArchive(archive)).toEqual([]);
    archive.close();
  });

  it('answers range queries from the index and knows where a sync goes on', () => {
    const archive = Archive.open(dir);
    const document = sample(2000);
    archive.transaction(() => storeDocument(archive, document));
    const readings = document.usagePoints[0]!.meterReadings[1]!.intervalBlocks[0]!.readings;
    const channel = listArchive(archive)[0]!.contracts[0]!.channels[1]!;
    const range = channelRange(archive, channel.id, readings[100]!.captureTime, readings[199]!.captureTime);
    expect(range.times.length).toBe(100);
    expect(Array.from(range.values)).toEqual(readings.slice(100, 200).map((r) => r.value));
    const plan = archive.get("EXPLAIN QUERY PLAN SELECT capture_time, value FROM readings WHERE channel_id = 1 AND capture_time BETWEEN 0 AND 1");
    expect(String(plan?.detail)).toMatch(/SEARCH readings USING PRIMARY KEY/);
    const last = lastCaptureTimes(archive, document.usagePoints[0]!.smgw.smgwId);
    expect(last.get(`${document.usagePoints[0]!.tariffName}/${channel.meterReadingId}`)).toBe(readings[1999]!.captureTime);
    archive.close();
  });

  it('keeps originals byte for byte, and check finds a changed one', () => {
    const archive = Archive.open(dir);
    const bytes = writeAr2418Bytes(sample(5));
    const id = archive.addOriginal({ kind: 'file', name: 'a.xml', bytes });
    expect(Buffer.compare(Buffer.from(archive.originalBytes(id)), Buffer.from(bytes))).toBe(0);
    expect(archive.check()).toEqual([]);
    archive.run('UPDATE originals SET bytes = ? WHERE id = ?', new Uint8Array([1, 2, 3]), id);
    expect(archive.check()).toEqual([expect.stringMatching(/original 1 \(a\.xml\).*SHA-256/)]);
    archive.close();
  });

  it('deletes one gateway with everything of it, or everything', () => {
    const archive = Archive.open(dir);
    const a = sample(5);
    const b = sample(5);
    b.usagePoints[0]!.smgw.smgwId = 'ETHE0099999999';
    archive.transaction(() => {
      storeDocument(archive, a);
      storeDocument(archive, b);
    });
    const gatewayId = listArchive(archive).find((g) => g.smgwId === 'ETHE0099999999')!.id;
    archive.addOriginal({ gatewayId, kind: 'response', name: '/x', bytes: new Uint8Array([1]) });
    expect(archive.deleteGateway('ETHE0099999999')).toBe(true);
    expect(listArchive(archive).map((g) => g.smgwId)).toEqual([a.usagePoints[0]!.smgw.smgwId]);
    expect(archive.get('SELECT COUNT(*) AS n FROM originals')?.n).toBe(0);
    expect(archive.get('SELECT COUNT(*) AS n FROM readings')?.n).toBe(10);
    archive.deleteAll();
    expect(listArchive(archive)).toEqual([]);
    expect(archive.check()).toEqual([]);
    archive.close();
  });

  it('copies itself while open and never overwrites a file', () => {
    const archive = Archive.open(dir);
    archive.transaction(() => storeDocument(archive, sample(5)));
    const copyDir = join(dir, 'copy');
    archive.copyTo(join(dir, 'copy.sqlite'));
    writeFileSync(join(dir, 'taken.sqlite'), 'mine');
    expect(() => archive.copyTo(join(dir, 'taken.sqlite'))).toThrow(/exists; choose a new file name/);
    archive.close();
    rmSync(copyDir, { recursive: true, force: true });
    const db = openSqlite(join(dir, 'copy.sqlite'), { readOnly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM readings').get()?.n).toBe(10);
    db.close();
  });
});

/** The archive's store of raw signature outcomes (schema 5): real SQLite, real files. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Archive, ARCHIVE_FILE } from './archive';
import { MIGRATIONS } from './schema';
import { openSqlite } from './sqlite';
import { ArchiveSignatureChecks, SIGNATURE_CHECKS_KEY_FILE } from './signature-checks';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trudi-signature-checks-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const key = (n: number) => n.toString(16).padStart(64, '0');
const outcomes = (length: number, zeroAt = -1) => Uint8Array.from({ length }, (_, i) => (i === zeroAt ? 0 : 1));

describe('ArchiveSignatureChecks', () => {
  it('keeps outcomes across a reopen, under a private secret file beside the database', () => {
    const archive = Archive.open(dir);
    const store = new ArchiveSignatureChecks(archive);
    store.put(new Map([[key(1), outcomes(512, 7)]]), []);
    archive.close();
    const secretFile = join(dir, SIGNATURE_CHECKS_KEY_FILE);
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(secretFile)).toHaveLength(32);

    const reopened = Archive.open(dir);
    const again = new ArchiveSignatureChecks(reopened);
    expect(again.secret).toEqual(store.secret);
    expect(again.get(key(1))).toEqual(outcomes(512, 7));
    expect(again.get(key(2))).toBeUndefined();
    reopened.close();
  });

  it('a row whose outcomes, tag or length changed is a miss', () => {
    const archive = Archive.open(dir);
    const store = new ArchiveSignatureChecks(archive);
    store.put(new Map([[key(1), outcomes(4, 2)], [key(2), outcomes(4)], [key(3), outcomes(4)]]), []);
    archive.run('UPDATE signature_checks SET outcomes = ? WHERE key = ?', outcomes(4), Buffer.from(key(1), 'hex'));
    archive.run('UPDATE signature_checks SET tag = ? WHERE key = ?', Buffer.alloc(16), Buffer.from(key(2), 'hex'));
    archive.run('UPDATE signature_checks SET outcomes = ? WHERE key = ?', outcomes(5), Buffer.from(key(3), 'hex'));
    expect([1, 2, 3].map((n) => store.get(key(n)))).toEqual([undefined, undefined, undefined]);
    // Checked again and stored again: the row is right once more.
    store.put(new Map([[key(1), outcomes(4, 2)]]), []);
    expect(store.get(key(1))).toEqual(outcomes(4, 2));
    archive.close();
  });

  it('a damaged secret file is replaced (its rows become misses); a missing table is a miss, and a failed save throws to the caller', () => {
    const archive = Archive.open(dir);
    const store = new ArchiveSignatureChecks(archive);
    store.put(new Map([[key(1), outcomes(8)]]), []);
    writeFileSync(join(dir, SIGNATURE_CHECKS_KEY_FILE), 'short');
    const renewed = new ArchiveSignatureChecks(archive);
    expect(renewed.secret).not.toEqual(store.secret);
    expect(readFileSync(join(dir, SIGNATURE_CHECKS_KEY_FILE))).toEqual(Buffer.from(renewed.secret));
    expect(renewed.get(key(1))).toBeUndefined();

    archive.run('DROP TABLE signature_checks');
    expect(renewed.get(key(1))).toBeUndefined();
    expect(() => renewed.put(new Map([[key(2), outcomes(8)]]), [])).toThrow(/signature_checks/);
    archive.close();
  });

  it('is bounded: beyond maxChecks the rows used longest ago go', () => {
    const archive = Archive.open(dir);
    const store = new ArchiveSignatureChecks(archive, 1000);
    store.put(new Map([[key(1), outcomes(400)]]), [], 1);
    store.put(new Map([[key(2), outcomes(400)]]), [], 2);
    // Key 1 is used again, so key 2 is now the one used longest ago.
    store.put(new Map(), [key(1)], 3);
    store.put(new Map([[key(3), outcomes(400)]]), [], 4);
    expect(store.size()).toBe(800);
    expect(store.get(key(1))).toBeDefined();
    expect(store.get(key(2))).toBeUndefined();
    expect(store.get(key(3))).toBeDefined();
    archive.close();
  });

  it('an archive of schema 4 is migrated to hold them, keeping what it held; emptying the archive empties them', () => {
    const db = openSqlite(join(dir, ARCHIVE_FILE));
    for (const migration of MIGRATIONS.slice(0, 4)) db.exec(migration);
    db.exec('PRAGMA user_version = 4');
    db.prepare("INSERT INTO gateways (smgw_id, first_seen, last_seen) VALUES ('EXXX0000000001', 1, 2)").run();
    db.close();
    const archive = Archive.open(dir);
    expect(archive.schemaVersion).toBe(5);
    expect(archive.get('SELECT smgw_id FROM gateways')?.smgw_id).toBe('EXXX0000000001');
    const store = new ArchiveSignatureChecks(archive);
    store.put(new Map([[key(1), outcomes(3)]]), []);
    expect(store.get(key(1))).toEqual(outcomes(3));
    archive.deleteAll();
    expect(store.size()).toBe(0);
    archive.close();
  });
});

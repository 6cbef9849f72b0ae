/**
 * The archive: one SQLite database per user (`<data dir>/archive/archive.sqlite`) in WAL mode with
 * `synchronous=FULL`, so a committed step survives a crash or power loss and an interrupted one leaves the
 * database as before it. Writers go through `transaction`; every sync step is one.
 *
 * What is kept, per gateway and contract: the originals (files and gateway responses byte for byte, with
 * their SHA-256), the normalised readings indexed by (channel, capture time), the log, verification results
 * with the trust anchors they were computed under, and the read-outs the engine had open. Beside them, not
 * per gateway: the raw outcomes of signature checks (signature-checks.ts), so that a restart does not repeat them.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { migrate, schemaVersion, SCHEMA_VERSION } from './schema';
import { openSqlite, type SqlDatabase, type SqlRow, type SqlValue } from './sqlite';

export const ARCHIVE_FILE = 'archive.sqlite';

export interface OpenArchiveOptions {
  readOnly?: boolean;
}

export class Archive {
  private depth = 0;

  private constructor(
    readonly db: SqlDatabase,
    /** The database file. */
    readonly path: string,
  ) {}

  /** Opens (creating when missing) the archive in `dir`. */
  static open(dir: string, options: OpenArchiveOptions = {}): Archive {
    const path = join(resolve(dir), ARCHIVE_FILE);
    if (options.readOnly) {
      if (!existsSync(path)) throw new Error(`There is no archive in ${resolve(dir)} (no ${ARCHIVE_FILE}). Sync a gateway or open a file first, or name the folder with --archive.`);
    } else {
      mkdirSync(resolve(dir), { recursive: true });
    }
    const db = openSqlite(path, { readOnly: options.readOnly ?? false });
    try {
      db.exec('PRAGMA busy_timeout = 5000');
      if (!options.readOnly) {
        db.exec('PRAGMA journal_mode = WAL');
        db.exec('PRAGMA synchronous = FULL');
      }
      db.exec('PRAGMA foreign_keys = ON');
      if (options.readOnly) {
        const version = schemaVersion(db);
        if (version !== SCHEMA_VERSION) throw new Error(`The archive ${path} has schema version ${version}, this TRuDI reads ${SCHEMA_VERSION}; open it once with this version to migrate it.`);
      } else {
        migrate(db, path);
      }
    } catch (error) {
      db.close();
      throw error;
    }
    return new Archive(db, path);
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  /** Runs `step` in one transaction: all of it is stored, or (on a throw or a crash) none of it. */
  transaction<T>(step: () => T): T {
    if (this.depth > 0) return step();
    this.db.exec('BEGIN IMMEDIATE');
    this.depth++;
    try {
      const result = step();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    } finally {
      this.depth--;
    }
  }

  run(sql: string, ...params: SqlValue[]): { changes: number; lastInsertRowid: number } {
    const result = this.statement(sql).run(...params);
    return { changes: Number(result.changes), lastInsertRowid: Number(result.lastInsertRowid) };
  }

  get(sql: string, ...params: SqlValue[]): SqlRow | undefined {
    return this.statement(sql).get(...params);
  }

  all(sql: string, ...params: SqlValue[]): SqlRow[] {
    return this.statement(sql).all(...params);
  }

  private readonly statements = new Map<string, ReturnType<SqlDatabase['prepare']>>();

  private statement(sql: string): ReturnType<SqlDatabase['prepare']> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Keeps a file or a gateway response byte for byte; returns its id. */
  addOriginal(original: { gatewayId?: number; syncId?: number; kind: 'file' | 'response'; name: string; contentType?: string; bytes: Uint8Array; receivedAt?: number }): number {
    const sha256 = createHash('sha256').update(original.bytes).digest('hex');
    return this.run(
      'INSERT INTO originals (gateway_id, sync_id, kind, name, content_type, sha256, size, bytes, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      original.gatewayId ?? null,
      original.syncId ?? null,
      original.kind,
      original.name,
      original.contentType ?? null,
      sha256,
      original.bytes.length,
      original.bytes,
      original.receivedAt ?? Date.now(),
    ).lastInsertRowid;
  }

  /** The bytes of an original, exactly as they were stored. */
  originalBytes(id: number): Uint8Array {
    const row = this.get('SELECT bytes FROM originals WHERE id = ?', id);
    if (!row) throw new Error(`The archive holds no original with id ${id}.`);
    return new Uint8Array(row.bytes as Uint8Array);
  }

  /** Deletes one gateway with everything archived for it (contracts, readings, originals, log, read-outs). */
  deleteGateway(smgwId: string): boolean {
    return this.transaction(() => this.run('DELETE FROM gateways WHERE smgw_id = ?', smgwId).changes > 0);
  }

  /** Empties the archive (the file stays, at the current schema version). */
  deleteAll(): void {
    this.transaction(() => {
      for (const table of ['signature_checks', 'verifications', 'readouts', 'originals', 'syncs', 'log_entries', 'readings', 'channels', 'contracts', 'gateways']) this.run(`DELETE FROM ${table}`);
    });
    this.db.exec('VACUUM');
  }

  /** A consistent copy of the database (while it is in use): `VACUUM INTO`. Refuses to overwrite a file. */
  copyTo(file: string): void {
    const target = resolve(file);
    if (existsSync(target)) throw new Error(`${target} exists; choose a new file name (an existing file is never overwritten).`);
    this.db.prepare('VACUUM INTO ?').run(target);
  }

  /** What is wrong with the database, or nothing: SQLite's integrity and foreign-key checks, every original's checksum. */
  check(): string[] {
    const problems: string[] = [];
    for (const row of this.all('PRAGMA integrity_check')) {
      const text = String(Object.values(row)[0]);
      if (text !== 'ok') problems.push(`integrity: ${text}`);
    }
    for (const row of this.all('PRAGMA foreign_key_check')) problems.push(`foreign key: ${JSON.stringify(row)}`);
    for (const row of this.all('SELECT id, name, sha256, size, bytes FROM originals')) {
      const bytes = row.bytes as Uint8Array;
      if (bytes.length !== Number(row.size) || createHash('sha256').update(bytes).digest('hex') !== row.sha256) {
        problems.push(`original ${String(row.id)} (${String(row.name)}): its bytes no longer match the stored SHA-256`);
      }
    }
    return problems;
  }

  close(): void {
    this.statements.clear();
    this.db.close();
  }

  /** Removes the archive files of `dir` (database, WAL, shared memory). */
  static remove(dir: string): void {
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(resolve(dir), ARCHIVE_FILE + suffix), { force: true });
  }
}

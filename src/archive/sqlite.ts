/**
 * The one SQLite connection type the archive uses, over whichever driver the running Node has:
 *
 * - `node:sqlite` (built into Node ≥ 22.13, no native add-on): the packaged engine runs on its own pinned
 *   Node 22 runtime (scripts/packaging/node-runtime.json), so what users run needs no compiled module that
 *   would have to match the runtime's ABI on five targets.
 * - `better-sqlite3` 12 on Node 20, where `node:sqlite` does not exist: development, the tests and CI
 *   (version 13 crashes on Node 20). It is loaded only when `node:sqlite` is missing and is never bundled
 *   into the packaged engine.
 *
 * Both are synchronous and run SQLite in-process; the archive uses only what both share: `exec`,
 * `prepare` + `run`/`get`/`all` with positional parameters, BLOBs as byte arrays.
 * `TRUDI_SQLITE=better-sqlite3|node:sqlite` forces one (tests run the archive against the one they name).
 */
import { createRequire } from 'node:module';

export type SqlValue = null | number | bigint | string | Uint8Array;
export type SqlRow = Record<string, SqlValue>;

export interface SqlStatement {
  run(...params: SqlValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...params: SqlValue[]): SqlRow | undefined;
  all(...params: SqlValue[]): SqlRow[];
}

export interface SqlDatabase {
  readonly driver: SqliteDriver;
  exec(sql: string): void;
  prepare(sql: string): SqlStatement;
  close(): void;
}

export type SqliteDriver = 'node:sqlite' | 'better-sqlite3';

interface NodeSqliteModule {
  DatabaseSync: new (path: string, options?: { open?: boolean; readOnly?: boolean }) => {
    exec(sql: string): void;
    prepare(sql: string): SqlStatement;
    close(): void;
  };
}

type BetterSqliteConstructor = new (path: string, options?: { readonly?: boolean; fileMustExist?: boolean }) => {
  exec(sql: string): void;
  prepare(sql: string): SqlStatement & { reader: boolean };
  close(): void;
};

function nodeSqlite(): NodeSqliteModule | undefined {
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (!getBuiltin) return undefined;
  try {
    return getBuiltin('node:sqlite') as NodeSqliteModule | undefined;
  } catch {
    return undefined;
  }
}

function betterSqlite(): BetterSqliteConstructor {
  // A require through a variable: the engine bundler must not pull the native add-on into the packaged engine.
  const load = createRequire(import.meta.url);
  const name = 'better-sqlite3';
  try {
    return load(name) as BetterSqliteConstructor;
  } catch (error) {
    throw new Error(
      `No SQLite driver: this Node (${process.version}) has no node:sqlite and better-sqlite3 could not be loaded (${(error as Error).message}). ` +
        'Run the packaged engine (Node 22) or `npm ci` on Node 20 so that better-sqlite3 is built.',
      { cause: error },
    );
  }
}

/** The driver `openSqlite` will use here. */
export function sqliteDriver(env: NodeJS.ProcessEnv = process.env): SqliteDriver {
  const forced = env.TRUDI_SQLITE;
  if (forced === 'node:sqlite' || forced === 'better-sqlite3') return forced;
  if (forced) throw new Error(`TRUDI_SQLITE="${forced}" names no driver; use node:sqlite or better-sqlite3.`);
  return nodeSqlite() ? 'node:sqlite' : 'better-sqlite3';
}

/** Opens (and creates) a database file; `readOnly` for checks and exports that must not change it. */
export function openSqlite(path: string, options: { readOnly?: boolean; driver?: SqliteDriver } = {}): SqlDatabase {
  const driver = options.driver ?? sqliteDriver();
  if (driver === 'node:sqlite') {
    const module = nodeSqlite();
    if (!module) throw new Error(`node:sqlite is not available in Node ${process.version} (it needs Node ≥ 22.13).`);
    const db = new module.DatabaseSync(path, { readOnly: options.readOnly ?? false });
    return { driver, exec: (sql) => db.exec(sql), prepare: (sql) => db.prepare(sql), close: () => db.close() };
  }
  const Database = betterSqlite();
  const db = new Database(path, options.readOnly ? { readonly: true, fileMustExist: true } : {});
  return {
    driver,
    exec: (sql) => void db.exec(sql),
    prepare: (sql) => {
      const statement = db.prepare(sql);
      // better-sqlite3 refuses run() on statements that return rows and get()/all() on those that do not.
      if (statement.reader) return { run: (...p) => (statement.all(...p), { changes: 0, lastInsertRowid: 0 }), get: (...p) => statement.get(...p), all: (...p) => statement.all(...p) };
      return { run: (...p) => statement.run(...p), get: (...p) => (statement.run(...p), undefined), all: (...p) => (statement.run(...p), []) };
    },
    close: () => void db.close(),
  };
}

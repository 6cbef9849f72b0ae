/**
 * The archive's schema, as numbered migrations. `PRAGMA user_version` holds the version a database is at;
 * opening applies the missing migrations, each in its own transaction, and refuses a database written by a
 * newer version (it never guesses at a schema it does not know).
 */
import type { SqlDatabase } from './sqlite';

export const MIGRATIONS: readonly string[] = [
  // 1: gateways, contracts, channels, readings, originals, log, verifications, read-outs, syncs.
  `
  CREATE TABLE gateways (
    id INTEGER PRIMARY KEY,
    smgw_id TEXT NOT NULL UNIQUE,
    vendor TEXT,
    manufacturer TEXT,
    firmware TEXT NOT NULL DEFAULT '[]',
    cert_ids TEXT NOT NULL DEFAULT '[]',
    demo INTEGER NOT NULL DEFAULT 0,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL
  );
  CREATE TABLE contracts (
    id INTEGER PRIMARY KEY,
    gateway_id INTEGER NOT NULL REFERENCES gateways(id) ON DELETE CASCADE,
    usage_point_id TEXT NOT NULL,
    tariff_name TEXT NOT NULL,
    service_category INTEGER NOT NULL,
    customer_id TEXT NOT NULL,
    invoicing_party_id TEXT NOT NULL,
    taf_profile TEXT,
    schema_version TEXT NOT NULL,
    generator_version TEXT,
    certificates TEXT NOT NULL DEFAULT '[]',
    UNIQUE (gateway_id, usage_point_id, tariff_name)
  );
  CREATE TABLE channels (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
    meter_reading_id TEXT NOT NULL,
    meter_id TEXT NOT NULL,
    meter_public_key TEXT,
    obis TEXT NOT NULL,
    qualified_logical_name TEXT NOT NULL,
    uom INTEGER NOT NULL,
    scaler INTEGER NOT NULL,
    power_of_ten INTEGER NOT NULL,
    measurement_period INTEGER,
    UNIQUE (contract_id, meter_reading_id)
  );
  CREATE TABLE readings (
    channel_id INTEGER NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    capture_time INTEGER NOT NULL,
    value NOT NULL,
    duration INTEGER NOT NULL,
    target_time INTEGER,
    measurement_time_meter INTEGER,
    cert_id INTEGER,
    meter_sig TEXT,
    signature TEXT,
    status_fnn TEXT,
    status_ptb INTEGER,
    status_vendor TEXT,
    PRIMARY KEY (channel_id, capture_time)
  ) WITHOUT ROWID;
  CREATE TABLE log_entries (
    contract_id INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
    entry_key TEXT NOT NULL,
    record_number INTEGER,
    timestamp INTEGER,
    level INTEGER,
    text TEXT,
    outcome INTEGER,
    subject_identity TEXT,
    destination TEXT,
    user_identity TEXT,
    evidence TEXT,
    PRIMARY KEY (contract_id, entry_key)
  ) WITHOUT ROWID;
  CREATE INDEX log_entries_by_record ON log_entries (contract_id, record_number);
  CREATE TABLE syncs (
    id INTEGER PRIMARY KEY,
    gateway_id INTEGER REFERENCES gateways(id) ON DELETE CASCADE,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    requests INTEGER NOT NULL DEFAULT 0,
    bytes INTEGER NOT NULL DEFAULT 0,
    new_readings INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE originals (
    id INTEGER PRIMARY KEY,
    gateway_id INTEGER REFERENCES gateways(id) ON DELETE CASCADE,
    sync_id INTEGER REFERENCES syncs(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('file', 'response')),
    name TEXT NOT NULL,
    content_type TEXT,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    received_at INTEGER NOT NULL
  );
  CREATE INDEX originals_by_gateway ON originals (gateway_id, received_at);
  CREATE TABLE readouts (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    name TEXT,
    demo INTEGER NOT NULL DEFAULT 0,
    original_id INTEGER REFERENCES originals(id) ON DELETE CASCADE,
    gateway_id INTEGER REFERENCES gateways(id) ON DELETE CASCADE,
    range_from INTEGER,
    range_to INTEGER,
    vendor TEXT,
    problems TEXT NOT NULL DEFAULT '[]',
    opened_at INTEGER NOT NULL,
    closed_at INTEGER
  );
  CREATE TABLE verifications (
    id INTEGER PRIMARY KEY,
    readout_id TEXT REFERENCES readouts(id) ON DELETE CASCADE,
    gateway_id INTEGER REFERENCES gateways(id) ON DELETE CASCADE,
    verified_at INTEGER NOT NULL,
    anchors TEXT NOT NULL,
    summary TEXT NOT NULL
  );
  `,
  // 2: a read-out's summary as the UI was shown it and the contracts it covers (to reopen it after a restart).
  `
  ALTER TABLE readouts ADD COLUMN summary TEXT;
  ALTER TABLE readouts ADD COLUMN contracts TEXT NOT NULL DEFAULT '[]';
  CREATE INDEX readouts_open ON readouts (closed_at, opened_at);
  `,
  // 3: a gateway read-out's diagnostics session (requests and answers, credentials removed), gzip-compressed JSON.
  `
  ALTER TABLE readouts ADD COLUMN session BLOB;
  `,
  // 4: a gateway read-out's current registers as the gateway reported them at the visit (JSON, see
  // src/engine/archived-current-registers.ts); NULL for read-outs archived before (they say "not kept").
  `
  ALTER TABLE readouts ADD COLUMN current_registers TEXT;
  `,
  // 5: raw ECDSA outcomes per verification batch, so that a restarted engine does not repeat the signature math
  // for the same bytes (src/archive/signature-checks.ts). Only the math, never a verdict; keyed and tagged with
  // an HMAC under the installation's secret (a file beside the database), bounded, used_at for eviction.
  `
  CREATE TABLE signature_checks (
    key BLOB PRIMARY KEY,
    outcomes BLOB NOT NULL,
    checks INTEGER NOT NULL,
    tag BLOB NOT NULL,
    used_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX signature_checks_by_use ON signature_checks (used_at);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: SqlDatabase): number {
  return Number(db.prepare('PRAGMA user_version').get()?.user_version ?? 0);
}

/** Brings `db` to SCHEMA_VERSION; returns the version it was at. */
export function migrate(db: SqlDatabase, path: string): number {
  const before = schemaVersion(db);
  if (before > SCHEMA_VERSION) {
    throw new Error(`The archive ${path} has schema version ${before}; this TRuDI knows up to ${SCHEMA_VERSION}. Update TRuDI to open it (it was not changed).`);
  }
  for (let version = before + 1; version <= SCHEMA_VERSION; version++) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(MIGRATIONS[version - 1]!);
      db.exec(`PRAGMA user_version = ${version}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw new Error(`Migrating the archive ${path} to schema version ${version} failed (${(error as Error).message}); it stays at version ${version - 1}.`, { cause: error });
    }
  }
  return before;
}

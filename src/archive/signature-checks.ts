/**
 * The archive's memory of raw ECDSA outcomes (schema 5, table `signature_checks`), so that a restarted engine
 * does not repeat the signature math for bytes it checked before. One row per batch of the verification: its
 * key is an HMAC-SHA256, under this installation's secret, of exactly what the batch checked (curve, hash,
 * signer key, every message and signature with their lengths; see src/crypto/cache/signature-check-cache.ts),
 * its value one byte per signature (1 matches, 0 does not).
 *
 * Only that math is kept, never a verdict: whether a match earns a check mark (a chain to a root the user has
 * installed, validity at the capture time) is computed anew at every verification.
 *
 * What cannot give a wrong check mark:
 * - other bytes: another key (a changed value, signature or signer key is a miss and is checked);
 * - a changed row: each row carries a tag, an HMAC of key and outcomes; a row whose tag does not match (a
 *   flipped outcome, a damaged page) is a miss, checked again and overwritten;
 * - a database from elsewhere (a copy handed over, `archive export`): the secret is a file beside the
 *   database (`signature-checks.key`, 0600), not in it, so its rows are misses here;
 * - an unreadable table or database: a miss; a failed write: the outcomes stay in memory only.
 * Someone who can rewrite both this user's secret file and the database could forge a row, as they could
 * install a root of their own in the same user's folders: the cache is as trusted as the trust store.
 *
 * Bounded: beyond `maxChecks` outcomes the rows used longest ago go.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Archive } from './archive';

export const SIGNATURE_CHECKS_KEY_FILE = 'signature-checks.key';
const SECRET_BYTES = 32;
const TAG_BYTES = 16;
/** 4 million signatures (about 4.5 MB): 28 times the 24 months of two 15-minute channels. */
export const MAX_STORED_CHECKS = 4_000_000;

export class ArchiveSignatureChecks {
  /** The installation's secret, for the cache's keys and the rows' tags. */
  readonly secret: Uint8Array;

  constructor(
    private readonly archive: Archive,
    private readonly maxChecks = MAX_STORED_CHECKS,
    secret?: Uint8Array,
  ) {
    this.secret = secret ?? installationSecret(join(dirname(archive.path), SIGNATURE_CHECKS_KEY_FILE));
  }

  /** The outcomes stored under `key` (hex), when the row is there and intact; else undefined. */
  get(key: string): Uint8Array | undefined {
    try {
      const row = this.archive.get('SELECT outcomes, tag FROM signature_checks WHERE key = ?', Buffer.from(key, 'hex'));
      if (!row || !(row.outcomes instanceof Uint8Array) || !(row.tag instanceof Uint8Array)) return undefined;
      const outcomes = new Uint8Array(row.outcomes);
      const tag = row.tag;
      const expected = this.tagOf(key, outcomes);
      return tag.length === expected.length && timingSafeEqual(tag, expected) ? outcomes : undefined;
    } catch {
      return undefined;
    }
  }

  /** Stores new outcomes and marks the keys served as used, in one transaction; then trims to the bound. */
  put(entries: ReadonlyMap<string, Uint8Array>, used: Iterable<string>, now = Date.now()): void {
    this.archive.transaction(() => {
      for (const [key, outcomes] of entries) {
        this.archive.run(
          'INSERT OR REPLACE INTO signature_checks (key, outcomes, checks, tag, used_at) VALUES (?, ?, ?, ?, ?)',
          Buffer.from(key, 'hex'),
          outcomes,
          outcomes.length,
          this.tagOf(key, outcomes),
          now,
        );
      }
      for (const key of used) this.archive.run('UPDATE signature_checks SET used_at = ? WHERE key = ?', now, Buffer.from(key, 'hex'));
      this.trim();
    });
  }

  /** How many outcomes are stored. */
  size(): number {
    return Number(this.archive.get('SELECT total(checks) AS n FROM signature_checks')?.n ?? 0);
  }

  private trim(): void {
    let excess = this.size() - this.maxChecks;
    if (excess <= 0) return;
    for (const row of this.archive.all('SELECT key, checks FROM signature_checks ORDER BY used_at')) {
      if (excess <= 0) break;
      this.archive.run('DELETE FROM signature_checks WHERE key = ?', row.key as Uint8Array);
      excess -= Number(row.checks);
    }
  }

  private tagOf(key: string, outcomes: Uint8Array): Buffer {
    return createHmac('sha256', this.secret).update('signature-checks row|').update(Buffer.from(key, 'hex')).update(outcomes).digest().subarray(0, TAG_BYTES);
  }
}

/**
 * The secret in `file`, made on first use (0600, written exclusively, so that two engines starting at once
 * agree on one). An unreadable or damaged one is replaced: the rows under the old one become misses.
 */
export function installationSecret(file: string): Uint8Array {
  const read = (): Uint8Array | undefined => {
    try {
      const bytes = readFileSync(file);
      return bytes.length === SECRET_BYTES ? new Uint8Array(bytes) : undefined;
    } catch {
      return undefined;
    }
  };
  const existing = read();
  if (existing) return existing;
  const secret = randomBytes(SECRET_BYTES);
  try {
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return new Uint8Array(secret);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const other = read();
      if (other) return other;
    }
  }
  // A damaged file (or one that cannot be written): replace it; without a file this process keeps its secret alone.
  try {
    writeFileSync(file, secret, { mode: 0o600 });
  } catch {
    // nothing stored then survives this process, which is a miss, never a wrong answer
  }
  return new Uint8Array(secret);
}

/**
 * The raw outcomes of ECDSA checks (signature matches message under key: yes or no), per batch of the
 * verification, keyed by an HMAC-SHA256 of exactly what the batch checked: curve, hash, key, every message and
 * every signature with their lengths. A gateway read-out has no original file to key the document cache
 * with, so without this a second check of the same readings (after a cancel, a second click, the same
 * gateway read again) repeats every ECDSA verification. With a `store` (the archive's, see
 * src/archive/signature-checks.ts) the outcomes also outlive the engine process: a restarted engine checks the
 * same bytes without a single ECDSA verification.
 *
 * Only the mathematical match is cached. Whether a match earns a check mark (the signer's chain to an
 * installed root, its validity at the capture time) is decided anew on every verification, under the roots
 * installed then; and different bytes give a different key, so a cached match never covers other bytes.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { VerifyJob } from '../workers/verify-job';

export type SignatureCheckJob = Omit<VerifyJob, 'id' | 'engine'>;

/** Where outcomes outlive the process. `get` answers only intact entries; `put` stores in one step. */
export interface SignatureCheckStore {
  /** The secret the keys are made with (the same across restarts, so that a key finds its entry again). */
  readonly secret: Uint8Array;
  get(key: string): Uint8Array | undefined;
  /** New outcomes, and the keys whose stored outcomes were used (for eviction by use). */
  put(entries: ReadonlyMap<string, Uint8Array>, used: Iterable<string>): void;
}

export class SignatureCheckCache {
  private readonly entries = new Map<string, Uint8Array>();
  private checks = 0;
  private readonly secret: Uint8Array;
  private readonly unsaved = new Map<string, Uint8Array>();
  private readonly used = new Set<string>();
  /** Outcomes taken from the store (not computed, not from memory) since this cache was made. */
  storeHits = 0;

  /**
   * `maxChecks`: how many signature outcomes memory keeps at most (one byte each, plus 64 bytes of key per
   * batch). `onStoreError`: a store that fails to save is reported here; the outcomes stay in memory.
   */
  constructor(
    private readonly maxChecks = 2_000_000,
    private readonly store?: SignatureCheckStore,
    private readonly onStoreError?: (error: unknown) => void,
  ) {
    this.secret = store?.secret ?? randomBytes(32);
  }

  keyOf(job: SignatureCheckJob): string {
    const hash = createHmac('sha256', this.secret);
    hash.update(`${job.curve}|${job.hash}|${job.curveSize}|${job.spki.length}|`).update(job.spki);
    hash.update(new Uint8Array(job.messageOffsets.buffer, job.messageOffsets.byteOffset, job.messageOffsets.byteLength)).update(job.messages);
    hash.update(new Uint8Array(job.signatureOffsets.buffer, job.signatureOffsets.byteOffset, job.signatureOffsets.byteLength)).update(job.signatures);
    return hash.digest('hex');
  }

  /** A copy of the outcomes (1 = matches, 0 = does not) of the batch with this key, if checked before. */
  get(key: string): Uint8Array | undefined {
    let outcomes = this.entries.get(key);
    if (outcomes) {
      this.entries.delete(key);
      this.entries.set(key, outcomes);
      if (this.store) this.used.add(key);
      return outcomes.slice();
    }
    outcomes = this.store?.get(key);
    if (!outcomes) return undefined;
    this.storeHits++;
    this.remember(key, outcomes);
    this.used.add(key);
    return outcomes.slice();
  }

  /** Keeps the outcomes of a batch just checked (in the store at the next `flush`). */
  set(key: string, outcomes: Uint8Array): void {
    this.remember(key, outcomes);
    if (this.store) this.unsaved.set(key, outcomes.slice());
  }

  /** Saves what was checked since the last flush in one step (after a verification, also a cancelled one). */
  flush(): void {
    if (!this.store || (this.unsaved.size === 0 && this.used.size === 0)) return;
    const entries = new Map(this.unsaved);
    const used = [...this.used].filter((key) => !entries.has(key));
    this.unsaved.clear();
    this.used.clear();
    try {
      this.store.put(entries, used);
    } catch (error) {
      this.onStoreError?.(error);
    }
  }

  private remember(key: string, outcomes: Uint8Array): void {
    const previous = this.entries.get(key);
    if (previous) this.checks -= previous.length;
    this.entries.delete(key);
    this.entries.set(key, outcomes.slice());
    this.checks += outcomes.length;
    for (const [oldest, kept] of this.entries) {
      if (this.checks <= this.maxChecks) break;
      this.entries.delete(oldest);
      this.checks -= kept.length;
    }
  }
}

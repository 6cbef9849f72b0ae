/**
 * The raw outcomes of ECDSA checks (signature matches message under key: yes or no), per batch of the
 * verification, keyed by the SHA-256 of exactly what the batch checked: curve, hash, key, every message and
 * every signature with their lengths. A gateway read-out has no original file to key the document cache
 * with, so without this a second check of the same readings (after a cancel, a second click, the same
 * gateway read again) repeats every ECDSA verification.
 *
 * Only the mathematical match is cached. Whether a match earns a check mark (the signer's chain to an
 * installed root, its validity at the capture time) is decided anew on every verification, under the roots
 * installed then; and different bytes hash to a different key, so a cached match never covers other bytes.
 */
import { createHash } from 'node:crypto';
import type { VerifyJob } from '../workers/verify-job';

export type SignatureCheckJob = Omit<VerifyJob, 'id' | 'engine'>;

export class SignatureCheckCache {
  private readonly entries = new Map<string, Uint8Array>();
  private checks = 0;

  /** `maxChecks`: how many signature outcomes are kept at most (one byte each, plus 32 bytes of key per batch). */
  constructor(private readonly maxChecks = 2_000_000) {}

  keyOf(job: SignatureCheckJob): string {
    const hash = createHash('sha256');
    hash.update(`${job.curve}|${job.hash}|${job.curveSize}|${job.spki.length}|`).update(job.spki);
    hash.update(new Uint8Array(job.messageOffsets.buffer, job.messageOffsets.byteOffset, job.messageOffsets.byteLength)).update(job.messages);
    hash.update(new Uint8Array(job.signatureOffsets.buffer, job.signatureOffsets.byteOffset, job.signatureOffsets.byteLength)).update(job.signatures);
    return hash.digest('hex');
  }

  /** A copy of the outcomes (1 = matches, 0 = does not) of the batch with this key, if checked before. */
  get(key: string): Uint8Array | undefined {
    const outcomes = this.entries.get(key);
    if (!outcomes) return undefined;
    this.entries.delete(key);
    this.entries.set(key, outcomes);
    return outcomes.slice();
  }

  set(key: string, outcomes: Uint8Array): void {
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

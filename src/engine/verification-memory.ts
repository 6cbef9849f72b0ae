/**
 * What an engine's verifications remember: the results of whole documents for this process (keyed by the
 * original bytes and the roots), and the raw ECDSA outcomes per batch, which with an archive outlive the
 * process (src/archive/signature-checks.ts). Each engine has its own, so that a new engine (a restart) knows
 * only what its archive kept. Verdicts themselves are never kept across restarts: chains to the installed
 * roots are computed at every verification.
 */
import { ArchiveSignatureChecks } from '../archive/signature-checks';
import { SignatureCheckCache } from '../crypto/cache/signature-check-cache';
import { MemoryVerificationCache } from '../crypto/cache/verification-cache';
import type { DocumentVerification, VerifyDocumentOptions } from '../crypto/verify-document';
import type { VerifyPool } from '../crypto/workers/verify-pool';
import { engineLog } from '../platform/engine-log';
import type { ReadoutArchive } from './readout-archive';

export type VerificationMemory = Required<Pick<VerifyDocumentOptions, 'cache' | 'signatureChecks'>> & Pick<VerifyDocumentOptions, 'pool'> & { signatureChecks: SignatureCheckCache };

export function verificationMemory(archive: ReadoutArchive | undefined, pool?: VerifyPool): VerificationMemory {
  const store = archive ? new ArchiveSignatureChecks(archive.archive) : undefined;
  const signatureChecks = new SignatureCheckCache(undefined, store, (error) => engineLog().warn('signatureChecks.notSaved', { error: (error as Error).message }));
  return { cache: new MemoryVerificationCache<DocumentVerification>(16), signatureChecks, ...(pool ? { pool } : {}) };
}

/** JSON form of a DocumentVerification for the file cache (per-reading codes as base64). */
import type { DocumentVerification, MeterReadingVerdicts } from '../verify-document';
import { FileVerificationCache } from './verification-cache';

interface StoredVerification extends Omit<DocumentVerification, 'verdicts'> {
  verdicts: (Omit<MeterReadingVerdicts, 'codes'> & { codes: string })[];
}

export const documentVerificationCodec = {
  encode(value: DocumentVerification): StoredVerification {
    return { ...value, cached: false, verdicts: value.verdicts.map((v) => ({ ...v, codes: Buffer.from(v.codes).toString('base64') })) };
  },
  decode(json: unknown): DocumentVerification {
    const stored = json as StoredVerification;
    if (!stored || !Array.isArray(stored.verdicts) || typeof stored.readings !== 'number') throw new Error('not a stored verification');
    return { ...stored, verdicts: stored.verdicts.map((v) => ({ ...v, codes: new Uint8Array(Buffer.from(v.codes, 'base64')) })) };
  },
};

/** A cache of verification results in `dir` (e.g. beside the archived read-outs). */
export function fileVerificationCache(dir: string): FileVerificationCache<DocumentVerification> {
  return new FileVerificationCache(dir, documentVerificationCodec);
}

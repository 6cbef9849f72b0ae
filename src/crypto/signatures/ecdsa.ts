/**
 * ECDSA verification of one signature: Node's OpenSSL (brainpool and NIST) or, for runtimes without
 * brainpool (Electron's BoringSSL), @noble/curves with `lowS: false` (with the default, about half of valid
 * OpenSSL signatures would be rejected). Signatures come as DER or as raw r‖s; both are accepted.
 */
import { createHash, createPublicKey, getCurves, verify, type KeyObject } from 'node:crypto';
import type { CurveInfo, HashName } from '../curves';

export type SignatureEncoding = 'der' | 'ieee-p1363';

/** Raw r‖s when the length is exactly twice the curve size, DER otherwise. */
export function signatureEncoding(signature: Uint8Array, curveSize: number): SignatureEncoding {
  return signature.length === 2 * curveSize ? 'ieee-p1363' : 'der';
}

/** True when the signature matches; false for a mismatch or a malformed signature. */
export function verifyWithOpenssl(hash: HashName, message: Uint8Array, key: KeyObject, signature: Uint8Array, curveSize: number): boolean {
  try {
    return verify(hash, message, { key, dsaEncoding: signatureEncoding(signature, curveSize) }, signature);
  } catch {
    return false;
  }
}

/** Pure-JS verification (any runtime). `publicPoint` is the SEC1 (uncompressed or compressed) point. */
export function verifyWithNoble(curve: CurveInfo, message: Uint8Array, publicPoint: Uint8Array, signature: Uint8Array, hash: HashName | 'sha1' = curve.hash): boolean {
  const digest = createHash(hash).update(message).digest();
  try {
    return curve.noble.verify(signature, digest, publicPoint, {
      prehash: false,
      lowS: false,
      format: signatureEncoding(signature, curve.size) === 'der' ? 'der' : 'compact',
    });
  } catch {
    return false;
  }
}

/** The SEC1 point inside a DER SubjectPublicKeyInfo of an EC key (the BIT STRING's payload). */
export function publicPointFromSpki(spki: Uint8Array, curve: CurveInfo): Uint8Array {
  const prefix = Buffer.from(curve.spkiPrefix, 'hex');
  if (spki.length === prefix.length + 1 + 2 * curve.size) return spki.subarray(prefix.length);
  // Generic fallback: the point is the tail after the BIT STRING's unused-bits byte.
  const pointLength = 1 + 2 * curve.size;
  return spki.subarray(spki.length - pointLength);
}

let opensslCurves: Set<string> | undefined;

/** Whether this runtime's crypto knows the curve (Electron's BoringSSL has no brainpool). */
export function runtimeHasCurve(curve: CurveInfo): boolean {
  opensslCurves ??= new Set(getCurves());
  return opensslCurves.has(curve.opensslName);
}

/**
 * One ECDSA check with a DER SubjectPublicKeyInfo: OpenSSL where the runtime knows the curve, else pure JS
 * (so that a certificate chain is not reported broken just because the runtime lacks brainpool).
 */
export function verifyEcdsa(hash: HashName | 'sha1', message: Uint8Array, spki: Uint8Array, signature: Uint8Array, curve: CurveInfo, engine: 'auto' | 'openssl' | 'noble' = 'auto'): boolean {
  if (engine === 'noble' || (engine === 'auto' && !runtimeHasCurve(curve))) {
    return verifyWithNoble(curve, message, publicPointFromSpki(spki, curve), signature, hash);
  }
  try {
    const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    return verify(hash, message, { key, dsaEncoding: signatureEncoding(signature, curve.size) }, signature);
  } catch {
    return false;
  }
}

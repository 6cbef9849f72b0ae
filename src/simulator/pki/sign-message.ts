/**
 * Signs a reading's message as a gateway does, for the simulator and sample data (raw r‖s by default).
 * Issuing belongs here, not in src/crypto: production only verifies (src/crypto/signatures/ecdsa.ts), and
 * the lint rule keeps production code from importing this module.
 */
import { sign, type KeyObject } from 'node:crypto';
import type { HashName } from '../../crypto/curves';
import type { SignatureEncoding } from '../../crypto/signatures/ecdsa';

export function signMessage(hash: HashName, message: Uint8Array, key: KeyObject, encoding: SignatureEncoding = 'ieee-p1363'): Uint8Array {
  return new Uint8Array(sign(hash, message, { key, dsaEncoding: encoding }));
}

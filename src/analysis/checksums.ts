/**
 * Checksums of a supplier tariff file as printed on bills: standard SHA3-256 and RIPEMD-160, and
 * Keccak-288, which TRuDI and older bills showed as "SHA-3" (original Keccak padding, 1024-bit rate).
 */
import { Keccak, sha3_256 } from '@noble/hashes/sha3.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { SupplierChecksums } from './taf-result';

/** Keccak with output length d bits uses capacity 2d: rate = 200 − 2·(d/8) bytes; suffix 0x01 is Keccak's own padding. */
export function keccak(bits: number, data: Uint8Array): Uint8Array {
  const outputBytes = bits / 8;
  const hash = new Keccak(200 - 2 * outputBytes, 0x01, outputBytes);
  hash.update(data);
  return hash.digest();
}

export function supplierFileChecksums(bytes: Uint8Array): SupplierChecksums {
  return {
    sha3_256: bytesToHex(sha3_256(bytes)).toUpperCase(),
    ripemd160: bytesToHex(ripemd160(bytes)).toUpperCase(),
    keccak288: bytesToHex(keccak(288, bytes)).toUpperCase(),
  };
}

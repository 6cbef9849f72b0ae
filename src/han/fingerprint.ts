/** SHA-256 certificate fingerprints as shown to users (`sha256:AB:CD:…`) and their comparison. */
import { createHash } from 'node:crypto';

export function fingerprintOf(der: Uint8Array): string {
  const hex = createHash('sha256').update(der).digest('hex').toUpperCase();
  return `sha256:${hex.match(/../g)!.join(':')}`;
}

/** Accepts `sha256:AB:CD…`, `AB:CD…` or plain hex in any case; returns the canonical form or undefined. */
export function normalizeFingerprint(input: string): string | undefined {
  const hex = input.trim().replace(/^sha-?256[:=]/i, '').replace(/[:\s]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return undefined;
  return `sha256:${hex.match(/../g)!.join(':')}`;
}

export function sameFingerprint(a: string, b: string): boolean {
  const na = normalizeFingerprint(a);
  return na !== undefined && na === normalizeFingerprint(b);
}

/**
 * The BSI TR-03116-3 HAN TLS profile as Node/OpenSSL options, shared by the client and the simulator.
 * ecdhCurve must be set on both ends and include the certificate curves (else "no shared cipher"/"wrong curve").
 */
import type { SecureVersion } from 'node:tls';

export const TR03116_SUITES = {
  'ECDHE-ECDSA-AES128-GCM-SHA256': 0xc02b,
  'ECDHE-ECDSA-AES256-GCM-SHA384': 0xc02c,
  'ECDHE-ECDSA-AES128-SHA256': 0xc023,
  'ECDHE-ECDSA-AES256-SHA384': 0xc024,
} as const;
export type Tr03116Suite = keyof typeof TR03116_SUITES;

export const TR03116_CIPHERS = Object.keys(TR03116_SUITES).join(':');
export const TR03116_GROUPS = 'P-256:P-384:brainpoolP256r1:brainpoolP384r1:brainpoolP512r1';
export const TR03116_SIGALGS = 'ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512';

/**
 * TLS 1.3 with brainpool certificates fails on OpenSSL 3.0 ("no suitable signature algorithm"), so 1.3 is
 * only offered where the runtime's OpenSSL is ≥ 3.5.
 */
export function maxTlsVersion(): SecureVersion {
  const [major = 0, minor = 0] = (process.versions.openssl ?? '0.0').split('.').map(Number);
  return major > 3 || (major === 3 && minor >= 5) ? 'TLSv1.3' : 'TLSv1.2';
}

/** TLS profiles a simulated gateway can present (all inside TR-03116-3, each a variant seen in the field). */
import type { TlsCurve } from './identities';

export interface SimTlsProfile {
  /** Curve of the gateway's HAN TLS certificate. */
  certificateCurve: TlsCurve;
  ciphers: string;
  groups: string;
  requireClientCertificate: boolean;
}

const ALL_SUITES = 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384';
const ALL_GROUPS = 'P-256:P-384:brainpoolP256r1:brainpoolP384r1:brainpoolP512r1';

export const TLS_PROFILES = {
  /** All four suites, NIST and brainpool groups, P-256 certificate. */
  default: { certificateCurve: 'P-256', ciphers: ALL_SUITES, groups: ALL_GROUPS, requireClientCertificate: false },
  /** Theben CONEXA: secp384r1 only. */
  'p384-only': { certificateCurve: 'P-384', ciphers: ALL_SUITES, groups: 'P-384', requireClientCertificate: false },
  'brainpool-only': { certificateCurve: 'brainpoolP256r1', ciphers: ALL_SUITES, groups: 'brainpoolP256r1:brainpoolP384r1:brainpoolP512r1', requireClientCertificate: false },
  'cbc-only': { certificateCurve: 'P-256', ciphers: 'ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384', groups: ALL_GROUPS, requireClientCertificate: false },
  'gcm-only': { certificateCurve: 'P-256', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384', groups: ALL_GROUPS, requireClientCertificate: false },
  'client-cert-required': { certificateCurve: 'brainpoolP256r1', ciphers: ALL_SUITES, groups: ALL_GROUPS, requireClientCertificate: true },
  /** Dr. Neuhaus (inferred): CBC suites, AES-256 first, a client certificate required, P-256 certificate. */
  'cbc-client-cert': { certificateCurve: 'P-256', ciphers: 'ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA256', groups: ALL_GROUPS, requireClientCertificate: true },
} as const satisfies Record<string, SimTlsProfile>;

export type SimTlsProfileName = keyof typeof TLS_PROFILES;

export function isTlsProfileName(name: string): name is SimTlsProfileName {
  return Object.hasOwn(TLS_PROFILES, name);
}

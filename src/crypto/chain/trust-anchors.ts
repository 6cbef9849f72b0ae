/**
 * Trust anchors: the roots a chain may end in. The user imports the official SM-PKI root; the bundled TEST
 * roots (resources/trust/) are always labelled `test` so that no report presents test data as genuine.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESOURCES_DIR } from '../../project-paths';
import type { Certificate } from '../certificates/certificate';
import { readTrustFiles } from '../trust/certificate-files';

export interface TrustAnchor {
  certificate: Certificate;
  /** Where it came from: a bundled test root or a root the user imported. */
  origin: 'bundled-test' | 'user';
  /** True for every test root (bundled ones always; imported ones whose subject says "test"). */
  test: boolean;
  label: string;
}

export const BUNDLED_TRUST_DIR = join(RESOURCES_DIR, 'trust');

/**
 * Reads PEM (one or more certificates), DER or a ZIP of them as trust anchors; only CA certificates valid
 * now (the same rules as the trust store, src/crypto/trust/certificate-files.ts). Throws naming `label`.
 */
export function trustAnchorsFromBytes(bytes: Uint8Array, label: string, origin: TrustAnchor['origin'] = 'user'): TrustAnchor[] {
  return readTrustFiles([{ name: label, bytes }]).certificates.map(({ certificate }) => {
    const test = origin === 'bundled-test' || isTestCertificate(certificate);
    return { certificate, origin, test, label };
  });
}

export function loadTrustAnchorFile(path: string): TrustAnchor[] {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new Error(`Trust anchor ${path} could not be read (${error instanceof Error ? error.message : String(error)}).`, { cause: error });
  }
  return trustAnchorsFromBytes(bytes, path);
}

let bundled: TrustAnchor[] | undefined;

/** The bundled TEST roots (resources/trust/*.pem), labelled test. */
export function bundledTestAnchors(): TrustAnchor[] {
  bundled ??= readdirSync(BUNDLED_TRUST_DIR)
    .filter((name) => name.endsWith('.pem'))
    .sort()
    .flatMap((name) => trustAnchorsFromBytes(readFileSync(join(BUNDLED_TRUST_DIR, name)), name, 'bundled-test'));
  return bundled;
}

/** Whether a certificate is one of the bundled TEST roots (by fingerprint) or says "test" in its subject. */
export function isTestCertificate(certificate: Certificate): boolean {
  const fingerprint = certificate.details.fingerprintSha256;
  return /test/i.test(certificate.details.subject) || bundledTestAnchors().some((a) => a.certificate.details.fingerprintSha256 === fingerprint);
}

/**
 * Trust anchors: the roots a chain may end in. The user imports the official SM-PKI root; the bundled TEST
 * roots (resources/trust/) are always labelled `test` so that no report presents test data as genuine.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESOURCES_DIR } from '../../project-paths';
import { Certificate } from '../certificates/certificate';
import { parsePemBlocks } from '../pki/pem';

export interface TrustAnchor {
  certificate: Certificate;
  /** Where it came from: a bundled test root or a root the user imported. */
  origin: 'bundled-test' | 'user';
  /** True for every test root (bundled ones always; imported ones whose subject says "test"). */
  test: boolean;
  label: string;
}

export const BUNDLED_TRUST_DIR = join(RESOURCES_DIR, 'trust');

/** Reads PEM (one or more certificates) or DER bytes as user trust anchors. */
export function trustAnchorsFromBytes(bytes: Uint8Array, label: string, origin: TrustAnchor['origin'] = 'user'): TrustAnchor[] {
  const text = Buffer.from(bytes).toString('latin1');
  const ders = text.includes('-----BEGIN') ? parsePemBlocks(text).filter((b) => b.label.includes('CERTIFICATE')).map((b) => b.der) : [bytes];
  if (ders.length === 0) throw new Error(`${label}: no certificate found (expected PEM or DER of the root certificate).`);
  return ders.map((der) => {
    let certificate: Certificate;
    try {
      certificate = new Certificate(der);
    } catch (error) {
      throw new Error(`${label}: not a certificate (${error instanceof Error ? error.message : String(error)}).`, { cause: error });
    }
    const test = origin === 'bundled-test' || /test/i.test(certificate.details.subject);
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

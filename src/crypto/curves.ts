/**
 * The elliptic curves of the SM-PKI and of gateway TLS (BSI TR-03116-3), with what each layer needs:
 * the OpenSSL/Node name, the ASN.1 OID, sizes, the hash used with it, the SPKI DER prefix for raw points
 * and the pure-JS implementation (@noble/curves) for runtimes without brainpool.
 */
import type { ECDSA } from '@noble/curves/abstract/weierstrass.js';
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';

export type CurveName = 'brainpoolP256r1' | 'brainpoolP384r1' | 'brainpoolP512r1' | 'P-256' | 'P-384' | 'P-521';
export type HashName = 'sha256' | 'sha384' | 'sha512';

export interface CurveInfo {
  name: CurveName;
  /** Name OpenSSL and Node's `generateKeyPair` / `asymmetricKeyDetails.namedCurve` use. */
  opensslName: string;
  oid: string;
  /** Bytes of a field element / scalar: a raw r‖s signature has twice this length. */
  size: number;
  /** The hash the SM-PKI pairs with the curve (ecdsa-with-SHA256 / SHA384 / SHA512). */
  hash: HashName;
  /** DER prefix of a SubjectPublicKeyInfo; append the 0x04-uncompressed point to get the SPKI. */
  spkiPrefix: string;
  noble: ECDSA;
}

export const CURVES: Record<CurveName, CurveInfo> = {
  brainpoolP256r1: {
    name: 'brainpoolP256r1',
    opensslName: 'brainpoolP256r1',
    oid: '1.3.36.3.3.2.8.1.1.7',
    size: 32,
    hash: 'sha256',
    spkiPrefix: '305a301406072a8648ce3d020106092b2403030208010107034200',
    noble: brainpoolP256r1,
  },
  brainpoolP384r1: {
    name: 'brainpoolP384r1',
    opensslName: 'brainpoolP384r1',
    oid: '1.3.36.3.3.2.8.1.1.11',
    size: 48,
    hash: 'sha384',
    spkiPrefix: '307a301406072a8648ce3d020106092b240303020801010b036200',
    noble: brainpoolP384r1,
  },
  brainpoolP512r1: {
    name: 'brainpoolP512r1',
    opensslName: 'brainpoolP512r1',
    oid: '1.3.36.3.3.2.8.1.1.13',
    size: 64,
    hash: 'sha512',
    spkiPrefix: '30819b301406072a8648ce3d020106092b240303020801010d03818200',
    noble: brainpoolP512r1,
  },
  'P-256': {
    name: 'P-256',
    opensslName: 'prime256v1',
    oid: '1.2.840.10045.3.1.7',
    size: 32,
    hash: 'sha256',
    spkiPrefix: '3059301306072a8648ce3d020106082a8648ce3d030107034200',
    noble: p256,
  },
  'P-384': {
    name: 'P-384',
    opensslName: 'secp384r1',
    oid: '1.3.132.0.34',
    size: 48,
    hash: 'sha384',
    spkiPrefix: '3076301006072a8648ce3d020106052b81040022036200',
    noble: p384,
  },
  'P-521': {
    name: 'P-521',
    opensslName: 'secp521r1',
    oid: '1.3.132.0.35',
    size: 66,
    hash: 'sha512',
    spkiPrefix: '30819b301006072a8648ce3d020106052b8104002303818600',
    noble: p521,
  },
};

/** The curves the test PKI and the sample generator offer. */
export const PKI_CURVES: CurveName[] = ['brainpoolP256r1', 'brainpoolP384r1', 'P-256', 'P-384'];

const BY_OPENSSL_NAME = new Map<string, CurveInfo>();
const BY_OID = new Map<string, CurveInfo>();
for (const info of Object.values(CURVES)) {
  BY_OPENSSL_NAME.set(info.opensslName.toLowerCase(), info);
  BY_OPENSSL_NAME.set(info.name.toLowerCase(), info);
  BY_OID.set(info.oid, info);
}
BY_OPENSSL_NAME.set('secp256r1', CURVES['P-256']);

/** Looks a curve up by any of its usual names (`prime256v1`, `P-256`, `secp256r1`, `brainpoolP256r1`, …). */
export function curveByName(name: string): CurveInfo | undefined {
  return BY_OPENSSL_NAME.get(name.toLowerCase());
}

export function curveByOid(oid: string): CurveInfo | undefined {
  return BY_OID.get(oid);
}

/** Parses a user-given curve name or throws an error naming the choices. */
export function requireCurve(name: string): CurveInfo {
  const info = curveByName(name);
  if (!info) throw new Error(`Unknown curve "${name}". Choose one of: ${PKI_CURVES.join(', ')}.`);
  return info;
}

/**
 * EC key pairs for the test PKI and the sample generator: random, or derived from a seed so that
 * generated certificates and documents are reproducible.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { CURVES, type CurveInfo, type CurveName } from '../../crypto/curves';

export interface EcKeyPair {
  curve: CurveInfo;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** The private scalar (big-endian, curve size), for the deterministic pure-JS signer. */
  scalar: Uint8Array;
}

export function generateKeyPair(curveName: CurveName): EcKeyPair {
  const curve = CURVES[curveName];
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: curve.opensslName });
  return fromPrivateKey(curve, privateKey);
}

/**
 * A key pair derived from `seed` and `label` (SHA-512 counter mode, rejection sampled below the group
 * order): the same inputs always give the same key. For test data only.
 */
export function deriveKeyPair(curveName: CurveName, seed: string, label: string): EcKeyPair {
  const curve = CURVES[curveName];
  const order = curve.noble.Point.Fn.ORDER;
  for (let counter = 0; ; counter++) {
    const digest = createHash('sha512').update(`trudi-test-key|${seed}|${label}|${counter}`).digest();
    const scalarBytes = digest.subarray(0, curve.size);
    const scalar = BigInt('0x' + scalarBytes.toString('hex'));
    if (scalar === 0n || scalar >= order) continue;
    return fromPrivateKey(curve, createPrivateKey({ key: sec1Der(curve, scalarBytes), format: 'der', type: 'sec1' }));
  }
}

/** Loads a PEM/DER private key (PKCS#8 or SEC1) of a supported curve. */
export function keyPairFromPrivateKey(key: KeyObject): EcKeyPair {
  const named = key.asymmetricKeyDetails?.namedCurve;
  const curve = Object.values(CURVES).find((c) => c.opensslName === named || c.name === named);
  if (!curve) throw new Error(`Unsupported key: curve ${named ?? 'unknown'} is not one of the SM-PKI curves.`);
  return fromPrivateKey(curve, key);
}

function fromPrivateKey(curve: CurveInfo, privateKey: KeyObject): EcKeyPair {
  const publicKey = createPublicKey(privateKey);
  const jwkless = privateKey.export({ format: 'der', type: 'sec1' });
  return {
    curve,
    privateKey,
    publicKey,
    spki: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })),
    scalar: sec1Scalar(new Uint8Array(jwkless), curve.size),
  };
}

/** SEC1 ECPrivateKey without the optional public key (OpenSSL recomputes it). */
function sec1Der(curve: CurveInfo, scalar: Uint8Array): Buffer {
  const oid = oidDer(curve.oid);
  const body = Buffer.concat([
    Buffer.from([0x02, 0x01, 0x01, 0x04, scalar.length]),
    scalar,
    Buffer.from([0xa0, oid.length]),
    oid,
  ]);
  return Buffer.concat([derLength(0x30, body.length), body]);
}

function derLength(tag: number, length: number): Buffer {
  if (length < 0x80) return Buffer.from([tag, length]);
  if (length < 0x100) return Buffer.from([tag, 0x81, length]);
  return Buffer.from([tag, 0x82, length >> 8, length & 0xff]);
}

function oidDer(oid: string): Buffer {
  const parts = oid.split('.').map(Number);
  const bytes = [40 * parts[0]! + parts[1]!];
  for (const part of parts.slice(2)) {
    const chunk = [part & 0x7f];
    for (let v = part >>> 7; v > 0; v >>>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return Buffer.from([0x06, bytes.length, ...bytes]);
}

/** Reads the private scalar out of a SEC1 DER ECPrivateKey: SEQUENCE { INTEGER 1, OCTET STRING d, … }. */
function sec1Scalar(der: Uint8Array, size: number): Uint8Array {
  let i = 1;
  i += der[i]! & 0x80 ? 1 + (der[i]! & 0x7f) : 1; // sequence length
  i += 3; // INTEGER 1
  if (der[i] !== 0x04) throw new Error('Unexpected SEC1 private key encoding.');
  const length = der[i + 1]!;
  const d = der.subarray(i + 2, i + 2 + length);
  if (d.length === size) return new Uint8Array(d);
  const padded = new Uint8Array(size);
  padded.set(d, size - d.length);
  return padded;
}

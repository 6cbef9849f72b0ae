/**
 * One X.509 certificate as the display and the chain check need it. pkijs reads the structure (it accepts
 * encodings Node's OpenSSL rejects, e.g. ecdsa-with-SHA256 with explicit NULL parameters, as a Theben HAN
 * certificate has); Node's OpenSSL does the signature math, including brainpool.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { equalBytes, toArrayBuffer, toHex } from '../bytes';
import { curveByName, curveByOid, type HashName } from '../curves';
import { verifyEcdsa } from '../signatures/ecdsa';

export interface CertificateDetails {
  subject: string;
  issuer: string;
  /** Hex, without leading zero bytes beyond what DER needs. */
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** e.g. "EC", "RSA". */
  keyAlgorithm: string;
  /** e.g. "brainpoolP256r1"; absent for non-EC keys or unknown curves. */
  curve?: string;
  keyBits?: number;
  signatureAlgorithm: string;
  fingerprintSha256: string;
  fingerprintSha1: string;
  isCa: boolean;
  keyUsage: string[];
  extendedKeyUsage: string[];
  subjectKeyIdentifier?: string;
  authorityKeyIdentifier?: string;
  selfSigned: boolean;
}

const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '1.2.840.113549.1.9.1': 'emailAddress',
};
const SIGNATURE_ALGORITHMS: Record<string, { name: string; hash: string }> = {
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1' },
};
const KEY_USAGE_NAMES = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];
const EKU_NAMES: Record<string, string> = { '1.3.6.1.5.5.7.3.1': 'serverAuth', '1.3.6.1.5.5.7.3.2': 'clientAuth', '1.3.6.1.5.5.7.3.4': 'emailProtection' };

export class Certificate {
  readonly der: Uint8Array;
  readonly parsed: pkijs.Certificate;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly details: CertificateDetails;
  /** Raw DER of subject and issuer names, for exact issuer linkage. */
  readonly subjectDer: Uint8Array;
  readonly issuerDer: Uint8Array;
  readonly basicConstraintsCa: boolean | undefined;
  readonly keyUsageBits: Set<string> | undefined;
  private publicKeyObject: KeyObject | undefined;
  private spkiBytes: Uint8Array | undefined;

  /** Throws when `der` is not an X.509 certificate. */
  constructor(der: Uint8Array) {
    this.der = der;
    const asn = asn1js.fromBER(toArrayBuffer(der));
    if (asn.offset === -1) throw new Error(`not DER: ${asn.result.error}`);
    this.parsed = new pkijs.Certificate({ schema: asn.result });
    this.notBefore = this.parsed.notBefore.value.getTime();
    this.notAfter = this.parsed.notAfter.value.getTime();
    this.subjectDer = new Uint8Array(this.parsed.subject.valueBeforeDecode);
    this.issuerDer = new Uint8Array(this.parsed.issuer.valueBeforeDecode);

    let isCa: boolean | undefined;
    let keyUsage: Set<string> | undefined;
    const eku: string[] = [];
    let ski: string | undefined;
    let aki: string | undefined;
    for (const ext of this.parsed.extensions ?? []) {
      const value = ext.parsedValue as unknown;
      if (ext.extnID === '2.5.29.19' && value instanceof pkijs.BasicConstraints) isCa = Boolean(value.cA);
      if (ext.extnID === '2.5.29.15' && value instanceof asn1js.BitString) keyUsage = keyUsageNames(value);
      if (ext.extnID === '2.5.29.37' && value instanceof pkijs.ExtKeyUsage) eku.push(...value.keyPurposes.map((oid) => EKU_NAMES[oid] ?? oid));
      if (ext.extnID === '2.5.29.14' && value instanceof asn1js.OctetString) ski = toHex(value.valueBlock.valueHexView);
      if (ext.extnID === '2.5.29.35' && value instanceof pkijs.AuthorityKeyIdentifier && value.keyIdentifier) aki = toHex(value.keyIdentifier.valueBlock.valueHexView);
    }
    this.basicConstraintsCa = isCa;
    this.keyUsageBits = keyUsage;

    const spki = this.parsed.subjectPublicKeyInfo;
    const keyOid = spki.algorithm.algorithmId;
    let curve: string | undefined;
    let keyAlgorithm = keyOid;
    let keyBits: number | undefined;
    if (keyOid === '1.2.840.10045.2.1') {
      keyAlgorithm = 'EC';
      const params = spki.algorithm.algorithmParams as unknown;
      if (params instanceof asn1js.ObjectIdentifier) {
        const info = curveByOid(params.valueBlock.toString());
        curve = info?.name ?? params.valueBlock.toString();
        keyBits = info ? info.size * 8 : undefined;
        if (info?.name === 'P-521') keyBits = 521;
      }
    } else if (keyOid === '1.2.840.113549.1.1.1') {
      keyAlgorithm = 'RSA';
    }
    const sigOid = this.parsed.signatureAlgorithm.algorithmId;
    this.details = {
      subject: formatName(this.parsed.subject),
      issuer: formatName(this.parsed.issuer),
      serialNumber: toHex(this.parsed.serialNumber.valueBlock.valueHexView).toUpperCase(),
      notBefore: new Date(this.notBefore).toISOString(),
      notAfter: new Date(this.notAfter).toISOString(),
      keyAlgorithm,
      ...(curve ? { curve } : {}),
      ...(keyBits ? { keyBits } : {}),
      signatureAlgorithm: SIGNATURE_ALGORITHMS[sigOid]?.name ?? sigOid,
      fingerprintSha256: fingerprint(der, 'sha256'),
      fingerprintSha1: fingerprint(der, 'sha1'),
      isCa: isCa ?? false,
      keyUsage: keyUsage ? [...keyUsage] : [],
      extendedKeyUsage: eku,
      ...(ski ? { subjectKeyIdentifier: ski } : {}),
      ...(aki ? { authorityKeyIdentifier: aki } : {}),
      selfSigned: equalBytes(this.subjectDer, this.issuerDer),
    };
  }

  /**
   * DER SubjectPublicKeyInfo of the certificate's key, encoded once: the same array on every call, so that
   * verifyDocument batches consecutive readings of one signer by identity (re-encoding it per reading cost
   * ≈3 s of main-thread CPU for 70,080 readings and cut every batch to one reading).
   */
  get spki(): Uint8Array {
    this.spkiBytes ??= new Uint8Array(this.parsed.subjectPublicKeyInfo.toSchema().toBER(false));
    return this.spkiBytes;
  }

  /** Node key object of the certificate's public key (OpenSSL, brainpool included). */
  get publicKey(): KeyObject {
    this.publicKeyObject ??= createPublicKey({ key: Buffer.from(this.spki), format: 'der', type: 'spki' });
    return this.publicKeyObject;
  }

  /** Whether `issuer`'s key made this certificate's signature (pure JS where the runtime lacks the curve). */
  isSignedBy(issuer: Certificate, engine: 'auto' | 'openssl' | 'noble' = 'auto'): boolean {
    const algorithm = SIGNATURE_ALGORITHMS[this.parsed.signatureAlgorithm.algorithmId];
    if (!algorithm) return false;
    const curve = issuer.details.curve ? curveByName(issuer.details.curve) : undefined;
    if (curve && algorithm.name.startsWith('ecdsa')) {
      return verifyEcdsa(algorithm.hash as HashName | 'sha1', this.parsed.tbsView, issuer.spki, this.parsed.signatureValue.valueBlock.valueHexView, curve, engine);
    }
    try {
      return verify(algorithm.hash, this.parsed.tbsView, issuer.publicKey, this.parsed.signatureValue.valueBlock.valueHexView);
    } catch {
      return false;
    }
  }

  /** Whether this certificate names `issuer` as its issuer (exact DER match of the names). */
  namesIssuer(issuer: Certificate): boolean {
    return equalBytes(this.issuerDer, issuer.subjectDer) || this.details.issuer === issuer.details.subject;
  }

  isValidAt(epochMs: number): boolean {
    return epochMs >= this.notBefore && epochMs <= this.notAfter;
  }

  allows(usage: string): boolean | undefined {
    return this.keyUsageBits ? this.keyUsageBits.has(usage) : undefined;
  }
}

function keyUsageNames(bits: asn1js.BitString): Set<string> {
  const bytes = bits.valueBlock.valueHexView;
  const names = new Set<string>();
  KEY_USAGE_NAMES.forEach((name, i) => {
    const byte = bytes[i >> 3] ?? 0;
    if (byte & (0x80 >> (i & 7))) names.add(name);
  });
  return names;
}

function formatName(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((tv) => `${ATTRIBUTE_NAMES[tv.type] ?? tv.type}=${String((tv.value as { valueBlock: { value: unknown } }).valueBlock.value)}`)
    .join(', ');
}

function fingerprint(der: Uint8Array, hash: 'sha256' | 'sha1'): string {
  return createHash(hash)
    .update(der)
    .digest('hex')
    .toUpperCase()
    .replace(/(..)(?=.)/g, '$1:');
}

/**
 * Issues X.509 v3 certificates for EC keys on any SM-PKI curve. pkijs builds the structure (it cannot sign
 * with brainpool); the signature is computed with @noble/curves (deterministic RFC 6979 nonces, so the
 * same keys and fields give the same certificate bytes) and checked by Node's OpenSSL.
 */
import { createHash, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toArrayBuffer } from '../../crypto/bytes';
import type { EcKeyPair } from './keys';

export interface DistinguishedName {
  commonName: string;
  organizationalUnit?: string;
  organization?: string;
  country?: string;
}

export type KeyUsageName = 'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'keyAgreement' | 'keyCertSign' | 'cRLSign';
export type ExtKeyUsageName = 'serverAuth' | 'clientAuth';

export interface CertificateRequest {
  subject: DistinguishedName;
  subjectKey: EcKeyPair;
  /** The issuer's certificate (DER) and key; omitted for a self-signed root. */
  issuer?: { certificate: Uint8Array; key: EcKeyPair };
  serialNumber: bigint | number;
  notBefore: Date;
  notAfter: Date;
  /** Present for CA certificates (basicConstraints cA=TRUE, critical). */
  ca?: { pathLength?: number };
  keyUsage: KeyUsageName[];
  extKeyUsage?: ExtKeyUsageName[];
  /** Further extensions as given (tests: e.g. an unknown critical extension). */
  extraExtensions?: { oid: string; critical: boolean; value: Uint8Array }[];
}

const KEY_USAGE_BITS: Record<KeyUsageName, number> = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
};
const EXT_KEY_USAGE_OIDS: Record<ExtKeyUsageName, string> = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};
export const ECDSA_SIGNATURE_OIDS = { sha256: '1.2.840.10045.4.3.2', sha384: '1.2.840.10045.4.3.3', sha512: '1.2.840.10045.4.3.4' } as const;

export function issueCertificate(request: CertificateRequest): Uint8Array {
  const signerKey = request.issuer?.key ?? request.subjectKey;
  const signatureAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: ECDSA_SIGNATURE_OIDS[signerKey.curve.hash] });
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: toArrayBuffer(serialBytes(request.serialNumber)) });
  cert.signature = signatureAlgorithm;
  cert.subject = distinguishedName(request.subject);
  if (request.issuer) {
    const issuer = pkijs.Certificate.fromBER(toArrayBuffer(request.issuer.certificate));
    cert.issuer = issuer.subject;
  } else {
    cert.issuer = distinguishedName(request.subject);
  }
  cert.notBefore = new pkijs.Time({ type: timeType(request.notBefore), value: request.notBefore });
  cert.notAfter = new pkijs.Time({ type: timeType(request.notAfter), value: request.notAfter });
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(toArrayBuffer(request.subjectKey.spki));
  cert.extensions = extensions(request);

  cert.tbsView = new Uint8Array(cert.encodeTBS().toBER(false));
  cert.signatureAlgorithm = signatureAlgorithm;
  cert.signatureValue = new asn1js.BitString({ valueHex: toArrayBuffer(signDer(signerKey, cert.tbsView)) });
  const der = new Uint8Array(cert.toSchema(false).toBER(false));
  // Cross-check with OpenSSL: a certificate this module issues must verify under its issuer's key.
  if (!new X509Certificate(der).verify(signerKey.publicKey)) throw new Error('Issued certificate does not verify.');
  return der;
}

/** ECDSA over `message` with the curve's hash, DER-encoded, deterministic nonce (RFC 6979). */
export function signDer(key: EcKeyPair, message: Uint8Array): Uint8Array {
  const digest = createHash(key.curve.hash).update(message).digest();
  return key.curve.noble.sign(digest, key.scalar, { prehash: false, format: 'der', lowS: false });
}

function extensions(request: CertificateRequest): pkijs.Extension[] {
  const list: pkijs.Extension[] = [];
  if (request.ca) {
    const bc = new pkijs.BasicConstraints({ cA: true, ...(request.ca.pathLength !== undefined ? { pathLenConstraint: request.ca.pathLength } : {}) });
    list.push(new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: bc.toSchema().toBER(false) }));
  }
  list.push(new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: keyUsageBitString(request.keyUsage).toBER(false) }));
  if (request.extKeyUsage?.length) {
    const eku = new pkijs.ExtKeyUsage({ keyPurposes: request.extKeyUsage.map((u) => EXT_KEY_USAGE_OIDS[u]) });
    list.push(new pkijs.Extension({ extnID: '2.5.29.37', critical: false, extnValue: eku.toSchema().toBER(false) }));
  }
  const subjectKeyId = keyIdentifier(request.subjectKey.spki);
  list.push(new pkijs.Extension({ extnID: '2.5.29.14', critical: false, extnValue: new asn1js.OctetString({ valueHex: toArrayBuffer(subjectKeyId) }).toBER(false) }));
  const authorityKeyId = keyIdentifier((request.issuer?.key ?? request.subjectKey).spki);
  const aki = new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: toArrayBuffer(authorityKeyId) }) });
  list.push(new pkijs.Extension({ extnID: '2.5.29.35', critical: false, extnValue: aki.toSchema().toBER(false) }));
  for (const extra of request.extraExtensions ?? []) {
    list.push(new pkijs.Extension({ extnID: extra.oid, critical: extra.critical, extnValue: toArrayBuffer(extra.value) }));
  }
  return list;
}

function keyUsageBitString(usages: KeyUsageName[]): asn1js.BitString {
  let bits = 0;
  for (const usage of usages) bits |= 0x80 >> KEY_USAGE_BITS[usage];
  let unused = 0;
  while (unused < 7 && !(bits & (1 << unused))) unused++;
  return new asn1js.BitString({ valueHex: Uint8Array.of(bits).buffer, unusedBits: unused });
}

/** RFC 5280 method 1: SHA-1 of the subjectPublicKey BIT STRING contents. */
function keyIdentifier(spki: Uint8Array): Uint8Array {
  const info = pkijs.PublicKeyInfo.fromBER(toArrayBuffer(spki));
  return new Uint8Array(createHash('sha1').update(info.subjectPublicKey.valueBlock.valueHexView).digest());
}

function distinguishedName(dn: DistinguishedName): pkijs.RelativeDistinguishedNames {
  const entries: [string, string, 'printable' | 'utf8'][] = [];
  if (dn.country) entries.push(['2.5.4.6', dn.country, 'printable']);
  if (dn.organization) entries.push(['2.5.4.10', dn.organization, 'utf8']);
  if (dn.organizationalUnit) entries.push(['2.5.4.11', dn.organizationalUnit, 'utf8']);
  entries.push(['2.5.4.3', dn.commonName, 'utf8']);
  // One attribute per RDN (pkijs would put all of them into a single multi-valued RDN).
  const sequence = new asn1js.Sequence({
    value: entries.map(
      ([type, value, kind]) =>
        new asn1js.Set({
          value: [
            new asn1js.Sequence({
              value: [
                new asn1js.ObjectIdentifier({ value: type }),
                kind === 'printable' ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value }),
              ],
            }),
          ],
        }),
    ),
  });
  return pkijs.RelativeDistinguishedNames.fromBER(sequence.toBER(false));
}

/** UTCTime up to 2049, GeneralizedTime after (RFC 5280 4.1.2.5). */
function timeType(date: Date): number {
  return date.getUTCFullYear() < 2050 ? 0 : 1;
}

function serialBytes(serial: bigint | number): Uint8Array {
  let hex = BigInt(serial).toString(16);
  if (hex.length % 2) hex = '0' + hex;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = '00' + hex;
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/**
 * CMS SignedData (RFC 5652), as PPC exports and Theben TAF profiles use it: content extraction and
 * verification of each SignerInfo over the encapsulated content (signed attributes with contentType and
 * messageDigest), the signer certificate found in the container and its chain. pkijs reads the structure;
 * Node's OpenSSL does the math (pkijs cannot verify brainpool). This module only verifies; containers are
 * built by src/simulator/pki/sign-cms.ts.
 *
 * Refused, never valid (status 'refused' with the reason): SHA-1 or MD5 as digest or signature algorithm;
 * a signer without signed attributes (nothing binds content type and signing time); a contentType attribute
 * missing or unequal to the encapsulated content type; a messageDigest missing or given twice; an unknown
 * critical extension in a certificate of the signer's chain; more than one signer (which one would count
 * is not defined for a gateway export).
 */
import { createHash, verify } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { equalBytes, toHex } from '../bytes';
import { Certificate, type CertificateDetails } from '../certificates/certificate';
import type { TrustAnchor } from '../chain/trust-anchors';
import { chainToJson, statusAt, validateChain, type ChainJson } from '../chain/validate-chain';
import { curveByName } from '../curves';
import { octetStringValue, parseSignedData } from '../../formats/cms/container';
import { verifyEcdsa } from '../signatures/ecdsa';

const OID = {
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
};
type Hash = 'sha256' | 'sha384' | 'sha512';
const DIGESTS: Record<string, Hash> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const WEAK_DIGESTS: Record<string, string> = { '1.3.14.3.2.26': 'SHA-1', '1.2.840.113549.2.5': 'MD5', '1.2.840.113549.2.2': 'MD2' };
/** Signature algorithms: the hash they imply, or null when the SignerInfo's digest algorithm applies. */
const SIGNATURE_ALGORITHMS: Record<string, Hash | null> = {
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.2.1': null, // id-ecPublicKey, as some signers write it
  '1.2.840.113549.1.1.1': null, // rsaEncryption
};
const WEAK_SIGNATURES: Record<string, string> = {
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.10040.4.3': 'dsa-with-sha1',
};
/** Extensions the chain check understands (RFC 5280); any other critical one makes the signer unusable. */
const KNOWN_EXTENSIONS = new Set([
  '2.5.29.14', '2.5.29.15', '2.5.29.17', '2.5.29.18', '2.5.29.19', '2.5.29.31', '2.5.29.32', '2.5.29.35', '2.5.29.37',
]);

export type CmsSignerStatus =
  | 'valid'
  | 'invalid'
  | 'noSignerCertificate'
  | 'unsupportedAlgorithm'
  /** SHA-1 / MD5: refused, whatever the math says. */
  | 'weakAlgorithm'
  /** No signed attributes, or contentType / messageDigest missing, doubled or wrong. */
  | 'malformedAttributes'
  /** A certificate of the signer's chain has a critical extension this check does not understand. */
  | 'unknownCriticalExtension';

const REFUSED: ReadonlySet<CmsSignerStatus> = new Set(['unsupportedAlgorithm', 'weakAlgorithm', 'malformedAttributes', 'unknownCriticalExtension']);

export interface CmsSignerResult {
  status: CmsSignerStatus;
  /** What does not match, for people. */
  message: string;
  signingTime?: string;
  signer?: CertificateDetails;
  chain?: ChainJson;
}

export interface CmsVerification {
  /**
   * 'valid' only when there is exactly one signer and its signature and chain are valid. 'refused': the
   * container is not acceptable as it is (see `problem`), 'invalid': a signature or chain is wrong,
   * 'untrusted': the signature matches but the chain ends at no installed root.
   */
  status: 'valid' | 'invalid' | 'untrusted' | 'unsigned' | 'refused';
  /** Why the container is refused, for people (also set for more than one signer). */
  problem?: string;
  contentType: string;
  /** The encapsulated content exactly as signed (undefined for detached signatures). */
  content?: Uint8Array;
  signers: CmsSignerResult[];
  certificates: CertificateDetails[];
}

/** Reads a CMS ContentInfo (DER/BER, or PEM "CMS"/"PKCS7") and returns the content without checking. */
export function extractCmsContent(data: Uint8Array): Uint8Array {
  const content = parseSignedData(data).encapContentInfo.eContent;
  if (!content) throw new Error('The CMS container carries no encapsulated content (detached signature).');
  return octetStringValue(content);
}

export interface VerifyCmsOptions {
  trustAnchors: TrustAnchor[];
  /** Time at which the chain must be valid when no signingTime is signed (default now). */
  at?: number;
  /** The content for detached signatures. */
  detachedContent?: Uint8Array;
}

export function verifyCms(data: Uint8Array, options: VerifyCmsOptions): CmsVerification {
  const signedData = parseSignedData(data);
  const eContent = signedData.encapContentInfo.eContent;
  const content = eContent ? octetStringValue(eContent) : options.detachedContent;
  const certificates: Certificate[] = [];
  for (const item of signedData.certificates ?? []) {
    if (item instanceof pkijs.Certificate) {
      try {
        certificates.push(new Certificate(new Uint8Array(item.toSchema().toBER(false))));
      } catch {
        // An unreadable extra certificate only matters if it is the signer's (reported below).
      }
    }
  }
  const eContentType = signedData.encapContentInfo.eContentType;
  const signers = signedData.signerInfos.map((info) => verifySigner(info, eContentType, content, certificates, options));
  let status: CmsVerification['status'];
  let problem: string | undefined;
  const refused = signers.find((s) => REFUSED.has(s.status));
  if (signers.length === 0) status = 'unsigned';
  else if (signers.length > 1) {
    status = 'refused';
    problem = `The container has ${signers.length} signers; a gateway export has exactly one, and which one would count is not defined. / Der Container hat ${signers.length} Unterzeichner statt einem.`;
  } else if (refused) {
    status = 'refused';
    problem = refused.message;
  } else if (signers.some((s) => s.status !== 'valid')) status = 'invalid';
  else if (signers.some((s) => s.chain?.status !== 'valid')) status = signers.some((s) => s.chain?.status === 'expiredAtCaptureTime' || s.chain?.status === 'notYetValidAtCaptureTime' || s.chain?.status === 'brokenChain' || s.chain?.status === 'wrongSigner') ? 'invalid' : 'untrusted';
  else status = 'valid';
  return {
    status,
    ...(problem ? { problem } : {}),
    contentType: eContentType,
    ...(content ? { content } : {}),
    signers,
    certificates: certificates.map((c) => c.details),
  };
}

function verifySigner(info: pkijs.SignerInfo, eContentType: string, content: Uint8Array | undefined, certificates: Certificate[], options: VerifyCmsOptions): CmsSignerResult {
  const digestOid = info.digestAlgorithm.algorithmId;
  const signatureOid = info.signatureAlgorithm.algorithmId;
  if (WEAK_DIGESTS[digestOid]) return { status: 'weakAlgorithm', message: `The container is signed with the digest ${WEAK_DIGESTS[digestOid]}, which is no longer safe: refused. / Digest ${WEAK_DIGESTS[digestOid]} ist unsicher: abgelehnt.` };
  if (WEAK_SIGNATURES[signatureOid]) return { status: 'weakAlgorithm', message: `The container is signed with ${WEAK_SIGNATURES[signatureOid]}, which is no longer safe: refused. / Signaturalgorithmus ${WEAK_SIGNATURES[signatureOid]} ist unsicher: abgelehnt.` };
  const hash = DIGESTS[digestOid];
  if (!hash) return { status: 'unsupportedAlgorithm', message: `Unsupported digest algorithm ${digestOid}. / Nicht unterstützter Digest-Algorithmus.` };
  const implied = SIGNATURE_ALGORITHMS[signatureOid];
  if (implied === undefined) return { status: 'unsupportedAlgorithm', message: `Unsupported signature algorithm ${signatureOid}. / Nicht unterstützter Signaturalgorithmus.` };
  if (implied !== null && implied !== hash) {
    return { status: 'unsupportedAlgorithm', message: `The signature algorithm ${signatureOid} does not fit the digest algorithm ${hash}. / Signatur- und Digest-Algorithmus passen nicht zusammen.` };
  }
  const signer = findSigner(info, certificates);
  if (!signer) return { status: 'noSignerCertificate', message: 'The container does not hold the certificate of its signer.' };
  if (!content) return { status: 'invalid', message: 'Detached signature: the signed content was not given.', signer: signer.details };
  if (!info.signedAttrs) {
    return { status: 'malformedAttributes', message: 'The signer has no signed attributes: nothing binds the content type and the signing time. / Keine signierten Attribute.', signer: signer.details };
  }
  const attributes = info.signedAttrs.attributes;
  const values = (type: string) => attributes.filter((a) => a.type === type).flatMap((a) => a.values as unknown[]);
  const contentTypes = values(OID.contentType);
  if (contentTypes.length !== 1 || !(contentTypes[0] instanceof asn1js.ObjectIdentifier)) {
    return { status: 'malformedAttributes', message: `The signed attributes must hold exactly one contentType (found ${contentTypes.length}). / Das signierte Attribut contentType fehlt oder ist mehrfach.`, signer: signer.details };
  }
  const signedType = contentTypes[0].valueBlock.toString();
  if (signedType !== eContentType) {
    return { status: 'malformedAttributes', message: `The signed contentType ${signedType} differs from the encapsulated content type ${eContentType}. / Signierter contentType passt nicht zum Inhalt.`, signer: signer.details };
  }
  const digests = values(OID.messageDigest);
  if (digests.length !== 1 || !(digests[0] instanceof asn1js.OctetString)) {
    return { status: 'malformedAttributes', message: `The signed attributes must hold exactly one messageDigest (found ${digests.length}). / Das signierte Attribut messageDigest fehlt oder ist mehrfach.`, signer: signer.details };
  }
  const digest = new Uint8Array(digests[0].valueBlock.valueHexView);
  if (!equalBytes(digest, new Uint8Array(createHash(hash).update(content).digest()))) {
    return { status: 'invalid', message: 'The content does not match the signed message digest: the content was changed.', signer: signer.details };
  }
  let signingTime: number | undefined;
  const timeAttr = values(OID.signingTime)[0];
  if (timeAttr instanceof asn1js.UTCTime || timeAttr instanceof asn1js.GeneralizedTime) signingTime = timeAttr.toDate().getTime();
  // The signature covers the DER of the attributes as a SET (tag 0x31), not as [0] IMPLICIT.
  const signedBytes = new Uint8Array(info.signedAttrs.encodedValue.slice(0));
  signedBytes[0] = 0x31;

  const signature = new Uint8Array(info.signature.valueBlock.valueHexView);
  const curve = signer.details.curve ? curveByName(signer.details.curve) : undefined;
  let ok: boolean;
  if (curve) {
    ok = verifyEcdsa(hash, signedBytes, signer.spki, signature, curve);
  } else {
    try {
      ok = verify(hash, signedBytes, signer.publicKey, signature);
    } catch {
      ok = false;
    }
  }
  const chainResult = validateChain(signer, certificates, options.trustAnchors);
  const at = signingTime ?? options.at ?? Date.now();
  const chain = { ...chainToJson(chainResult), status: statusAt(chainResult, at) };
  const base = { ...(signingTime !== undefined ? { signingTime: new Date(signingTime).toISOString() } : {}), signer: signer.details, chain };
  const critical = unknownCriticalExtension(chainResult.certificates);
  if (critical) {
    return { status: 'unknownCriticalExtension', message: `The certificate ${critical.subject} has the critical extension ${critical.oid}, which this check does not understand: refused. / Unbekannte kritische Erweiterung: abgelehnt.`, ...base };
  }
  return {
    status: ok ? 'valid' : 'invalid',
    message: ok ? 'The signature matches the content.' : 'The signature does not match the signed data or the signer certificate.',
    ...base,
  };
}

function unknownCriticalExtension(chain: Certificate[]): { subject: string; oid: string } | undefined {
  for (const certificate of chain) {
    const extension = (certificate.parsed.extensions ?? []).find((e) => e.critical && !KNOWN_EXTENSIONS.has(e.extnID));
    if (extension) return { subject: certificate.details.subject, oid: extension.extnID };
  }
  return undefined;
}

function findSigner(info: pkijs.SignerInfo, certificates: Certificate[]): Certificate | undefined {
  const sid = info.sid as unknown;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    const serial = toHex(sid.serialNumber.valueBlock.valueHexView);
    const issuer = new Uint8Array(sid.issuer.toSchema().toBER(false));
    return certificates.find((c) => toHex(c.parsed.serialNumber.valueBlock.valueHexView) === serial && (equalBytes(c.issuerDer, issuer) || c.details.issuer === formatIssuer(sid)));
  }
  // subjectKeyIdentifier [0]
  const keyId = sid instanceof asn1js.Constructed || sid instanceof asn1js.Primitive ? toHex((sid as asn1js.Primitive).valueBlock.valueHexView ?? new Uint8Array()) : undefined;
  return keyId ? certificates.find((c) => c.details.subjectKeyIdentifier === keyId) : undefined;
}

function formatIssuer(sid: pkijs.IssuerAndSerialNumber): string {
  try {
    return sid.issuer.typesAndValues.map((tv) => String((tv.value as { valueBlock: { value: unknown } }).valueBlock.value)).join(', ');
  } catch {
    return '';
  }
}

/**
 * CMS SignedData (RFC 5652), as PPC exports and Theben TAF profiles use it: content extraction and
 * verification of each SignerInfo over the encapsulated content (signed attributes with messageDigest, or
 * the content itself), the signer certificate found in the container and its chain. pkijs reads the
 * structure; Node's OpenSSL does the math (pkijs cannot verify brainpool). `signCms` builds containers for
 * the simulator and tests.
 */
import { createHash, sign, verify } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { equalBytes, toArrayBuffer, toHex } from '../bytes';
import { Certificate, type CertificateDetails } from '../certificates/certificate';
import type { TrustAnchor } from '../chain/trust-anchors';
import { chainToJson, statusAt, validateChain, type ChainJson } from '../chain/validate-chain';
import { curveByName } from '../curves';
import { octetStringValue, parseSignedData } from '../../formats/cms/container';
import type { EcKeyPair } from '../pki/keys';
import { verifyEcdsa } from '../signatures/ecdsa';

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
};
const DIGESTS: Record<string, 'sha256' | 'sha384' | 'sha512' | 'sha1'> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
};
const DIGEST_OIDS = { sha256: '2.16.840.1.101.3.4.2.1', sha384: '2.16.840.1.101.3.4.2.2', sha512: '2.16.840.1.101.3.4.2.3' } as const;
const ECDSA_OIDS = { sha256: '1.2.840.10045.4.3.2', sha384: '1.2.840.10045.4.3.3', sha512: '1.2.840.10045.4.3.4' } as const;

export type CmsSignerStatus = 'valid' | 'invalid' | 'noSignerCertificate' | 'unsupportedAlgorithm';

export interface CmsSignerResult {
  status: CmsSignerStatus;
  /** What does not match, for people. */
  message: string;
  signingTime?: string;
  signer?: CertificateDetails;
  chain?: ChainJson;
}

export interface CmsVerification {
  /** 'valid' only when every signer's signature and chain are valid. */
  status: 'valid' | 'invalid' | 'untrusted' | 'unsigned';
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
  const signers = signedData.signerInfos.map((info) => verifySigner(info, content, certificates, options));
  let status: CmsVerification['status'];
  if (signers.length === 0) status = 'unsigned';
  else if (signers.some((s) => s.status !== 'valid')) status = 'invalid';
  else if (signers.some((s) => s.chain?.status !== 'valid')) status = signers.some((s) => s.chain?.status === 'expiredAtCaptureTime' || s.chain?.status === 'notYetValidAtCaptureTime' || s.chain?.status === 'brokenChain' || s.chain?.status === 'wrongSigner') ? 'invalid' : 'untrusted';
  else status = 'valid';
  return {
    status,
    contentType: signedData.encapContentInfo.eContentType,
    ...(content ? { content } : {}),
    signers,
    certificates: certificates.map((c) => c.details),
  };
}

function verifySigner(info: pkijs.SignerInfo, content: Uint8Array | undefined, certificates: Certificate[], options: VerifyCmsOptions): CmsSignerResult {
  const hash = DIGESTS[info.digestAlgorithm.algorithmId];
  if (!hash) return { status: 'unsupportedAlgorithm', message: `Unsupported digest algorithm ${info.digestAlgorithm.algorithmId}.` };
  const signer = findSigner(info, certificates);
  if (!signer) return { status: 'noSignerCertificate', message: 'The container does not hold the certificate of its signer.' };
  if (!content) return { status: 'invalid', message: 'Detached signature: the signed content was not given.', signer: signer.details };

  let signedBytes: Uint8Array = content;
  let signingTime: number | undefined;
  if (info.signedAttrs) {
    const digestAttr = info.signedAttrs.attributes.find((a) => a.type === OID.messageDigest);
    const digest = digestAttr?.values[0] instanceof asn1js.OctetString ? new Uint8Array(digestAttr.values[0].valueBlock.valueHexView) : undefined;
    if (!digest) return { status: 'invalid', message: 'The signed attributes lack the messageDigest.', signer: signer.details };
    if (!equalBytes(digest, new Uint8Array(createHash(hash).update(content).digest()))) {
      return { status: 'invalid', message: 'The content does not match the signed message digest: the content was changed.', signer: signer.details };
    }
    const timeAttr = info.signedAttrs.attributes.find((a) => a.type === OID.signingTime)?.values[0] as unknown;
    if (timeAttr instanceof asn1js.UTCTime || timeAttr instanceof asn1js.GeneralizedTime) signingTime = timeAttr.toDate().getTime();
    // The signature covers the DER of the attributes as a SET (tag 0x31), not as [0] IMPLICIT.
    signedBytes = new Uint8Array(info.signedAttrs.encodedValue.slice(0));
    signedBytes[0] = 0x31;
  }
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
  return {
    status: ok ? 'valid' : 'invalid',
    message: ok ? 'The signature matches the content.' : 'The signature does not match the signed data or the signer certificate.',
    ...(signingTime !== undefined ? { signingTime: new Date(signingTime).toISOString() } : {}),
    signer: signer.details,
    chain,
  };
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

export interface CmsSigner {
  certificate: Uint8Array;
  key: EcKeyPair;
  /** Further certificates to embed (Sub-CA, …). */
  chain?: Uint8Array[];
}

/** Builds a CMS SignedData with signed attributes (contentType, signingTime, messageDigest). */
export function signCms(content: Uint8Array, signer: CmsSigner, signingTime = new Date()): Uint8Array {
  const hash = signer.key.curve.hash;
  const certificate = pkijs.Certificate.fromBER(toArrayBuffer(signer.certificate));
  const digest = createHash(hash).update(content).digest();
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
      new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: signingTime })] }),
      new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(new Uint8Array(digest)) })] }),
    ],
  });
  const attrsDer = new Uint8Array(signedAttrs.toSchema().toBER(false));
  attrsDer[0] = 0x31;
  const signature = sign(hash, attrsDer, { key: signer.key.privateKey, dsaEncoding: 'der' });
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: DIGEST_OIDS[hash] }),
    signedAttrs,
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: ECDSA_OIDS[hash] }),
    signature: new asn1js.OctetString({ valueHex: toArrayBuffer(new Uint8Array(signature)) }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: DIGEST_OIDS[hash] })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data, eContent: new asn1js.OctetString({ valueHex: toArrayBuffer(content) }) }),
    certificates: [certificate, ...(signer.chain ?? []).map((der) => pkijs.Certificate.fromBER(toArrayBuffer(der)))],
    signerInfos: [signerInfo],
  });
  const info = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(info.toSchema().toBER(false));
}

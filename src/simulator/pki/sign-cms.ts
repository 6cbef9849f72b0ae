/**
 * Builds CMS SignedData containers (RFC 5652) for the simulator (PPC signed exports) and for tests. Issuing
 * lives here, with the simulator; src/crypto/cms only verifies. The `variant` options build the malformed
 * and weak containers the verifier must refuse (SHA-1, a wrong contentType attribute, missing attributes,
 * two signers).
 */
import { createHash, sign } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toArrayBuffer } from '../../crypto/bytes';
import type { EcKeyPair } from './keys';

export const CMS_OIDS = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
} as const;
const DIGEST_OIDS = { sha1: '1.3.14.3.2.26', sha256: '2.16.840.1.101.3.4.2.1', sha384: '2.16.840.1.101.3.4.2.2', sha512: '2.16.840.1.101.3.4.2.3' } as const;
const ECDSA_OIDS = { sha1: '1.2.840.10045.4.1', sha256: '1.2.840.10045.4.3.2', sha384: '1.2.840.10045.4.3.3', sha512: '1.2.840.10045.4.3.4' } as const;

export interface CmsSigner {
  certificate: Uint8Array;
  key: EcKeyPair;
  /** Further certificates to embed (Sub-CA, …). */
  chain?: Uint8Array[];
}

/** Deviations from a well-formed container, for tests of the verifier. */
export interface CmsVariant {
  /** Digest (and ECDSA hash) to use instead of the curve's hash. */
  digest?: keyof typeof DIGEST_OIDS;
  /** The signatureAlgorithm OID written into the SignerInfo (default ecdsa-with-<digest>). */
  signatureAlgorithm?: string;
  /** The eContentType (default id-data). */
  eContentType?: string;
  /** The value of the contentType attribute (default = eContentType); null leaves the attribute out. */
  contentTypeAttribute?: string | null;
  /** false leaves the messageDigest attribute out. */
  messageDigest?: boolean;
  /** false signs the content directly, without signed attributes. */
  signedAttributes?: boolean;
  /** Further signers over the same content. */
  extraSigners?: CmsSigner[];
}

/** Builds a CMS SignedData with signed attributes (contentType, signingTime, messageDigest). */
export function signCms(content: Uint8Array, signer: CmsSigner, signingTime = new Date(), variant: CmsVariant = {}): Uint8Array {
  const eContentType = variant.eContentType ?? CMS_OIDS.data;
  const signers = [signer, ...(variant.extraSigners ?? [])];
  const signerInfos = signers.map((s) => signerInfo(content, s, signingTime, eContentType, variant));
  const certificates = signers.flatMap((s) => [s.certificate, ...(s.chain ?? [])]);
  const unique = [...new Map(certificates.map((der) => [Buffer.from(der).toString('hex'), der])).values()];
  const digests = [...new Set(signerInfos.map((i) => i.digestAlgorithm.algorithmId))];
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: digests.map((algorithmId) => new pkijs.AlgorithmIdentifier({ algorithmId })),
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType, eContent: new asn1js.OctetString({ valueHex: toArrayBuffer(content) }) }),
    certificates: unique.map((der) => pkijs.Certificate.fromBER(toArrayBuffer(der))),
    signerInfos,
  });
  const info = new pkijs.ContentInfo({ contentType: CMS_OIDS.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(info.toSchema().toBER(false));
}

function signerInfo(content: Uint8Array, signer: CmsSigner, signingTime: Date, eContentType: string, variant: CmsVariant): pkijs.SignerInfo {
  const hash = variant.digest ?? signer.key.curve.hash;
  const certificate = pkijs.Certificate.fromBER(toArrayBuffer(signer.certificate));
  const digest = createHash(hash).update(content).digest();
  let signedAttrs: pkijs.SignedAndUnsignedAttributes | undefined;
  let signedBytes: Uint8Array = content;
  if (variant.signedAttributes !== false) {
    const attributes: pkijs.Attribute[] = [];
    const contentType = variant.contentTypeAttribute === undefined ? eContentType : variant.contentTypeAttribute;
    if (contentType !== null) attributes.push(new pkijs.Attribute({ type: CMS_OIDS.contentType, values: [new asn1js.ObjectIdentifier({ value: contentType })] }));
    attributes.push(new pkijs.Attribute({ type: CMS_OIDS.signingTime, values: [new asn1js.UTCTime({ valueDate: signingTime })] }));
    if (variant.messageDigest !== false) {
      attributes.push(new pkijs.Attribute({ type: CMS_OIDS.messageDigest, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(new Uint8Array(digest)) })] }));
    }
    signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });
    // The signature covers the DER of the attributes as a SET (tag 0x31), not as [0] IMPLICIT.
    signedBytes = new Uint8Array(signedAttrs.toSchema().toBER(false));
    signedBytes[0] = 0x31;
  }
  const signature = sign(hash, signedBytes, { key: signer.key.privateKey, dsaEncoding: 'der' });
  return new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: DIGEST_OIDS[hash] }),
    ...(signedAttrs ? { signedAttrs } : {}),
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: variant.signatureAlgorithm ?? ECDSA_OIDS[hash] }),
    signature: new asn1js.OctetString({ valueHex: toArrayBuffer(new Uint8Array(signature)) }),
  });
}

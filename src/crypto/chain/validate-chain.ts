/**
 * Certificate chain validation for a signer certificate: issuer name and signature linkage up to a trust
 * anchor, basic constraints and key usage of each CA, key usage of the signer, and the validity window
 * (intersection of all validity periods) within which a capture time must lie.
 */
import type { Certificate, CertificateDetails } from '../certificates/certificate';
import type { TrustAnchor } from './trust-anchors';

export type ChainStatus =
  | 'valid'
  | 'expiredAtCaptureTime'
  | 'notYetValidAtCaptureTime'
  | 'unknownRoot'
  | 'brokenChain'
  | 'invalidCa'
  | 'wrongSigner'
  | 'noCertificate'
  | 'unreadableCertificate'
  | 'notChecked';

export interface ChainResult {
  status: ChainStatus;
  /** What is wrong (or right), for people. */
  message: string;
  /** Signer first, up to the anchor (or as far as it could be built). */
  certificates: Certificate[];
  anchor?: TrustAnchor;
  /** Intersection of the validity periods of all certificates in the chain (epoch ms). */
  validFrom?: number;
  validTo?: number;
}

export interface ChainJson {
  status: ChainStatus;
  message: string;
  trustAnchor: { subject: string; fingerprintSha256: string; test: boolean; origin: TrustAnchor['origin'] } | null;
  test: boolean;
  validFrom: string | null;
  validTo: string | null;
  certificates: CertificateDetails[];
}

const MAX_DEPTH = 6;

/** Validates the chain of `signer` using `intermediates` (certificates of the document) and `anchors`. */
export function validateChain(signer: Certificate, intermediates: Certificate[], anchors: TrustAnchor[]): ChainResult {
  const chain: Certificate[] = [signer];
  const window = () => ({
    validFrom: Math.max(...chain.map((c) => c.notBefore)),
    validTo: Math.min(...chain.map((c) => c.notAfter)),
  });
  if (signer.details.isCa || signer.allows('digitalSignature') === false) {
    return {
      status: 'wrongSigner',
      message: `The signer certificate ${signer.details.subject} is not a signature certificate (${signer.details.isCa ? 'it is a CA certificate' : `key usage ${signer.details.keyUsage.join(', ') || 'none'}`}).`,
      certificates: chain,
      ...window(),
    };
  }
  let current = signer;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const anchor = anchors.find((a) => current.namesIssuer(a.certificate) && current.isSignedBy(a.certificate));
    if (anchor) {
      if (!equal(anchor.certificate, current)) chain.push(anchor.certificate);
      const caProblem = checkCa(anchor.certificate);
      if (caProblem && !anchor.certificate.details.selfSigned) return { status: 'invalidCa', message: caProblem, certificates: chain, anchor, ...window() };
      return { status: 'valid', message: `Chain ends in the trust anchor ${anchor.certificate.details.subject}${anchor.test ? ' (TEST root)' : ''}.`, certificates: chain, anchor, ...window() };
    }
    const named = intermediates.filter((c) => c !== current && !equal(c, current) && current.namesIssuer(c));
    const issuer = named.find((c) => current.isSignedBy(c));
    if (!issuer) {
      if (named.length > 0) {
        return { status: 'brokenChain', message: `The signature of ${current.details.subject} does not verify with the key of its issuer ${named[0]!.details.subject}.`, certificates: chain, ...window() };
      }
      const anchorByName = anchors.find((a) => current.namesIssuer(a.certificate));
      if (anchorByName) {
        return { status: 'brokenChain', message: `${current.details.subject} names the trust anchor ${anchorByName.certificate.details.subject} as issuer, but its signature does not verify with that root's key.`, certificates: chain, ...window() };
      }
      return {
        status: 'unknownRoot',
        message: current.details.selfSigned
          ? `The chain ends in ${current.details.subject}, which is not a trusted root. Import the official SM-PKI root (--trust ROOT.pem).`
          : `The issuer ${current.details.issuer} of ${current.details.subject} is neither in the document nor a trusted root. Import the official SM-PKI root (--trust ROOT.pem).`,
        certificates: chain,
        ...window(),
      };
    }
    const caProblem = checkCa(issuer);
    chain.push(issuer);
    if (caProblem) return { status: 'invalidCa', message: caProblem, certificates: chain, ...window() };
    current = issuer;
  }
  return { status: 'brokenChain', message: `No trust anchor within ${MAX_DEPTH} certificates.`, certificates: chain, ...window() };
}

/** The chain status for one capture time, given a chain that is otherwise valid. */
export function statusAt(result: ChainResult, captureTime: number): ChainStatus {
  if (result.status !== 'valid') return result.status;
  if (result.validFrom !== undefined && captureTime < result.validFrom) return 'notYetValidAtCaptureTime';
  if (result.validTo !== undefined && captureTime > result.validTo) return 'expiredAtCaptureTime';
  return 'valid';
}

export function chainToJson(result: ChainResult): ChainJson {
  return {
    status: result.status,
    message: result.message,
    trustAnchor: result.anchor
      ? { subject: result.anchor.certificate.details.subject, fingerprintSha256: result.anchor.certificate.details.fingerprintSha256, test: result.anchor.test, origin: result.anchor.origin }
      : null,
    test: result.anchor?.test ?? false,
    validFrom: result.validFrom !== undefined ? new Date(result.validFrom).toISOString() : null,
    validTo: result.validTo !== undefined ? new Date(result.validTo).toISOString() : null,
    certificates: result.certificates.map((c) => c.details),
  };
}

function checkCa(ca: Certificate): string | undefined {
  if (ca.basicConstraintsCa !== true) return `${ca.details.subject} issues certificates but is not marked as a CA (basicConstraints).`;
  if (ca.allows('keyCertSign') === false) return `${ca.details.subject} issues certificates but its key usage lacks keyCertSign.`;
  return undefined;
}

function equal(a: Certificate, b: Certificate): boolean {
  return a.details.fingerprintSha256 === b.details.fingerprintSha256;
}

/**
 * Who signed a reading: the certificate the reading names (its `certId`), or, for readings that name none,
 * the gateway signature certificate (certType 1) valid at the capture time. Only a signature certificate
 * of the document's own gateway may sign readings; anything else is a signer problem that makes the
 * reading invalid. Each distinct signer's chain is built once per verification (cached by fingerprint).
 */
import type { CertificateEntry, IntervalReading, UsagePoint } from '../../model/types';
import type { Certificate } from '../certificates/certificate';
import { parseCertContent } from '../certificates/cert-content';
import type { TrustAnchor } from '../chain/trust-anchors';
import { validateChain, type ChainResult } from '../chain/validate-chain';
import { curveByName, type CurveInfo } from '../curves';

/** Why a certificate may not sign this document's readings. */
export type SignerProblem = 'unknownSignerCertificate' | 'signerNotSignatureCertificate' | 'signerOfOtherGateway' | 'signerSelfSigned';

export interface Signer {
  certId: number | undefined;
  certType: number | undefined;
  certificate: Certificate;
  /** Absent when the key is not on an SM-PKI curve. */
  curve: CurveInfo | undefined;
  problem: SignerProblem | undefined;
  /** The chain of this certificate (built on first use). */
  chain: ChainResult;
  /** Signed readings attributed to this signer, and how many of their signatures match its key. */
  readings: number;
  matches: number;
}

export type SignerLookup = { signer: Signer } | { problem: 'unknownSignerCertificate'; certId: number } | { notCheckable: string };

/** Chains by certificate fingerprint and trust anchor set, shared by the usage points of one verification. */
export type ChainCache = Map<string, ChainResult>;

export class UsagePointSigners {
  private readonly byCertId = new Map<number, { entry: CertificateEntry; certificate: Certificate }>();
  private readonly unreadableIds = new Map<number, string>();
  private readonly intermediates: Certificate[] = [];
  private readonly signers = new Map<string, Signer>();
  /** Readable certType-1 certificates, in document order. */
  private readonly signatureCertificates: { entry: CertificateEntry; certificate: Certificate }[] = [];
  readonly unreadable: string[] = [];
  /** Hex of the SPKI of each signature certificate (built on first key lookup). */
  private signaturePoints: string[] | undefined;

  constructor(
    private readonly usagePoint: UsagePoint,
    private readonly anchors: TrustAnchor[],
    private readonly chainCache: ChainCache,
  ) {
    for (const entry of usagePoint.certificates) {
      const content = parseCertContent(entry.certContent);
      const certificate = content.certificates[0];
      if (!certificate) {
        const problem = `certId ${entry.certId}: ${content.problem ?? 'unreadable'}`;
        this.unreadable.push(problem);
        this.unreadableIds.set(entry.certId, problem);
        continue;
      }
      this.byCertId.set(entry.certId, { entry, certificate });
      this.intermediates.push(...content.certificates);
      if (entry.certType === 1) this.signatureCertificates.push({ entry, certificate });
    }
  }

  /** The signer of one reading, or why there is none. */
  lookup(reading: IntervalReading): SignerLookup {
    if (reading.certId !== undefined) {
      const named = this.byCertId.get(reading.certId);
      if (named) return { signer: this.signerOf(named.entry, named.certificate) };
      const unreadable = this.unreadableIds.get(reading.certId);
      if (unreadable) return { notCheckable: `The signer certificate could not be read (${unreadable}). / Das Signaturzertifikat ist nicht lesbar.` };
      return { problem: 'unknownSignerCertificate', certId: reading.certId };
    }
    const candidates = this.signatureCertificates;
    const chosen = candidates.find((c) => c.certificate.isValidAt(reading.captureTime)) ?? candidates[0];
    if (!chosen) {
      return {
        notCheckable:
          this.unreadable.length > 0
            ? `The signature certificate could not be read (${this.unreadable.join('; ')}). / Das Signaturzertifikat ist nicht lesbar.`
            : 'No readable signature certificate: the signatures cannot be checked. / Kein lesbares Signaturzertifikat: Die Signaturen sind nicht prüfbar.',
      };
    }
    return { signer: this.signerOf(chosen.entry, chosen.certificate) };
  }

  /**
   * For formats whose key travels inside the signature (PPC): the signature certificate (certType 1) of
   * this document that carries exactly that public point, preferring one valid at the capture time;
   * undefined when no certificate of the document carries the key.
   */
  lookupByKey(point: Uint8Array, captureTime: number): Signer | undefined {
    const hex = Buffer.from(point).toString('hex');
    this.signaturePoints ??= this.signatureCertificates.map((c) => Buffer.from(c.certificate.spki).toString('hex'));
    const carrying = this.signatureCertificates.filter((_, i) => this.signaturePoints![i]!.endsWith(hex));
    const chosen = carrying.find((c) => c.certificate.isValidAt(captureTime)) ?? carrying[0];
    return chosen ? this.signerOf(chosen.entry, chosen.certificate) : undefined;
  }

  /** Every signer that signed at least one reading, in order of first use. */
  used(): Signer[] {
    return [...this.signers.values()].filter((s) => s.readings > 0);
  }

  /** The first readable certType-1 certificate (for a document whose readings carry no signature). */
  firstSignatureCertificate(): Signer | undefined {
    const first = this.signatureCertificates[0];
    return first ? this.signerOf(first.entry, first.certificate) : undefined;
  }

  private signerOf(entry: CertificateEntry, certificate: Certificate): Signer {
    const key = certificate.details.fingerprintSha256;
    let signer = this.signers.get(key);
    if (!signer) {
      signer = {
        certId: entry.certId,
        certType: entry.certType,
        certificate,
        curve: certificate.details.curve ? curveByName(certificate.details.curve) : undefined,
        problem: signerProblem(entry, certificate, this.usagePoint.smgw.smgwId),
        chain: this.chainOf(certificate),
        readings: 0,
        matches: 0,
      };
      this.signers.set(key, signer);
    }
    return signer;
  }

  private chainOf(certificate: Certificate): ChainResult {
    const anchorIds = this.anchors.map((a) => a.certificate.details.fingerprintSha256).join(',');
    const key = `${certificate.details.fingerprintSha256}|${anchorIds}`;
    let chain = this.chainCache.get(key);
    if (!chain) {
      chain = validateChain(certificate, this.intermediates, this.anchors);
      this.chainCache.set(key, chain);
    }
    return chain;
  }
}

/** Whether `certificate`, as entry `entry` of the document, may sign readings of gateway `smgwId`. */
export function signerProblem(entry: CertificateEntry, certificate: Certificate, smgwId: string): SignerProblem | undefined {
  if (entry.certType !== 1 || certificate.details.isCa || certificate.allows('digitalSignature') === false) return 'signerNotSignatureCertificate';
  if (certificate.details.selfSigned) return 'signerSelfSigned';
  if (!namesGateway(certificate.details.subject, smgwId)) return 'signerOfOtherGateway';
  return undefined;
}

/**
 * Whether a certificate subject names the gateway: its id (without the leading "E" and a trailing ".sm",
 * case-insensitive) occurs in the subject, as in `CN=EDNT0017038437.SMGW`. A document without a gateway
 * id cannot be checked this way and passes.
 */
export function namesGateway(subject: string, smgwId: string): boolean {
  const core = gatewayIdCore(smgwId);
  if (!core) return true;
  return subject.toUpperCase().includes(core);
}

function gatewayIdCore(smgwId: string): string {
  let id = smgwId.trim().toUpperCase();
  if (id.endsWith('.SM')) id = id.slice(0, -3);
  if (/^E[A-Z0-9]{3}\d{8,}$/.test(id)) id = id.slice(1);
  return id;
}

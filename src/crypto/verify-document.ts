/**
 * Verifies everything a gateway signed in an AR 2418-6 document: the certificate chain of each usage
 * point's signature certificate and every per-reading signature, with worker threads, progress,
 * cancellation and a result cache keyed by the original bytes.
 */
import { getCurves } from 'node:crypto';
import { CancelledError } from '../api/errors';
import type { Ar2418Document, IntervalReading, MeterReading, UsagePoint } from '../model/types';
import { sha256Hex, fromHex } from './bytes';
import { MemoryVerificationCache, type VerificationCache } from './cache/verification-cache';
import { verifyCms, type CmsVerification } from './cms/cms';
import type { Certificate } from './certificates/certificate';
import { parseCertContent } from './certificates/cert-content';
import { bundledTestAnchors, type TrustAnchor } from './chain/trust-anchors';
import { chainToJson, statusAt, validateChain, type ChainJson, type ChainResult } from './chain/validate-chain';
import { curveByName, type CurveInfo } from './curves';
import { selectSignedMessageFormat, type SignedMessageFormat } from './signatures/message-formats';
import { runVerifyJob } from './workers/run-job';
import { packItems } from './workers/verify-job';
import { sharedVerifyPool, type VerifyPool } from './workers/verify-pool';

export type Verdict = 'valid' | 'invalid' | 'notCheckable' | 'absent';

/** Compact per-reading verdict codes (what the cache stores). */
export const VERDICT_CODES = { absent: 0, valid: 1, invalid: 2, notCheckable: 3 } as const;
const VERDICT_BY_CODE: Verdict[] = ['absent', 'valid', 'invalid', 'notCheckable'];

export type InvalidReason = 'signatureMismatch' | 'malformedSignature' | 'signerMismatch' | 'certificateExpiredAtCaptureTime' | 'certificateNotYetValidAtCaptureTime';

export interface InvalidReading {
  usagePointId: string;
  meterReadingId: string;
  qualifiedLogicalName: string;
  /** Position in the document: IntervalBlock index and reading index within it. */
  block: number;
  index: number;
  captureTime: string;
  value: number;
  statusFNN?: string;
  reason: InvalidReason;
  message: string;
}

/** Exactly the JSON of `trudi verify --json`. */
export interface VerificationSummary {
  readings: number;
  valid: number;
  invalid: number;
  notCheckable: number;
  absent: number;
  chain: ChainJson & { format: string | null; notCheckableReason: string | null };
  invalidReadings: InvalidReading[];
}

export interface MeterReadingVerdicts {
  usagePointIndex: number;
  meterReadingIndex: number;
  meterReadingId: string;
  /** Verdict code per reading, in the order of the model passed in (its intervalBlocks, then readings; see VERDICT_CODES). */
  codes: Uint8Array;
}

export interface TafProfileVerification {
  usagePointId: string;
  /** CMS verdict of VendorConfig/tafProfile (hex of a CMS-signed TAF profile, e.g. Theben). */
  status: CmsVerification['status'] | 'unreadable';
  message: string;
  signer?: string;
  chainStatus?: string;
}

export interface DocumentVerification extends VerificationSummary {
  verdicts: MeterReadingVerdicts[];
  /** Signed TAF profiles found in the document (not part of the CLI JSON). */
  tafProfiles: TafProfileVerification[];
  /** Whether this result came from the cache. */
  cached: boolean;
}

export interface VerifyDocumentOptions {
  /** Default: the bundled TEST roots only. */
  trustAnchors?: TrustAnchor[];
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number }) => void;
  /** Signed-message format id, when the caller knows the source (else detected, see message-formats.ts). */
  format?: string;
  /** 'openssl' (default where brainpool exists) or 'noble' (pure JS). */
  engine?: 'openssl' | 'noble';
  pool?: VerifyPool;
  /** Result cache (default: a process-wide memory cache); `false` disables caching. */
  cache?: VerificationCache<DocumentVerification> | false;
}

const CACHE_VERSION = 'v1';
const BATCH_SIZE = 512;
const INLINE_LIMIT = 256;
const defaultCache = new MemoryVerificationCache<DocumentVerification>(16);

export function verdictName(code: number): Verdict {
  return VERDICT_BY_CODE[code] ?? 'absent';
}

/** The JSON of `trudi verify --json` (without per-reading codes). */
export function toSummary(result: DocumentVerification): VerificationSummary {
  const { readings, valid, invalid, notCheckable, absent, chain, invalidReadings } = result;
  return { readings, valid, invalid, notCheckable, absent, chain, invalidReadings };
}

/** Whether the result contains anything that failed (what makes `trudi verify` exit non-zero). */
export function hasFindings(result: VerificationSummary): boolean {
  if (result.invalid > 0) return true;
  const signed = result.valid + result.invalid + result.notCheckable > 0;
  return signed && result.chain.status !== 'valid' && result.chain.status !== 'notChecked';
}

export async function verifyDocument(doc: Ar2418Document, original: Uint8Array | undefined, options: VerifyDocumentOptions = {}): Promise<DocumentVerification> {
  const anchors = options.trustAnchors ?? bundledTestAnchors();
  const cache = options.cache === false ? undefined : (options.cache ?? defaultCache);
  const cacheKey = original && cache ? cacheKeyOf(original, anchors, options.format) : undefined;
  if (cacheKey) {
    const hit = cache!.get(cacheKey);
    if (hit) return { ...hit, cached: true };
  }
  throwIfAborted(options.signal);

  const plans = doc.usagePoints.map((usagePoint, i) => planUsagePoint(doc, usagePoint, i, anchors, options.format));
  const items = plans.flatMap((p) => p.items);
  const engine = options.engine ?? (getCurves().includes('brainpoolP256r1') ? 'openssl' : 'noble');
  const results = await verifyItems(items, engine, options);

  const result = assemble(plans, results);
  result.tafProfiles = doc.usagePoints.flatMap((usagePoint) => (usagePoint.vendorConfig?.tafProfile ? [verifyTafProfile(usagePoint, anchors)] : []));
  if (cacheKey) cache!.set(cacheKey, result);
  return result;
}

interface CheckItem {
  plan: UsagePointPlan;
  verdicts: Uint8Array;
  slot: number;
  meterReading: MeterReading;
  reading: IntervalReading;
  block: number;
  index: number;
  message: Uint8Array;
  signature: Uint8Array;
  signer: Certificate;
  curve: CurveInfo;
}

interface UsagePointPlan {
  usagePoint: UsagePoint;
  index: number;
  format: SignedMessageFormat;
  chain: ChainResult;
  notCheckableReason: string | undefined;
  verdicts: MeterReadingVerdicts[];
  items: CheckItem[];
  invalid: InvalidReading[];
}

function planUsagePoint(doc: Ar2418Document, usagePoint: UsagePoint, index: number, anchors: TrustAnchor[], explicitFormat?: string): UsagePointPlan {
  const format = selectSignedMessageFormat(usagePoint, doc.generatorVersion, explicitFormat);
  const byCertId = new Map<number, Certificate>();
  const all: Certificate[] = [];
  const unreadable: string[] = [];
  let signer: Certificate | undefined;
  for (const entry of usagePoint.certificates) {
    const content = parseCertContent(entry.certContent);
    if (content.certificates.length === 0) {
      unreadable.push(`certId ${entry.certId}: ${content.problem ?? 'unreadable'}`);
      continue;
    }
    byCertId.set(entry.certId, content.certificates[0]!);
    all.push(...content.certificates);
    if (entry.certType === 1 && !signer) signer = content.certificates[0];
  }

  let chain: ChainResult;
  if (signer) {
    chain = validateChain(signer, all, anchors);
  } else if (unreadable.length > 0) {
    chain = { status: 'unreadableCertificate', message: `The signature certificate could not be read (${unreadable.join('; ')}).`, certificates: [] };
  } else {
    chain = { status: 'noCertificate', message: 'The document carries no gateway signature certificate (certType 1).', certificates: [] };
  }

  const plan: UsagePointPlan = { usagePoint, index, format, chain, notCheckableReason: undefined, verdicts: [], items: [], invalid: [] };
  usagePoint.meterReadings.forEach((meterReading, meterReadingIndex) => {
    const total = meterReading.intervalBlocks.reduce((n, b) => n + b.readings.length, 0);
    const codes = new Uint8Array(total);
    plan.verdicts.push({ usagePointIndex: index, meterReadingIndex, meterReadingId: meterReading.meterReadingId, codes });
    let slot = 0;
    meterReading.intervalBlocks.forEach((block, blockIndex) => {
      block.readings.forEach((reading, readingIndex) => {
        const here = slot++;
        if (!reading.signature) {
          codes[here] = VERDICT_CODES.absent;
          return;
        }
        if (!format.build) {
          codes[here] = VERDICT_CODES.notCheckable;
          plan.notCheckableReason ??= format.notCheckableReason;
          return;
        }
        const readingSigner = (reading.certId !== undefined ? byCertId.get(reading.certId) : undefined) ?? signer;
        const curve = readingSigner?.details.curve ? curveByName(readingSigner.details.curve) : undefined;
        if (!readingSigner || !curve) {
          codes[here] = VERDICT_CODES.notCheckable;
          plan.notCheckableReason ??= readingSigner
            ? `The signer certificate's key (${readingSigner.details.keyAlgorithm} ${readingSigner.details.curve ?? ''}) is not an SM-PKI curve. / Der Schlüssel des Signaturzertifikats nutzt keine SM-PKI-Kurve.`
            : 'No readable signature certificate: the signatures cannot be checked. / Kein lesbares Signaturzertifikat: Die Signaturen sind nicht prüfbar.';
          return;
        }
        const signature = fromHex(reading.signature);
        if (!signature || signature.length < 8) {
          codes[here] = VERDICT_CODES.invalid;
          plan.invalid.push(invalidEntry(usagePoint, meterReading, reading, blockIndex, readingIndex, 'malformedSignature'));
          return;
        }
        plan.items.push({
          plan,
          verdicts: codes,
          slot: here,
          meterReading,
          reading,
          block: blockIndex,
          index: readingIndex,
          message: format.build!({ usagePoint, meterReading, reading }),
          signature,
          signer: readingSigner,
          curve,
        });
      });
    });
  });
  return plan;
}

async function verifyItems(items: CheckItem[], engine: 'openssl' | 'noble', options: VerifyDocumentOptions): Promise<Uint8Array> {
  const results = new Uint8Array(items.length);
  const total = items.length;
  if (total === 0) return results;
  // Batches of consecutive items under the same signer key.
  const batches: { start: number; end: number }[] = [];
  for (let start = 0; start < total; ) {
    let end = start + 1;
    while (end < total && end - start < BATCH_SIZE && items[end]!.signer === items[start]!.signer) end++;
    batches.push({ start, end });
    start = end;
  }
  const jobOf = ({ start, end }: { start: number; end: number }) => {
    const slice = items.slice(start, end);
    const first = slice[0]!;
    return {
      spki: first.signer.spki,
      hash: first.curve.hash,
      curveSize: first.curve.size,
      engine,
      curve: first.curve.name,
      ...packItems(
        slice.map((i) => i.message),
        slice.map((i) => i.signature),
      ),
    };
  };

  let done = 0;
  const report = () => options.onProgress?.({ done, total });
  report();
  if (total <= INLINE_LIMIT) {
    for (const batch of batches) {
      throwIfAborted(options.signal);
      results.set(runVerifyJob(jobOf(batch)), batch.start);
      done += batch.end - batch.start;
      report();
    }
    return results;
  }

  const pool = options.pool ?? sharedVerifyPool();
  const inFlightLimit = pool.size * 2;
  let next = 0;
  let failure: unknown;
  const completed = new Uint8Array(batches.length);
  await new Promise<void>((resolve) => {
    let inFlight = 0;
    const pump = () => {
      if (failure !== undefined || options.signal?.aborted) {
        if (inFlight === 0) resolve();
        return;
      }
      while (inFlight < inFlightLimit && next < batches.length) {
        const batchIndex = next++;
        const batch = batches[batchIndex]!;
        inFlight++;
        pool.run(jobOf(batch)).then(
          (batchResults) => {
            results.set(batchResults, batch.start);
            completed[batchIndex] = 1;
            done += batch.end - batch.start;
            inFlight--;
            report();
            pump();
          },
          (error: unknown) => {
            failure ??= error;
            inFlight--;
            pump();
          },
        );
      }
      if (inFlight === 0) resolve();
    };
    pump();
  });
  throwIfAborted(options.signal);
  if (failure !== undefined) {
    // Workers unavailable (e.g. a runtime or bundle without the worker file): finish on this thread,
    // yielding between batches so that progress and cancellation keep working. A job that is itself
    // broken fails here again and reports its cause.
    for (let i = 0; i < batches.length; i++) {
      if (completed[i]) continue;
      throwIfAborted(options.signal);
      const batch = batches[i]!;
      results.set(runVerifyJob(jobOf(batch)), batch.start);
      done += batch.end - batch.start;
      report();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return results;
}

function assemble(plans: UsagePointPlan[], results: Uint8Array): DocumentVerification {
  let itemIndex = 0;
  for (const plan of plans) {
    const items = plan.items;
    const matches = results.subarray(itemIndex, itemIndex + items.length);
    itemIndex += items.length;
    const anyMatch = matches.some((m) => m === 1);
    // Not a single signature matches the certificate's key: the document names the wrong signer.
    const wrongSigner = items.length >= 2 && !anyMatch;
    if (wrongSigner) {
      plan.chain = {
        ...plan.chain,
        status: 'wrongSigner',
        message: `None of the ${items.length} signatures matches the key of the signer certificate ${items[0]!.signer.details.subject}: the document names the wrong signer certificate.`,
      };
    }
    let expired = 0;
    let notYetValid = 0;
    items.forEach((item, i) => {
      const { usagePoint } = plan;
      if (wrongSigner) {
        item.verdicts[item.slot] = VERDICT_CODES.invalid;
        plan.invalid.push(invalidEntry(usagePoint, item.meterReading, item.reading, item.block, item.index, 'signerMismatch'));
        return;
      }
      if (matches[i] !== 1) {
        item.verdicts[item.slot] = VERDICT_CODES.invalid;
        plan.invalid.push(invalidEntry(usagePoint, item.meterReading, item.reading, item.block, item.index, 'signatureMismatch'));
        return;
      }
      const status = statusAt(plan.chain, item.reading.captureTime);
      if (status === 'valid') {
        item.verdicts[item.slot] = VERDICT_CODES.valid;
      } else if (status === 'expiredAtCaptureTime' || status === 'notYetValidAtCaptureTime') {
        if (status === 'expiredAtCaptureTime') expired++;
        else notYetValid++;
        item.verdicts[item.slot] = VERDICT_CODES.invalid;
        const reason = status === 'expiredAtCaptureTime' ? 'certificateExpiredAtCaptureTime' : 'certificateNotYetValidAtCaptureTime';
        plan.invalid.push(invalidEntry(usagePoint, item.meterReading, item.reading, item.block, item.index, reason));
      } else {
        item.verdicts[item.slot] = VERDICT_CODES.notCheckable;
        plan.notCheckableReason ??= `The signature matches the certificate, but the certificate chain is not trusted (${status}): ${plan.chain.message}`;
      }
    });
    if (plan.chain.status === 'valid' && (expired > 0 || notYetValid > 0)) {
      const window = `${new Date(plan.chain.validFrom!).toISOString()} … ${new Date(plan.chain.validTo!).toISOString()}`;
      plan.chain = {
        ...plan.chain,
        status: expired > 0 ? 'expiredAtCaptureTime' : 'notYetValidAtCaptureTime',
        message: `${expired + notYetValid} reading(s) were captured outside the validity of the certificate chain (${window}).`,
      };
    }
  }

  const counts = { valid: 0, invalid: 0, notCheckable: 0, absent: 0 };
  let readings = 0;
  const verdicts = plans.flatMap((p) => p.verdicts);
  for (const { codes } of verdicts) {
    readings += codes.length;
    for (const code of codes) counts[verdictName(code)]++;
  }
  // The chain reported is that of the first usage point with signed readings (else the first).
  const main = plans.find((p) => p.verdicts.some((v) => v.codes.some((c) => c !== VERDICT_CODES.absent))) ?? plans[0];
  const chain = main
    ? { ...chainToJson(main.chain), format: main.format.id, notCheckableReason: main.notCheckableReason ?? null }
    : { ...chainToJson({ status: 'notChecked', message: 'The document has no usage point.', certificates: [] }), format: null, notCheckableReason: null };
  const worst = plans.find((p) => p.chain.status !== 'valid' && p.items.length > 0);
  if (worst && worst !== main) Object.assign(chain, { status: worst.chain.status, message: `${worst.usagePoint.usagePointId}: ${worst.chain.message}` });
  const invalidReadings = plans.flatMap((p) => p.invalid);
  return { readings, ...counts, chain, invalidReadings, verdicts, tafProfiles: [], cached: false };
}

function verifyTafProfile(usagePoint: UsagePoint, anchors: TrustAnchor[]): TafProfileVerification {
  const bytes = fromHex(usagePoint.vendorConfig!.tafProfile!);
  if (!bytes) return { usagePointId: usagePoint.usagePointId, status: 'unreadable', message: 'VendorConfig/tafProfile is not hex.' };
  try {
    const cms = verifyCms(bytes, { trustAnchors: anchors });
    const signer = cms.signers[0];
    return {
      usagePointId: usagePoint.usagePointId,
      status: cms.status,
      message: signer ? `${signer.message} Chain: ${signer.chain?.status ?? 'unknown'}.` : 'The TAF profile carries no signer.',
      ...(signer?.signer ? { signer: signer.signer.subject } : {}),
      ...(signer?.chain ? { chainStatus: signer.chain.status } : {}),
    };
  } catch (error) {
    return { usagePointId: usagePoint.usagePointId, status: 'unreadable', message: error instanceof Error ? error.message : String(error) };
  }
}

const REASON_MESSAGES: Record<InvalidReason, string> = {
  signatureMismatch:
    'The signature does not match the signed fields (logical name, capture time, value, scaler, unit, status words): a field or the signature was changed. / Die Signatur passt nicht zu den signierten Feldern: Ein Feld oder die Signatur wurde verändert.',
  malformedSignature: 'The signature is not valid hex of an ECDSA signature. / Die Signatur ist keine gültige ECDSA-Signatur.',
  signerMismatch: 'No signature matches the signer certificate: wrong signer certificate. / Keine Signatur passt zum Signaturzertifikat: falsches Zertifikat.',
  certificateExpiredAtCaptureTime: 'The certificate chain had expired at the capture time. / Die Zertifikatskette war zum Erfassungszeitpunkt abgelaufen.',
  certificateNotYetValidAtCaptureTime: 'The certificate chain was not yet valid at the capture time. / Die Zertifikatskette war zum Erfassungszeitpunkt noch nicht gültig.',
};

function invalidEntry(usagePoint: UsagePoint, meterReading: MeterReading, reading: IntervalReading, block: number, index: number, reason: InvalidReason): InvalidReading {
  return {
    usagePointId: usagePoint.usagePointId,
    meterReadingId: meterReading.meterReadingId,
    qualifiedLogicalName: meterReading.readingType.qualifiedLogicalName,
    block,
    index,
    captureTime: new Date(reading.captureTime).toISOString(),
    value: reading.value,
    ...(reading.statusFNN !== undefined ? { statusFNN: reading.statusFNN } : {}),
    reason,
    message: REASON_MESSAGES[reason],
  };
}

function cacheKeyOf(original: Uint8Array, anchors: TrustAnchor[], format: string | undefined): string {
  const anchorIds = anchors.map((a) => a.certificate.details.fingerprintSha256).sort().join(',');
  return sha256Hex(`${CACHE_VERSION}|${sha256Hex(original)}|${anchorIds}|${format ?? ''}`);
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError('Signature verification');
}

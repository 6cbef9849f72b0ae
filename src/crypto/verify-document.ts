/**
 * Verifies everything a gateway signed in an AR 2418-6 document: the certificate chain of each usage
 * point's signature certificate and every per-reading signature, with worker threads, progress,
 * cancellation and a result cache keyed by the original bytes.
 */
import { getCurves } from 'node:crypto';
import { CancelledError } from '../api/errors';
import type { Ar2418Document, IntervalReading, MeterReading, UsagePoint } from '../model/types';
import { sha256Hex, fromHex, toHex } from './bytes';
import type { OriginalBytes } from '../platform/original-bytes';
import { MemoryVerificationCache, type VerificationCache } from './cache/verification-cache';
import { SignatureCheckCache } from './cache/signature-check-cache';
import { cutBatches } from './cache/batch-boundaries';
import { verifyCms, type CmsVerification } from './cms/cms';
import type { TrustAnchor } from './chain/trust-anchors';
import { chainToJson, statusAt, type ChainJson, type ChainResult, type ChainStatus } from './chain/validate-chain';
import { requireCurve, type CurveInfo } from './curves';
import { UsagePointSigners, type ChainCache, type Signer, type SignerProblem } from './signers/reading-signers';
import { selectSignedMessageFormat, type SignedMessageFormat } from './signatures/message-formats';
import { runVerifyJob } from './workers/run-job';
import { packItems } from './workers/verify-job';
import { sharedVerifyPool, type VerifyPool } from './workers/verify-pool';

/**
 * The verdict of one reading. `signerNotEstablished`: the signature matches the signed message under the
 * key the verdict used, but no certificate chain to an installed root establishes who holds that key
 * (never a check mark; counted within `notCheckable`).
 */
export type Verdict = 'valid' | 'invalid' | 'notCheckable' | 'absent' | 'signerNotEstablished';

/** Compact per-reading verdict codes (what the cache stores). */
export const VERDICT_CODES = { absent: 0, valid: 1, invalid: 2, notCheckable: 3, signerNotEstablished: 4 } as const;
const VERDICT_BY_CODE: Verdict[] = ['absent', 'valid', 'invalid', 'notCheckable', 'signerNotEstablished'];

export type InvalidReason =
  | 'signatureMismatch'
  | 'malformedSignature'
  | 'signerMismatch'
  | 'certificateExpiredAtCaptureTime'
  | 'certificateNotYetValidAtCaptureTime'
  | SignerProblem
  | 'signerChainInvalid'
  | 'signerOutsideGatewayPki';

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
  /** The certificate the reading names (certId), when it names one. */
  certId?: number;
  /** Subject of the certificate whose key the verdict used. */
  signer?: string;
  reason: InvalidReason;
  message: string;
}

/** One distinct certificate that signed readings of the document, with its own chain. */
export interface SignerSummary {
  usagePointId: string;
  certId: number | null;
  certType: number | null;
  subject: string;
  fingerprintSha256: string;
  /** Why this certificate may not sign the document's readings (null: it may). */
  problem: SignerProblem | null;
  readings: number;
  signatureMatches: number;
  chain: { status: ChainStatus; message: string; test: boolean; trustAnchor: string | null };
}

/** Exactly the JSON of `trudi verify --json`. */
export interface VerificationSummary {
  readings: number;
  valid: number;
  invalid: number;
  /** Includes `signerNotEstablished`. */
  notCheckable: number;
  absent: number;
  /** Readings whose signature matches the signed message under the key the verdict used, anchored or not. */
  signatureMatches: number;
  /** Readings whose signature matches but whose signer no installed root establishes (part of notCheckable). */
  signerNotEstablished: number;
  chain: ChainJson & { format: string | null; notCheckableReason: string | null };
  signers: SignerSummary[];
  invalidReadings: InvalidReading[];
  /** Only for a read-out that came as CMS SignedData (a PPC signed export): the container's own signature. */
  container?: ContainerVerification;
}

/** The CMS signature around a signed export: who exported it and when (the export time, not a capture time). */
export interface ContainerVerification {
  status: CmsVerification['status'] | 'unreadable';
  message: string;
  signer: string | null;
  /** The CMS signing time: when the gateway exported the file. */
  exportTime: string | null;
  chain: { status: string; message: string; test: boolean; trustAnchor: string | null } | null;
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
  /** The roots a chain may end in. Default: none (nothing is trusted that the caller did not pass). */
  trustAnchors?: TrustAnchor[];
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number }) => void;
  /** Signed-message format id, when the caller knows the source (else detected, see message-formats.ts). */
  format?: string;
  /** 'openssl' (default where brainpool exists) or 'noble' (pure JS). */
  engine?: 'openssl' | 'noble';
  pool?: VerifyPool;
  /** Result cache (default: a process-wide memory cache); `false` disables caching (this one and `signatureChecks`). */
  cache?: VerificationCache<DocumentVerification> | false;
  /** Raw ECDSA outcomes per batch, keyed by the bytes checked (default: a process-wide one in memory; the engine's also keeps them in its archive). */
  signatureChecks?: SignatureCheckCache;
}

const CACHE_VERSION = 'v2';
const INLINE_LIMIT = 256;
const defaultCache = new MemoryVerificationCache<DocumentVerification>(16);
const defaultSignatureChecks = new SignatureCheckCache();

export function verdictName(code: number): Verdict {
  return VERDICT_BY_CODE[code] ?? 'absent';
}

/** The JSON of `trudi verify --json` (without per-reading codes). */
export function toSummary(result: DocumentVerification): VerificationSummary {
  const { readings, valid, invalid, notCheckable, absent, signatureMatches, signerNotEstablished, chain, signers, invalidReadings, container } = result;
  return { readings, valid, invalid, notCheckable, absent, signatureMatches, signerNotEstablished, chain, signers, invalidReadings, ...(container ? { container } : {}) };
}

/** Whether the result contains anything that failed (what makes `trudi verify` exit non-zero). */
/**
 * True unless every reading earned its check mark (signature matches, signer chains to an installed root) and a
 * CMS container around them is valid: readings without a signature, not checkable, or with a signer no
 * installed root establishes are findings too, as is a document without readings. `trudi verify` exits 0 only
 * when this is false, so an exit code of 0 is never given for what was not verified.
 */
export function hasFindings(result: VerificationSummary): boolean {
  if (result.container && result.container.status !== 'valid') return true;
  return result.readings === 0 || result.valid < result.readings;
}

/**
 * `original`: the document's bytes as read, or their handle (`OriginalBytes`): the cache key needs only
 * their SHA-256, and the bytes are read only for a CMS container's signature.
 */
export async function verifyDocument(doc: Ar2418Document, original: Uint8Array | OriginalBytes | undefined, options: VerifyDocumentOptions = {}): Promise<DocumentVerification> {
  const anchors = options.trustAnchors ?? [];
  const cache = options.cache === false ? undefined : (options.cache ?? defaultCache);
  const cacheKey = original && cache ? cacheKeyOf(original, anchors, options.format) : undefined;
  if (cacheKey) {
    const hit = cache!.get(cacheKey);
    if (hit) return { ...hit, cached: true };
  }
  throwIfAborted(options.signal);

  const chainCache: ChainCache = new Map();
  const plans = doc.usagePoints.map((usagePoint, i) => planUsagePoint(doc, usagePoint, i, anchors, chainCache, options.format));
  const items = plans.flatMap((p) => p.items);
  const engine = options.engine ?? (getCurves().includes('brainpoolP256r1') ? 'openssl' : 'noble');
  const results = await verifyItems(items, engine, options);

  const result = assemble(plans, results);
  result.tafProfiles = doc.usagePoints.flatMap((usagePoint) => (usagePoint.vendorConfig?.tafProfile ? [verifyTafProfile(usagePoint, anchors)] : []));
  if (doc.source?.container === 'cms' && original) result.container = verifyContainer(original instanceof Uint8Array ? original : original.read(), anchors);
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
  /** Undefined when the key only travels inside the signature and no certificate of the document carries it. */
  signer: Signer | undefined;
  /** The key the signature is checked under (the signer's, else the one embedded in the signature). */
  spki: Uint8Array;
  curve: CurveInfo;
  /** Set when a failing signature is not checkable rather than invalid (signed form not confirmed): why. */
  unconfirmed?: string | undefined;
}

interface UsagePointPlan {
  usagePoint: UsagePoint;
  index: number;
  format: SignedMessageFormat;
  signers: UsagePointSigners;
  /** The signer of most readings (else the first signature certificate). */
  mainSigner: Signer | undefined;
  /** The chain reported for the usage point (that of its main signer). */
  chain: ChainResult;
  notCheckableReason: string | undefined;
  verdicts: MeterReadingVerdicts[];
  items: CheckItem[];
  invalid: InvalidReading[];
  /** One SPKI per signer and per embedded key (so that batches group by key). */
  signerKeys: Map<Signer, Uint8Array>;
  embeddedKeys: Map<string, Uint8Array>;
}

function planUsagePoint(doc: Ar2418Document, usagePoint: UsagePoint, index: number, anchors: TrustAnchor[], chainCache: ChainCache, explicitFormat?: string): UsagePointPlan {
  const format = selectSignedMessageFormat(usagePoint, doc.generatorVersion, explicitFormat);
  const signers = new UsagePointSigners(usagePoint, anchors, chainCache);
  const plan: UsagePointPlan = { usagePoint, index, format, signers, mainSigner: undefined, chain: NOT_CHECKED, notCheckableReason: undefined, verdicts: [], items: [], invalid: [], signerKeys: new Map(), embeddedKeys: new Map() };
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
        if (format.embeddedKey) {
          planEmbeddedKeyReading(plan, { meterReading, reading, codes, slot: here, block: blockIndex, index: readingIndex });
          return;
        }
        const found = signers.lookup(reading);
        if ('notCheckable' in found) {
          codes[here] = VERDICT_CODES.notCheckable;
          plan.notCheckableReason ??= found.notCheckable;
          return;
        }
        if ('problem' in found) {
          codes[here] = VERDICT_CODES.invalid;
          plan.invalid.push(invalidEntry(usagePoint, meterReading, reading, blockIndex, readingIndex, found.problem));
          return;
        }
        const { signer } = found;
        signer.readings++;
        if (!signer.curve) {
          if (signer.problem) {
            codes[here] = VERDICT_CODES.invalid;
            plan.invalid.push(invalidEntry(usagePoint, meterReading, reading, blockIndex, readingIndex, signer.problem, signer));
            return;
          }
          codes[here] = VERDICT_CODES.notCheckable;
          plan.notCheckableReason ??= `The signer certificate's key (${signer.certificate.details.keyAlgorithm} ${signer.certificate.details.curve ?? ''}) is not an SM-PKI curve. / Der Schlüssel des Signaturzertifikats nutzt keine SM-PKI-Kurve.`;
          return;
        }
        const signature = fromHex(reading.signature);
        if (!signature || signature.length < 8) {
          codes[here] = VERDICT_CODES.invalid;
          plan.invalid.push(invalidEntry(usagePoint, meterReading, reading, blockIndex, readingIndex, signer.problem ?? 'malformedSignature', signer));
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
          signer,
          spki: signer.certificate.spki,
          curve: signer.curve,
        });
      });
    });
  });
  plan.mainSigner = mainSignerOf(signers);
  plan.chain = mainChain(plan);
  return plan;
}

/**
 * A reading of a format whose key travels inside the signature (PPC): checked under the key of the
 * document's signature certificate that carries the embedded key, else under the embedded key alone (which
 * can at best give "signature matches, signer not established").
 */
function planEmbeddedKeyReading(plan: UsagePointPlan, at: { meterReading: MeterReading; reading: IntervalReading; codes: Uint8Array; slot: number; block: number; index: number }): void {
  const { usagePoint, format, signers } = plan;
  const { meterReading, reading } = at;
  const embedded = format.embeddedKey!;
  const raw = fromHex(reading.signature!);
  const parts = raw ? embedded.split(raw) : undefined;
  if (!parts) {
    at.codes[at.slot] = VERDICT_CODES.invalid;
    plan.invalid.push(invalidEntry(usagePoint, meterReading, reading, at.block, at.index, 'malformedSignature'));
    return;
  }
  const curve = requireCurve(embedded.curve);
  const signer = signers.lookupByKey(parts.point, reading.captureTime);
  let spki: Uint8Array;
  if (signer?.curve) {
    signer.readings++;
    spki = plan.signerKeys.get(signer) ?? signer.certificate.spki;
    plan.signerKeys.set(signer, spki);
  } else {
    const hex = toHex(parts.point);
    spki = plan.embeddedKeys.get(hex) ?? new Uint8Array(Buffer.concat([Buffer.from(curve.spkiPrefix, 'hex'), parts.point]));
    plan.embeddedKeys.set(hex, spki);
  }
  const context = { usagePoint, meterReading, reading };
  plan.items.push({
    plan,
    verdicts: at.codes,
    slot: at.slot,
    meterReading,
    reading,
    block: at.block,
    index: at.index,
    message: format.build!(context),
    signature: parts.signature,
    signer: signer?.curve ? signer : undefined,
    spki,
    curve: signer?.curve ?? curve,
    unconfirmed: format.unconfirmedForm?.(context),
  });
}

const NOT_CHECKED: ChainResult = { status: 'notChecked', message: 'No signature was checked.', certificates: [] };

/** The signer of most readings, preferring those that may sign (else the first signature certificate). */
function mainSignerOf(signers: UsagePointSigners): Signer | undefined {
  const used = signers.used();
  return [...used].sort((a, b) => Number(a.problem !== undefined) - Number(b.problem !== undefined) || b.readings - a.readings)[0] ?? signers.firstSignatureCertificate();
}

/** The chain reported for a usage point: that of its main signer. */
function mainChain(plan: UsagePointPlan): ChainResult {
  const main = plan.mainSigner;
  if (!main) {
    return plan.signers.unreadable.length > 0
      ? { status: 'unreadableCertificate', message: `The signature certificate could not be read (${plan.signers.unreadable.join('; ')}).`, certificates: [] }
      : { status: 'noCertificate', message: 'The document carries no gateway signature certificate (certType 1).', certificates: [] };
  }
  if (main.problem && main.readings > 0) {
    return { ...main.chain, status: 'wrongSigner', message: `${main.certificate.details.subject}: ${REASON_MESSAGES[main.problem]}` };
  }
  return main.chain;
}

async function verifyItems(items: CheckItem[], engine: 'openssl' | 'noble', options: VerifyDocumentOptions): Promise<Uint8Array> {
  const checks = options.cache === false ? undefined : (options.signatureChecks ?? defaultSignatureChecks);
  try {
    return await checkItems(items, engine, options, checks);
  } finally {
    // What was checked is saved also when the check was cancelled or failed half-way.
    checks?.flush();
  }
}

async function checkItems(items: CheckItem[], engine: 'openssl' | 'noble', options: VerifyDocumentOptions, checks: SignatureCheckCache | undefined): Promise<Uint8Array> {
  const results = new Uint8Array(items.length);
  const total = items.length;
  if (total === 0) return results;
  // Batches of consecutive items under the same signer key, within one channel (so that a batch's bytes, the
  // check cache's key, do not depend on the other channels), cut where the content says (batch-boundaries.ts).
  const batches = cutBatches(items, (first, other) => other.spki === first.spki && other.curve === first.curve && other.meterReading === first.meterReading, (item) => item.signature);
  const jobOf = ({ start, end }: { start: number; end: number }) => {
    const slice = items.slice(start, end);
    const first = slice[0]!;
    return {
      spki: first.spki,
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
  /** The batch's job, unless the very same bytes were checked before (then their outcomes are taken). */
  const pending = (batch: { start: number; end: number }): { job: ReturnType<typeof jobOf>; key: string | undefined } | undefined => {
    const job = jobOf(batch);
    const key = checks?.keyOf(job);
    const known = key === undefined ? undefined : checks!.get(key);
    // One outcome per signature of the batch, or the entry is not used.
    if (!known || known.length !== batch.end - batch.start) return { job, key };
    results.set(known, batch.start);
    done += batch.end - batch.start;
    return undefined;
  };
  const checked = (key: string | undefined, outcomes: Uint8Array) => {
    if (key !== undefined) checks!.set(key, outcomes);
    return outcomes;
  };

  const report = () => options.onProgress?.({ done, total });
  report();
  if (total <= INLINE_LIMIT) {
    for (const batch of batches) {
      throwIfAborted(options.signal);
      const work = pending(batch);
      if (work) {
        results.set(checked(work.key, runVerifyJob(work.job)), batch.start);
        done += batch.end - batch.start;
      }
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
        const work = pending(batch);
        if (!work) {
          completed[batchIndex] = 1;
          report();
          continue;
        }
        inFlight++;
        pool.run(work.job).then(
          (batchResults) => {
            results.set(checked(work.key, batchResults), batch.start);
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
      const work = pending(batch);
      if (work) {
        results.set(checked(work.key, runVerifyJob(work.job)), batch.start);
        done += batch.end - batch.start;
      }
      report();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return results;
}

function assemble(plans: UsagePointPlan[], results: Uint8Array): DocumentVerification {
  let itemIndex = 0;
  let signatureMatches = 0;
  for (const plan of plans) {
    const items = plan.items;
    const matches = results.subarray(itemIndex, itemIndex + items.length);
    itemIndex += items.length;
    const checked = new Map<Signer, number>();
    items.forEach((item, i) => {
      if (item.signer) checked.set(item.signer, (checked.get(item.signer) ?? 0) + 1);
      if (matches[i] === 1) {
        if (item.signer) item.signer.matches++;
        signatureMatches++;
      }
    });
    const used = plan.signers.used();
    // Not a single one of a signer's signatures matches its key: the document names the wrong signer.
    const wrongSigners = new Set(used.filter((s) => (checked.get(s) ?? 0) >= 2 && s.matches === 0));
    // A signer of this gateway chains to an installed root: a signer outside that PKI is then a forgery.
    const established = used.some((s) => !s.problem && s.chain.status === 'valid');
    const main = plan.mainSigner;
    if (main && wrongSigners.has(main) && !main.problem) {
      plan.chain = {
        ...plan.chain,
        status: 'wrongSigner',
        message: `None of the ${checked.get(main)} signatures matches the key of the signer certificate ${main.certificate.details.subject}: the document names the wrong signer certificate.`,
      };
    }
    let expired = 0;
    let notYetValid = 0;
    items.forEach((item, i) => {
      const { signer } = item;
      const invalid = (reason: InvalidReason) => {
        item.verdicts[item.slot] = VERDICT_CODES.invalid;
        plan.invalid.push(invalidEntry(plan.usagePoint, item.meterReading, item.reading, item.block, item.index, reason, signer));
      };
      if (signer?.problem) return invalid(signer.problem);
      if (signer && wrongSigners.has(signer)) return invalid('signerMismatch');
      if (matches[i] !== 1 && item.unconfirmed) {
        item.verdicts[item.slot] = VERDICT_CODES.notCheckable;
        plan.notCheckableReason ??= item.unconfirmed;
        return;
      }
      if (matches[i] !== 1) return invalid('signatureMismatch');
      if (!signer) {
        // The key only travels inside the signature: a match proves the bytes, not who signed them.
        item.verdicts[item.slot] = VERDICT_CODES.signerNotEstablished;
        plan.notCheckableReason ??= EMBEDDED_KEY_ONLY;
        return;
      }
      const status = statusAt(signer.chain, item.reading.captureTime);
      switch (status) {
        case 'valid':
          item.verdicts[item.slot] = VERDICT_CODES.valid;
          return;
        case 'expiredAtCaptureTime':
        case 'notYetValidAtCaptureTime':
          if (signer === main) {
            if (status === 'expiredAtCaptureTime') expired++;
            else notYetValid++;
          }
          return invalid(status === 'expiredAtCaptureTime' ? 'certificateExpiredAtCaptureTime' : 'certificateNotYetValidAtCaptureTime');
        case 'brokenChain':
        case 'invalidCa':
          return invalid('signerChainInvalid');
        case 'unknownRoot':
          if (established) return invalid('signerOutsideGatewayPki');
          item.verdicts[item.slot] = VERDICT_CODES.signerNotEstablished;
          plan.notCheckableReason ??= `The signature matches, but no installed root establishes the signer (${status}): ${signer.chain.message} / Die Signatur passt, aber kein installiertes Wurzelzertifikat bestätigt den Unterzeichner.`;
          return;
        default:
          item.verdicts[item.slot] = VERDICT_CODES.notCheckable;
          plan.notCheckableReason ??= `The signature matches the certificate, but its chain cannot be checked (${status}): ${signer.chain.message}`;
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

  const counts = { valid: 0, invalid: 0, notCheckable: 0, absent: 0, signerNotEstablished: 0 };
  let readings = 0;
  const verdicts = plans.flatMap((p) => p.verdicts);
  for (const { codes } of verdicts) {
    readings += codes.length;
    for (const code of codes) counts[verdictName(code)]++;
  }
  // Within notCheckable: a matching signature whose signer is not established is not checkable either.
  counts.notCheckable += counts.signerNotEstablished;
  // The chain reported is that of the first usage point with signed readings (else the first).
  const main = plans.find((p) => p.verdicts.some((v) => v.codes.some((c) => c !== VERDICT_CODES.absent))) ?? plans[0];
  const chain = main
    ? { ...chainToJson(main.chain), format: main.format.id, notCheckableReason: main.notCheckableReason ?? null }
    : { ...chainToJson(NO_USAGE_POINT), format: null, notCheckableReason: null };
  const worst = plans.find((p) => p.chain.status !== 'valid' && p.items.length > 0);
  if (worst && worst !== main) Object.assign(chain, { status: worst.chain.status, message: `${worst.usagePoint.usagePointId}: ${worst.chain.message}` });
  const invalidReadings = plans.flatMap((p) => p.invalid);
  const signers = plans.flatMap((p) => p.signers.used().map((s) => signerSummary(p.usagePoint, s)));
  return { readings, ...counts, signatureMatches, chain, signers, invalidReadings, verdicts, tafProfiles: [], cached: false };
}

const EMBEDDED_KEY_ONLY =
  'The signature matches, but the key only travels inside the signature: no signature certificate of the gateway in this file carries it, so nothing establishes who signed. / Die Signatur passt, aber der Schlüssel steht nur in der Signatur selbst: Kein Signaturzertifikat des Gateways in dieser Datei trägt ihn, der Unterzeichner ist nicht bestätigt.';

const NO_USAGE_POINT: ChainResult = { status: 'notChecked', message: 'The document has no usage point.', certificates: [] };

function signerSummary(usagePoint: UsagePoint, signer: Signer): SignerSummary {
  const { details } = signer.certificate;
  return {
    usagePointId: usagePoint.usagePointId,
    certId: signer.certId ?? null,
    certType: signer.certType ?? null,
    subject: details.subject,
    fingerprintSha256: details.fingerprintSha256,
    problem: signer.problem ?? null,
    readings: signer.readings,
    signatureMatches: signer.matches,
    chain: {
      status: signer.chain.status,
      message: signer.chain.message,
      test: signer.chain.anchor?.test ?? false,
      trustAnchor: signer.chain.anchor?.certificate.details.subject ?? null,
    },
  };
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
      message: cms.problem ?? (signer ? `${signer.message} Chain: ${signer.chain?.status ?? 'unknown'}.` : 'The TAF profile carries no signer.'),
      ...(signer?.signer ? { signer: signer.signer.subject } : {}),
      ...(signer?.chain ? { chainStatus: signer.chain.status } : {}),
    };
  } catch (error) {
    return { usagePointId: usagePoint.usagePointId, status: 'unreadable', message: error instanceof Error ? error.message : String(error) };
  }
}

function verifyContainer(original: Uint8Array, anchors: TrustAnchor[]): ContainerVerification {
  try {
    const cms = verifyCms(original, { trustAnchors: anchors });
    const signer = cms.signers[0];
    return {
      status: cms.status,
      message: cms.problem ?? (signer ? `${signer.message}${signer.chain ? ` Chain: ${signer.chain.status}: ${signer.chain.message}` : ''}` : 'The container carries no signer.'),
      signer: signer?.signer?.subject ?? null,
      exportTime: signer?.signingTime ?? null,
      chain: signer?.chain ? { status: signer.chain.status, message: signer.chain.message, test: signer.chain.test, trustAnchor: signer.chain.trustAnchor?.subject ?? null } : null,
    };
  } catch (error) {
    return { status: 'unreadable', message: error instanceof Error ? error.message : String(error), signer: null, exportTime: null, chain: null };
  }
}

const REASON_MESSAGES: Record<InvalidReason, string> = {
  signatureMismatch:
    'The signature does not match the signed fields (logical name, capture time, value, scaler, unit, status words): a field or the signature was changed. / Die Signatur passt nicht zu den signierten Feldern: Ein Feld oder die Signatur wurde verändert.',
  malformedSignature: 'The signature is not valid hex of an ECDSA signature. / Die Signatur ist keine gültige ECDSA-Signatur.',
  signerMismatch: 'No signature matches the signer certificate: wrong signer certificate. / Keine Signatur passt zum Signaturzertifikat: falsches Zertifikat.',
  certificateExpiredAtCaptureTime: 'The certificate chain had expired at the capture time. / Die Zertifikatskette war zum Erfassungszeitpunkt abgelaufen.',
  certificateNotYetValidAtCaptureTime: 'The certificate chain was not yet valid at the capture time. / Die Zertifikatskette war zum Erfassungszeitpunkt noch nicht gültig.',
  unknownSignerCertificate:
    'The reading names a signer certificate (certId) that the document does not carry. / Der Messwert nennt ein Signaturzertifikat (certId), das das Dokument nicht enthält.',
  signerNotSignatureCertificate:
    "The certificate the reading names is not a signature certificate of the gateway (certType 1, key usage digitalSignature, no CA). / Das genannte Zertifikat ist kein Signaturzertifikat des Gateways.",
  signerSelfSigned:
    'The certificate the reading names is self-signed: a gateway signature certificate is always issued by a Sub-CA of the SM-PKI. / Das genannte Zertifikat ist selbstsigniert; ein Signaturzertifikat des Gateways stellt immer eine Sub-CA der SM-PKI aus.',
  signerOfOtherGateway:
    "The certificate the reading names belongs to another gateway (its subject does not name this document's gateway id). / Das genannte Zertifikat gehört zu einem anderen Gateway.",
  signerChainInvalid:
    "The signer certificate's chain is broken (an issuer's signature does not verify, or an issuer may not issue certificates). / Die Zertifikatskette des Unterzeichners ist gebrochen.",
  signerOutsideGatewayPki:
    "The reading's signer does not chain to an installed root, while this gateway's signature certificate does: the reading was not signed by the gateway. / Der Unterzeichner gehört nicht zur PKI des Gateways.",
};

function invalidEntry(usagePoint: UsagePoint, meterReading: MeterReading, reading: IntervalReading, block: number, index: number, reason: InvalidReason, signer?: Signer): InvalidReading {
  return {
    usagePointId: usagePoint.usagePointId,
    meterReadingId: meterReading.meterReadingId,
    qualifiedLogicalName: meterReading.readingType.qualifiedLogicalName,
    block,
    index,
    captureTime: new Date(reading.captureTime).toISOString(),
    value: reading.value,
    ...(reading.statusFNN !== undefined ? { statusFNN: reading.statusFNN } : {}),
    ...(reading.certId !== undefined ? { certId: reading.certId } : {}),
    ...(signer ? { signer: signer.certificate.details.subject } : {}),
    reason,
    message: REASON_MESSAGES[reason],
  };
}

function cacheKeyOf(original: Uint8Array | OriginalBytes, anchors: TrustAnchor[], format: string | undefined): string {
  const anchorIds = anchors.map((a) => a.certificate.details.fingerprintSha256).sort().join(',');
  const digest = original instanceof Uint8Array ? sha256Hex(original) : original.sha256();
  return sha256Hex(`${CACHE_VERSION}|${digest}|${anchorIds}|${format ?? ''}`);
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError('Signature verification');
}

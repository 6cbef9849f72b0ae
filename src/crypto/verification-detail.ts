/**
 * What one reading's signature covers, and its verdict: the fields that take part, the exact signed message
 * (text and hex), its hash, curve and public key (and where the key came from), r and s, the signer
 * certificate and its chain, and the verdict of the verification pipeline with its reason in plain words.
 * The verdict is the one `verifyDocument` gives the reading (same code path, cached by the original bytes).
 */
import { createHash } from 'node:crypto';
import type { Ar2418Document, IntervalReading, MeterReading, UsagePoint } from '../model/types';
import { fromHex, toHex } from './bytes';
import type { OriginalBytes } from '../platform/original-bytes';
import type { TrustAnchor } from './chain/trust-anchors';
import { chainToJson, type ChainJson } from './chain/validate-chain';
import type { CertificateDetails } from './certificates/certificate';
import { requireCurve, type CurveInfo } from './curves';
import { captureTimeText } from './signatures/capture-time';
import { selectSignedMessageFormat, TRUDI_SIM_FORMAT_ID } from './signatures/message-formats';
import { PPC_FORMAT_ID, ppcSignedFields } from './signatures/ppc';
import { UsagePointSigners } from './signers/reading-signers';
import { VERDICT_CODES, verdictName, verifyDocument, type Verdict, type VerifyDocumentOptions } from './verify-document';

export interface SignedField {
  name: string;
  text: string;
}

export interface ReadingVerificationDetail {
  usagePointId: string;
  meterReadingId: string;
  qualifiedLogicalName: string;
  /** 0-based position of the reading within its value list (model order: oldest first). */
  index: number;
  captureTime: string;
  value: number;
  scaler: number;
  format: string;
  /** Absent when the format of the source is not published (then nothing more can be shown). */
  fields: SignedField[] | null;
  message: { text: string; hex: string } | null;
  hash: { algorithm: string; hex: string } | null;
  curve: string | null;
  /** SEC1 point (hex) of the key the signature is checked under; `source` says where it came from. */
  publicKey: { hex: string; source: 'certificate' | 'signature' } | null;
  signature: { hex: string; encoding: 'r‖s' | 'r‖s‖Qx‖Qy' | 'der'; r: string; s: string; highS: boolean } | null;
  signer: CertificateDetails | null;
  chain: ChainJson | null;
  verdict: Verdict;
  /**
   * Why, as a code the UI translates: `valid`, `absent`, an invalid reason (`signatureMismatch`, …) for
   * `invalid`, `embeddedKeyOnly` or the signer chain's status (`unknownRoot`, …) for `signerNotEstablished`,
   * `formatUnknown` or `notCheckable` otherwise.
   */
  reasonCode: string;
  /** The time the signer chain was checked at: the reading's capture time (null when no chain was built). */
  chainCheckedAt: string | null;
  reason: string;
}

export interface ReadingRef {
  usagePointIndex?: number;
  meterReadingIndex: number;
  /** 0-based index within the value list (all its blocks, in model order). */
  readingIndex: number;
}

const TRUDI_SIM_FIELDS = ['format', 'smgwId', 'qualifiedLogicalName', 'captureTime', 'value', 'scaler', 'uom', 'statusFNN', 'statusPTB', 'statusVendor'];

/** The detail of one reading; throws with the cause when the reading does not exist. */
export async function readingVerificationDetail(doc: Ar2418Document, original: Uint8Array | OriginalBytes | undefined, ref: ReadingRef, options: Pick<VerifyDocumentOptions, 'trustAnchors' | 'format' | 'cache' | 'signatureChecks' | 'pool'> = {}): Promise<ReadingVerificationDetail> {
  const usagePointIndex = ref.usagePointIndex ?? 0;
  const usagePoint = doc.usagePoints[usagePointIndex];
  const meterReading = usagePoint?.meterReadings[ref.meterReadingIndex];
  if (!usagePoint || !meterReading) throw new RangeError(`There is no value list ${ref.meterReadingIndex + 1} in usage point ${usagePointIndex + 1}.`);
  const located = locate(meterReading, ref.readingIndex);
  if (!located) throw new RangeError(`The value list ${meterReading.readingType.qualifiedLogicalName} has ${countReadings(meterReading)} readings; there is no reading ${ref.readingIndex + 1}.`);
  const { reading, block, index } = located;

  const anchors: TrustAnchor[] = options.trustAnchors ?? [];
  const result = await verifyDocument(doc, original, { ...options, trustAnchors: anchors });
  const codes = result.verdicts.find((v) => v.usagePointIndex === usagePointIndex && v.meterReadingIndex === ref.meterReadingIndex)?.codes;
  const verdict = verdictName(codes?.[ref.readingIndex] ?? VERDICT_CODES.absent);
  const format = selectSignedMessageFormat(usagePoint, doc.generatorVersion, options.format);
  const base = {
    usagePointId: usagePoint.usagePointId,
    meterReadingId: meterReading.meterReadingId,
    qualifiedLogicalName: meterReading.readingType.qualifiedLogicalName,
    index: ref.readingIndex,
    captureTime: captureTimeText(reading.captureTime),
    value: reading.value,
    scaler: meterReading.readingType.scaler,
    format: format.id,
  };
  const invalid = result.invalidReadings.find((r) => r.usagePointId === usagePoint.usagePointId && r.meterReadingId === meterReading.meterReadingId && r.block === block && r.index === index);
  const planReason = result.chain.notCheckableReason ?? format.notCheckableReason ?? null;
  if (!reading.signature || !format.build) {
    const reasonCode = verdict === 'absent' ? 'absent' : verdict === 'invalid' ? (invalid?.reason ?? 'signatureMismatch') : 'formatUnknown';
    const reason = reasonOf(verdict, invalid?.message, planReason, null);
    return { ...base, fields: null, message: null, hash: null, curve: null, publicKey: null, signature: null, signer: null, chain: null, verdict, reasonCode, chainCheckedAt: null, reason };
  }
  const context = { usagePoint, meterReading, reading };
  const messageBytes = format.build(context);
  const messageText = Buffer.from(messageBytes).toString('utf8');
  const fields = fieldsOf(format.id, context, messageText);
  const raw = fromHex(reading.signature) ?? new Uint8Array();
  const signers = new UsagePointSigners(usagePoint, anchors, new Map());
  let curve: CurveInfo | undefined;
  let publicKey: ReadingVerificationDetail['publicKey'] = null;
  let signature: ReadingVerificationDetail['signature'] = null;
  let signerCert: ReturnType<UsagePointSigners['lookupByKey']>;
  if (format.embeddedKey) {
    const parts = format.embeddedKey.split(raw);
    curve = requireCurve(format.embeddedKey.curve);
    if (parts) {
      signerCert = signers.lookupByKey(parts.point, reading.captureTime);
      publicKey = { hex: toHex(parts.point), source: signerCert ? 'certificate' : 'signature' };
      signature = rsOf(parts.signature, curve, 'r‖s‖Qx‖Qy', raw);
    }
  } else {
    const found = signers.lookup(reading);
    if ('signer' in found) {
      signerCert = found.signer;
      curve = found.signer.curve;
      if (curve) {
        const spki = found.signer.certificate.spki;
        publicKey = { hex: toHex(spki.subarray(spki.length - (1 + 2 * curve.size))), source: 'certificate' };
        signature = rsOf(raw, curve, raw.length === 2 * curve.size ? 'r‖s' : 'der', raw);
      }
    }
  }
  const hashName = curve?.hash ?? 'sha256';
  const chain = signerCert ? chainToJson(signerCert.chain) : null;
  const reasonCode = codeOf(verdict, invalid?.reason, publicKey?.source, chain?.status);
  const reason =
    verdict === 'signerNotEstablished' && chain
      ? `The signature matches, but no installed root establishes the signer (${chain.status}): ${chain.message} / Die Signatur passt, aber kein installiertes Wurzelzertifikat bestätigt den Unterzeichner.`
      : reasonOf(verdict, invalid?.message, planReason, chain?.trustAnchor ?? null);
  return {
    ...base,
    fields,
    message: { text: messageText, hex: toHex(messageBytes) },
    hash: { algorithm: hashName.toUpperCase().replace('SHA', 'SHA-'), hex: createHash(hashName).update(messageBytes).digest('hex') },
    curve: curve?.name ?? null,
    publicKey,
    signature,
    signer: signerCert?.certificate.details ?? null,
    chain,
    verdict,
    reasonCode,
    chainCheckedAt: chain ? base.captureTime : null,
    reason,
  };
}

function codeOf(verdict: Verdict, invalidReason: string | undefined, keySource: 'certificate' | 'signature' | undefined, chainStatus: string | undefined): string {
  switch (verdict) {
    case 'valid':
    case 'absent':
      return verdict;
    case 'invalid':
      return invalidReason ?? 'signatureMismatch';
    case 'signerNotEstablished':
      return keySource === 'signature' || !chainStatus ? 'embeddedKeyOnly' : chainStatus;
    default:
      return 'notCheckable';
  }
}

function fieldsOf(formatId: string, context: { usagePoint: UsagePoint; meterReading: MeterReading; reading: IntervalReading }, text: string): SignedField[] | null {
  if (formatId === PPC_FORMAT_ID) return ppcSignedFields(context);
  if (formatId === TRUDI_SIM_FORMAT_ID) return text.split('\n').map((line, i) => ({ name: TRUDI_SIM_FIELDS[i] ?? `line ${i + 1}`, text: line }));
  return null;
}

function reasonOf(verdict: Verdict, invalidMessage: string | undefined, notCheckable: string | null, anchor: { subject: string; test: boolean } | null): string {
  switch (verdict) {
    case 'valid':
      if (anchor?.test) {
        return `The signature matches the signed fields, and the signer certificate chains to the TEST root ${anchor.subject} (test data only, no proof) and was valid at the capture time. / Die Signatur passt, und das Signaturzertifikat führt zur TEST-Wurzel ${anchor.subject} (nur Testdaten, kein Nachweis).`;
      }
      return `The signature matches the signed fields, and the signer certificate chains to the installed root ${anchor?.subject ?? ''} and was valid at the capture time. / Die Signatur passt, und das Signaturzertifikat führt zu einem installierten Wurzelzertifikat.`;
    case 'invalid':
      return invalidMessage ?? 'The signature does not match. / Die Signatur passt nicht.';
    case 'absent':
      return 'The reading carries no signature. / Der Messwert trägt keine Signatur.';
    default:
      return notCheckable ?? 'The signature cannot be checked. / Die Signatur ist nicht prüfbar.';
  }
}

function rsOf(rs: Uint8Array, curve: CurveInfo, encoding: 'r‖s' | 'r‖s‖Qx‖Qy' | 'der', whole: Uint8Array): ReadingVerificationDetail['signature'] {
  let r: Uint8Array;
  let s: Uint8Array;
  if (encoding === 'der') {
    const parsed = parseDerSignature(rs);
    if (!parsed) return { hex: toHex(whole), encoding, r: '', s: '', highS: false };
    ({ r, s } = parsed);
  } else {
    r = rs.subarray(0, curve.size);
    s = rs.subarray(curve.size, 2 * curve.size);
  }
  const n = curve.noble.Point.CURVE().n;
  const sValue = BigInt(`0x${toHex(s) || '0'}`);
  return { hex: toHex(whole), encoding, r: toHex(r), s: toHex(s), highS: sValue > n / 2n };
}

/** r and s of a DER ECDSA-Sig-Value (SEQUENCE of two INTEGERs, short lengths). */
function parseDerSignature(der: Uint8Array): { r: Uint8Array; s: Uint8Array } | undefined {
  if (der[0] !== 0x30 || der[2] !== 0x02) return undefined;
  const rLength = der[3]!;
  const r = der.subarray(4, 4 + rLength);
  if (der[4 + rLength] !== 0x02) return undefined;
  const sLength = der[5 + rLength]!;
  const s = der.subarray(6 + rLength, 6 + rLength + sLength);
  const strip = (x: Uint8Array) => (x[0] === 0 && x.length > 1 ? x.subarray(1) : x);
  return { r: strip(r), s: strip(s) };
}

function locate(meterReading: MeterReading, readingIndex: number): { reading: IntervalReading; block: number; index: number } | undefined {
  let offset = readingIndex;
  for (const [block, b] of meterReading.intervalBlocks.entries()) {
    if (offset < b.readings.length) return { reading: b.readings[offset]!, block, index: offset };
    offset -= b.readings.length;
  }
  return undefined;
}

function countReadings(meterReading: MeterReading): number {
  return meterReading.intervalBlocks.reduce((n, b) => n + b.readings.length, 0);
}

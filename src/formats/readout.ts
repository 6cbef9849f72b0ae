/**
 * One entry for every read-out file the user opens: AR 2418-6 XML, DKE K461 `profile_generic-1` XML (PPC
 * export content), or either inside CMS SignedData (`.cms` / `.p7m`, the signed export as the gateway sends
 * it). The result is the AR 2418-6 reader's, with `original` always the bytes exactly as they came (the CMS
 * container, not its content). A CMS container's certificates become the usage point's certificates
 * (signer: certType 1, the others certType 2), its signer's subject names the gateway, and its signing time
 * is kept as the export time. The container's signature itself is verified in src/crypto (verify-document).
 */
import { open } from 'node:fs/promises';
import { originalFile, originalInMemory, sha256HexOf, stampOf, type FileStamp } from '../platform/original-bytes';
import type { Ar2418Document, CertificateEntry } from '../model/types';
import { problem, type Problem } from '../model/problems';
import { DEFAULT_READ_LIMITS, readAr2418, readAr2418File, type Ar2418ReadResult, type ReadOptions } from './ar2418/reader';
import { SourceLocations } from './ar2418/source-locations';
import { validateReadResult, type ValidationContext, type ValidationResult } from './ar2418/validate';
import { looksLikeCms, readCmsContainer } from './cms/container';
import { looksLikeK461, readK461 } from './k461/reader';

export type ReadoutFormat = 'ar2418' | 'k461' | 'cms';

/** Which reader a file needs, by its first bytes. */
export function detectReadoutFormat(bytes: Uint8Array): ReadoutFormat {
  if (looksLikeCms(bytes)) return 'cms';
  if (looksLikeK461(bytes)) return 'k461';
  return 'ar2418';
}

export function readReadout(bytes: Uint8Array, options: ReadOptions = {}): Ar2418ReadResult {
  const format = detectReadoutFormat(bytes);
  if (format === 'ar2418') return readAr2418(bytes, options);
  if (format === 'k461') return fromK461(bytes, bytes);
  return fromCms(bytes, options);
}

/** Bytes enough to tell the formats apart (`detectReadoutFormat`). */
const HEAD_BYTES = 2048;

/**
 * Reads a file; AR 2418-6 streams from disk, signed exports (small) are read whole. Either way the result's
 * `original` refers to the file (never written), so the heap keeps no copy of it after the read.
 */
export async function readReadoutFile(path: string, options: ReadOptions = {}): Promise<Ar2418ReadResult> {
  let whole: Uint8Array;
  let stamp: FileStamp;
  try {
    const handle = await open(path, 'r');
    try {
      const stats = await handle.stat();
      if (stats.size > (options.limits?.maxBytes ?? DEFAULT_READ_LIMITS.maxBytes)) return await readAr2418File(path, options);
      const head = Buffer.alloc(Math.min(HEAD_BYTES, stats.size));
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      if (detectReadoutFormat(head.subarray(0, bytesRead)) === 'ar2418') return await readAr2418File(path, options);
      whole = await handle.readFile();
      stamp = stampOf(await handle.stat());
    } finally {
      await handle.close();
    }
  } catch {
    return readAr2418File(path, options); // its I/O problem names the cause
  }
  return { ...readReadout(whole, options), original: originalFile(path, whole.length, stamp, sha256HexOf(whole)) };
}

function failure(original: Uint8Array, problems: Problem[]): Ar2418ReadResult {
  return { original: originalInMemory(original), problems, locations: new SourceLocations(), ok: false };
}

function fromK461(content: Uint8Array, original: Uint8Array): Ar2418ReadResult {
  const read = readK461(content);
  if (!read.document) return failure(original, read.problems);
  read.document.source = { content: 'k461' };
  return { document: read.document, original: originalInMemory(original), problems: read.problems, locations: new SourceLocations(), ok: read.ok };
}

function fromCms(bytes: Uint8Array, options: ReadOptions): Ar2418ReadResult {
  let container;
  try {
    container = readCmsContainer(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failure(bytes, [problem('cms.unreadable', 'error', `Der CMS-Container ist nicht lesbar: ${reason}`, `The CMS container cannot be read: ${reason}`)]);
  }
  if (!container.content) {
    return failure(bytes, [
      problem('cms.detached', 'error', 'Der CMS-Container enthält keinen Inhalt (abgetrennte Signatur). Öffnen Sie die Exportdatei des Gateways selbst.', 'The CMS container holds no content (detached signature). Open the export file of the gateway itself.'),
    ]);
  }
  const inner = detectReadoutFormat(container.content);
  if (inner === 'cms') return failure(bytes, [problem('cms.nested', 'error', 'Verschachtelte CMS-Container werden nicht gelesen.', 'Nested CMS containers are not read.')]);
  const read = inner === 'k461' ? fromK461(container.content, bytes) : { ...readAr2418(container.content, options), original: originalInMemory(bytes) };
  if (!read.document) return read;
  attachContainer(read.document, container.certificates, container.signerCertificates, container.commonNames, container.signingTime, inner);
  return read;
}

/** The container's certificates on every usage point that carries none; the signer's subject names the gateway. */
function attachContainer(doc: Ar2418Document, certificates: Uint8Array[], signers: number[], commonNames: string[], signingTime: number | undefined, content: 'ar2418' | 'k461'): void {
  doc.source = { content, container: 'cms', ...(signingTime !== undefined ? { exportTime: signingTime } : {}) };
  const signerIndex = signers.find((i) => i >= 0);
  const entries: CertificateEntry[] = certificates.map((der, i) => ({ certId: i + 1, certType: i === signerIndex ? 1 : 2, certContent: der }));
  const gatewayId = signerIndex === undefined ? undefined : gatewayIdOf(commonNames[signerIndex] ?? '');
  for (const usagePoint of doc.usagePoints) {
    if (usagePoint.certificates.length === 0) usagePoint.certificates = entries.map((e) => ({ ...e }));
    if (!usagePoint.smgw.smgwId && gatewayId) usagePoint.smgw.smgwId = gatewayId;
    if (usagePoint.smgw.certIds.length === 0) usagePoint.smgw.certIds = entries.map((e) => e.certId);
  }
}

/** `EPPC0215990320` from the signer's common name `EPPC0215990320.SMGW`. */
function gatewayIdOf(commonName: string): string | undefined {
  return /^(E[A-Z0-9]{3}\d{8,})(?:\.SMGW|\.sm)?$/i.exec(commonName.trim())?.[1]?.toUpperCase();
}

/**
 * Reading plus the rule checks. The AR 2418-6 rules (required elements such as customerId or tariffName)
 * apply to AR 2418-6 content only: a K461 export has no such elements, and is judged by its reader.
 */
export function validateReadout(bytes: Uint8Array, context: ValidationContext = {}, options: ReadOptions = {}): ValidationResult {
  return validateRead(readReadout(bytes, options), context);
}

export async function validateReadoutFile(path: string, context: ValidationContext = {}, options: ReadOptions = {}): Promise<ValidationResult> {
  return validateRead(await readReadoutFile(path, options), context);
}

function validateRead(read: Ar2418ReadResult, context: ValidationContext): ValidationResult {
  if (read.document?.source?.content === 'k461') return { ...read, valid: read.ok };
  return validateReadResult(read, context);
}

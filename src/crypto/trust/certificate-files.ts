/**
 * Reads the certificates a user hands in to install as trust anchors: PEM (one or several certificates),
 * DER, or a ZIP of such files (the SM-PKI publishes its roots and Sub-CAs that way). Only CA certificates
 * that are valid now are accepted; anything else is refused naming the file (ZIP entry) and the reason.
 */
import { unzipSync } from 'fflate';
import { Certificate } from '../certificates/certificate';
import { parsePemBlocks } from '../pki/pem';

export type TrustFileProblem =
  /** Neither PEM nor DER of a certificate nor a ZIP. */
  | 'unreadable'
  /** A ZIP that cannot be unpacked or holds no certificate file. */
  | 'badZip'
  /** A certificate, but not of a CA (basicConstraints cA missing, or key usage lacks keyCertSign). */
  | 'notCa'
  /** A CA certificate whose validity ended before now. */
  | 'expired'
  /** A CA certificate whose validity starts after now. */
  | 'notYetValid';

export class TrustFileError extends Error {
  constructor(
    /** The file (and for a ZIP the entry: `roots.zip!sub-ca.pem`). */
    readonly file: string,
    readonly problem: TrustFileProblem,
    /** Detail for people (subject, date, parser message). */
    readonly detail: string,
  ) {
    super(`${file}: ${englishReason(problem, detail)}`);
    this.name = 'TrustFileError';
  }
}

export interface CertificateFromFile {
  certificate: Certificate;
  /** The file (or `zip!entry`) it came from. */
  source: string;
}

export interface TrustFileInput {
  name: string;
  bytes: Uint8Array;
}

/** Entries of a ZIP taken as certificate files; others (PDF, CRL, README) are listed as skipped. */
const CERTIFICATE_ENTRY = /\.(pem|crt|cer|der|cert)$/i;

export interface ReadTrustFilesResult {
  certificates: CertificateFromFile[];
  /** ZIP entries that are not certificate files by name, e.g. `roots.zip!readme.txt`. */
  skipped: string[];
}

/** Reads and checks every file; throws the first TrustFileError (nothing is half accepted). */
export function readTrustFiles(files: readonly TrustFileInput[], now: number = Date.now()): ReadTrustFilesResult {
  const certificates: CertificateFromFile[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    if (isZip(file.bytes)) {
      const entries = unzipEntries(file);
      let found = 0;
      for (const [entry, bytes] of entries) {
        const source = `${file.name}!${entry}`;
        if (!CERTIFICATE_ENTRY.test(entry)) {
          skipped.push(source);
          continue;
        }
        found++;
        certificates.push(...certificatesOf(source, bytes, now));
      }
      if (found === 0) throw new TrustFileError(file.name, 'badZip', 'the ZIP holds no .pem, .crt, .cer or .der file');
    } else {
      certificates.push(...certificatesOf(file.name, file.bytes, now));
    }
  }
  return { certificates, skipped };
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function unzipEntries(file: TrustFileInput): [string, Uint8Array][] {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(file.bytes);
  } catch (error) {
    throw new TrustFileError(file.name, 'badZip', error instanceof Error ? error.message : String(error));
  }
  return Object.entries(entries)
    .filter(([name]) => !name.endsWith('/') && !name.startsWith('__MACOSX/'))
    .sort(([a], [b]) => a.localeCompare(b));
}

function certificatesOf(source: string, bytes: Uint8Array, now: number): CertificateFromFile[] {
  const text = Buffer.from(bytes).toString('latin1');
  const pem = text.includes('-----BEGIN');
  const ders = pem ? parsePemBlocks(text).filter((b) => b.label.includes('CERTIFICATE')).map((b) => b.der) : [bytes];
  if (ders.length === 0) throw new TrustFileError(source, 'unreadable', 'the PEM text holds no CERTIFICATE block');
  return ders.map((der, i) => {
    const where = ders.length > 1 ? `${source} (certificate ${i + 1} of ${ders.length})` : source;
    let certificate: Certificate;
    try {
      certificate = new Certificate(der);
    } catch (error) {
      throw new TrustFileError(where, 'unreadable', error instanceof Error ? error.message : String(error));
    }
    checkInstallable(certificate, where, now);
    return { certificate, source: where };
  });
}

function checkInstallable(certificate: Certificate, where: string, now: number): void {
  const { subject } = certificate.details;
  if (certificate.basicConstraintsCa !== true) throw new TrustFileError(where, 'notCa', `${subject} is not marked as a CA (basicConstraints)`);
  if (certificate.allows('keyCertSign') === false) throw new TrustFileError(where, 'notCa', `${subject} may not sign certificates (key usage lacks keyCertSign)`);
  if (now > certificate.notAfter) throw new TrustFileError(where, 'expired', `${subject} expired on ${certificate.details.notAfter}`);
  if (now < certificate.notBefore) throw new TrustFileError(where, 'notYetValid', `${subject} is valid only from ${certificate.details.notBefore}`);
}

function englishReason(problem: TrustFileProblem, detail: string): string {
  switch (problem) {
    case 'unreadable':
      return `not a certificate in PEM or DER form, nor a ZIP of such files (${detail}).`;
    case 'badZip':
      return `not a usable ZIP of certificates (${detail}).`;
    case 'notCa':
      return `not a CA certificate: ${detail}. Install the SM-PKI root or a Sub-CA, not a gateway or device certificate.`;
    case 'expired':
      return `the CA certificate is no longer valid: ${detail}. Install the current one.`;
    case 'notYetValid':
      return `the CA certificate is not valid yet: ${detail}. Check the PC's clock or install the current one.`;
  }
}

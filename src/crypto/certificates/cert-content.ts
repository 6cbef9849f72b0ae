/**
 * `certContent` of AR 2418-6 documents is hex of DER, of a whole PEM text (possibly a chain) or of base64
 * text; test files also carry short placeholders. This module turns any of these into certificates and
 * says which form it found, or why nothing could be read.
 */
import { parsePemBlocks } from '../pki/pem';
import { Certificate } from './certificate';

export type CertContentForm = 'der' | 'pem' | 'base64' | 'placeholder' | 'unreadable';

export interface CertContent {
  form: CertContentForm;
  certificates: Certificate[];
  /** Why nothing (or not everything) could be read. */
  problem?: string;
}

export function parseCertContent(bytes: Uint8Array): CertContent {
  if (bytes.length === 0) return { form: 'unreadable', certificates: [], problem: 'empty certContent' };
  if (bytes[0] === 0x30 && bytes.length > 64) {
    try {
      return { form: 'der', certificates: [new Certificate(bytes)] };
    } catch (error) {
      return { form: 'unreadable', certificates: [], problem: `DER certificate could not be parsed: ${message(error)}` };
    }
  }
  const text = Buffer.from(bytes).toString('latin1');
  if (text.includes('-----BEGIN')) {
    const certificates: Certificate[] = [];
    const problems: string[] = [];
    for (const block of parsePemBlocks(text)) {
      if (!block.label.includes('CERTIFICATE')) continue;
      try {
        certificates.push(new Certificate(block.der));
      } catch (error) {
        problems.push(`PEM block ${certificates.length + problems.length + 1}: ${message(error)}`);
      }
    }
    if (certificates.length === 0) return { form: 'unreadable', certificates, problem: problems.join('; ') || 'PEM text without a certificate' };
    return { form: 'pem', certificates, ...(problems.length ? { problem: problems.join('; ') } : {}) };
  }
  const compact = text.replace(/\s+/g, '');
  if (compact.length >= 64 && /^[A-Za-z0-9+/]+=*$/.test(compact)) {
    try {
      return { form: 'base64', certificates: [new Certificate(new Uint8Array(Buffer.from(compact, 'base64')))] };
    } catch (error) {
      return { form: 'unreadable', certificates: [], problem: `base64 text is not a certificate: ${message(error)}` };
    }
  }
  if (bytes.length < 64) return { form: 'placeholder', certificates: [], problem: `placeholder of ${bytes.length} bytes, not a certificate` };
  return { form: 'unreadable', certificates: [], problem: 'neither DER, PEM nor base64 of a certificate' };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

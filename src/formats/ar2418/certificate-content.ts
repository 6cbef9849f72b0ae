/**
 * `certContent` holds hex of one of: DER, a whole PEM text (possibly a chain), base64 text of DER; some
 * example files carry short placeholders. This turns any of them into DER certificates.
 */
import { X509Certificate } from 'node:crypto';

export type CertContentKind = 'der' | 'pem' | 'base64' | 'placeholder' | 'unknown';

export interface DecodedCertContent {
  kind: CertContentKind;
  /** DER of each certificate found (a PEM chain gives several). */
  ders: Uint8Array[];
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
const BASE64_TEXT = /^[A-Za-z0-9+/=\s]+$/;

/** Content up to this size that is no certificate counts as a placeholder. */
const PLACEHOLDER_MAX = 16;

export function decodeCertContent(bytes: Uint8Array): DecodedCertContent {
  if (bytes.length >= 2 && bytes[0] === 0x30 && (bytes[1] === 0x82 || bytes[1] === 0x81 || (bytes[1] ?? 0x80) < 0x80)) {
    return { kind: 'der', ders: [bytes] };
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    const ders: Uint8Array[] = [];
    for (const m of text.matchAll(PEM_BLOCK)) ders.push(new Uint8Array(Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64')));
    return { kind: 'pem', ders };
  }
  if (bytes.length > PLACEHOLDER_MAX && BASE64_TEXT.test(text)) {
    const der = new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'base64'));
    if (der[0] === 0x30) return { kind: 'base64', ders: [der] };
  }
  return { kind: bytes.length <= PLACEHOLDER_MAX ? 'placeholder' : 'unknown', ders: [] };
}

export interface ParsedCertificate {
  der: Uint8Array;
  certificate: X509Certificate;
}

/** Parses the X.509 certificates in a certContent; `error` tells why none could be parsed. */
export function parseCertContent(bytes: Uint8Array): { kind: CertContentKind; certificates: ParsedCertificate[]; error?: string } {
  const decoded = decodeCertContent(bytes);
  const certificates: ParsedCertificate[] = [];
  for (const der of decoded.ders) {
    try {
      certificates.push({ der, certificate: new X509Certificate(Buffer.from(der)) });
    } catch (error) {
      return { kind: decoded.kind, certificates, error: error instanceof Error ? error.message : String(error) };
    }
  }
  if (certificates.length === 0) return { kind: decoded.kind, certificates, error: 'no certificate found' };
  return { kind: decoded.kind, certificates };
}

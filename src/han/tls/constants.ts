/**
 * Code points of TLS 1.2 (RFC 5246), ECC cipher suites (RFC 8422, RFC 5289) and the brainpool groups
 * (RFC 7027), limited to what the BSI TR-03116-3 HAN profile uses.
 */

export const TLS12 = 0x0303;

export const ContentType = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23 } as const;

export const HandshakeType = {
  helloRequest: 0,
  clientHello: 1,
  serverHello: 2,
  certificate: 11,
  serverKeyExchange: 12,
  certificateRequest: 13,
  serverHelloDone: 14,
  certificateVerify: 15,
  clientKeyExchange: 16,
  finished: 20,
} as const;

export const HANDSHAKE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(HandshakeType).map(([name, code]) => [code, name]));

export const Alert = {
  closeNotify: 0,
  unexpectedMessage: 10,
  badRecordMac: 20,
  recordOverflow: 22,
  handshakeFailure: 40,
  badCertificate: 42,
  unsupportedCertificate: 43,
  certificateExpired: 45,
  certificateUnknown: 46,
  illegalParameter: 47,
  unknownCa: 48,
  accessDenied: 49,
  decodeError: 50,
  decryptError: 51,
  protocolVersion: 70,
  insufficientSecurity: 71,
  internalError: 80,
  userCanceled: 90,
  noRenegotiation: 100,
  unsupportedExtension: 110,
} as const;

export const ALERT_NAMES: Record<number, string> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  21: 'decryption_failed',
  22: 'record_overflow',
  30: 'decompression_failure',
  40: 'handshake_failure',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  49: 'access_denied',
  50: 'decode_error',
  51: 'decrypt_error',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  100: 'no_renegotiation',
  109: 'missing_extension',
  110: 'unsupported_extension',
  112: 'unrecognized_name',
  116: 'certificate_required',
};

export const ExtensionType = { supportedGroups: 10, ecPointFormats: 11, signatureAlgorithms: 13 } as const;

/** Extensions a ClientHello of this client never carries (what strict gateways reject, or what the profile leaves out). */
export const NEVER_SENT_EXTENSIONS = {
  serverName: 0,
  alpn: 16,
  extendedMasterSecret: 23,
  sessionTicket: 35,
  renegotiationInfo: 0xff01,
} as const;
/** TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746), never offered. */
export const RENEGOTIATION_SCSV = 0x00ff;

export type GroupName = 'secp256r1' | 'secp384r1' | 'brainpoolP256r1' | 'brainpoolP384r1' | 'brainpoolP512r1';

export interface GroupInfo {
  name: GroupName;
  code: number;
  /** Name of the curve in Node's crypto (createECDH, KeyObject namedCurve). */
  nodeCurve: string;
  /** Length of one coordinate in bytes. */
  size: number;
}

export const GROUPS: readonly GroupInfo[] = [
  { name: 'secp256r1', code: 23, nodeCurve: 'prime256v1', size: 32 },
  { name: 'secp384r1', code: 24, nodeCurve: 'secp384r1', size: 48 },
  { name: 'brainpoolP256r1', code: 26, nodeCurve: 'brainpoolP256r1', size: 32 },
  { name: 'brainpoolP384r1', code: 27, nodeCurve: 'brainpoolP384r1', size: 48 },
  { name: 'brainpoolP512r1', code: 28, nodeCurve: 'brainpoolP512r1', size: 64 },
];

export function groupByCode(code: number): GroupInfo | undefined {
  return GROUPS.find((g) => g.code === code);
}

export function groupByName(name: string): GroupInfo | undefined {
  const aliases: Record<string, string> = { 'P-256': 'secp256r1', prime256v1: 'secp256r1', 'P-384': 'secp384r1' };
  const canonical = aliases[name] ?? name;
  return GROUPS.find((g) => g.name === canonical);
}

/** The group of a Node KeyObject's named curve (`prime256v1`, `brainpoolP256r1`, …). */
export function groupOfNodeCurve(curve: string | undefined): GroupInfo | undefined {
  return curve === undefined ? undefined : GROUPS.find((g) => g.nodeCurve === curve);
}

export type HashName = 'sha256' | 'sha384' | 'sha512';
/** TLS 1.2 HashAlgorithm codes; the signature is always ecdsa (3). */
export const HASH_CODES: Record<HashName, number> = { sha256: 4, sha384: 5, sha512: 6 };
export const SIGNATURE_ECDSA = 3;
export const CLIENT_CERTIFICATE_TYPE_ECDSA_SIGN = 64;

export function hashByCode(code: number): HashName | undefined {
  return (Object.entries(HASH_CODES) as [HashName, number][]).find(([, c]) => c === code)?.[0];
}

export type SuiteName =
  | 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'
  | 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'
  | 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256'
  | 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384';

export interface SuiteInfo {
  name: SuiteName;
  /** OpenSSL's name, as Node's `ciphers` option spells it. */
  opensslName: string;
  code: number;
  mode: 'gcm' | 'cbc';
  keyLength: number;
  /** Hash of the PRF (and of the HMAC for CBC suites). */
  hash: 'sha256' | 'sha384';
}

export const SUITES: readonly SuiteInfo[] = [
  { name: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', opensslName: 'ECDHE-ECDSA-AES128-GCM-SHA256', code: 0xc02b, mode: 'gcm', keyLength: 16, hash: 'sha256' },
  { name: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', opensslName: 'ECDHE-ECDSA-AES256-GCM-SHA384', code: 0xc02c, mode: 'gcm', keyLength: 32, hash: 'sha384' },
  { name: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', opensslName: 'ECDHE-ECDSA-AES128-SHA256', code: 0xc023, mode: 'cbc', keyLength: 16, hash: 'sha256' },
  { name: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384', opensslName: 'ECDHE-ECDSA-AES256-SHA384', code: 0xc024, mode: 'cbc', keyLength: 32, hash: 'sha384' },
];

export function suiteByCode(code: number): SuiteInfo | undefined {
  return SUITES.find((s) => s.code === code);
}

/** Accepts the IANA name, OpenSSL's name or the code. */
export function suiteByName(name: string): SuiteInfo | undefined {
  return SUITES.find((s) => s.name === name || s.opensslName === name);
}

/** Largest plaintext fragment (2^14) and largest protected record (2^14 + 2048), RFC 5246 6.2. */
export const MAX_PLAINTEXT = 16_384;
export const MAX_CIPHERTEXT = 16_384 + 2048;
/** Largest handshake message accepted (certificate chains of gateways are a few kB). */
export const MAX_HANDSHAKE_MESSAGE = 64 * 1024;

/**
 * The handshake messages of a TLS 1.2 ECDHE-ECDSA client (RFC 5246 7.4, RFC 8422 5): the minimal ClientHello
 * and strict parsers for what the server sends. Every parser consumes its message completely or fails with
 * decode_error / illegal_parameter naming the field.
 */
import {
  Alert,
  ExtensionType,
  HandshakeType,
  HASH_CODES,
  SIGNATURE_ECDSA,
  TLS12,
  groupByCode,
  hashByCode,
  type GroupInfo,
  type HashName,
  type SuiteInfo,
} from './constants';
import { localFailure } from './tls-error';
import { WireReader, handshakeMessage, u16, u8, vector16, vector24, vector8 } from './wire';

export interface ClientHelloOptions {
  random: Buffer;
  suites: readonly SuiteInfo[];
  groups: readonly GroupInfo[];
  hashes: readonly HashName[];
}

/**
 * TLS 1.2 only; the offered suites; no session id, no compression; exactly three extensions: supported_groups,
 * ec_point_formats (uncompressed) and signature_algorithms (ECDSA). Nothing else: no renegotiation_info, no
 * SCSV, no SNI, no session ticket, no extended master secret, no ALPN.
 */
export function clientHello(options: ClientHelloOptions): Buffer {
  const extension = (type: number, body: Buffer): Buffer => Buffer.concat([u16(type), vector16(body)]);
  const extensions = Buffer.concat([
    extension(ExtensionType.supportedGroups, vector16(Buffer.concat(options.groups.map((g) => u16(g.code))))),
    extension(ExtensionType.ecPointFormats, vector8(u8(0))),
    extension(ExtensionType.signatureAlgorithms, vector16(Buffer.concat(options.hashes.map((h) => Buffer.of(HASH_CODES[h], SIGNATURE_ECDSA))))),
  ]);
  const body = Buffer.concat([
    u16(TLS12),
    options.random,
    vector8(Buffer.alloc(0)),
    vector16(Buffer.concat(options.suites.map((s) => u16(s.code)))),
    vector8(u8(0)),
    vector16(extensions),
  ]);
  return handshakeMessage(HandshakeType.clientHello, body);
}

export interface ServerHello {
  version: number;
  random: Buffer;
  sessionId: Buffer;
  suiteCode: number;
  compression: number;
  extensions: { type: number; body: Buffer }[];
}

export function parseServerHello(body: Buffer): ServerHello {
  const r = new WireReader(body, 'ServerHello');
  const version = r.u16('server_version');
  const random = Buffer.from(r.bytesOf(32, 'random'));
  const sessionId = Buffer.from(r.vector8('session_id'));
  if (sessionId.length > 32) throw localFailure(Alert.illegalParameter, `ServerHello: session_id of ${sessionId.length} bytes`);
  const suiteCode = r.u16('cipher_suite');
  const compression = r.u8('compression_method');
  const extensions: ServerHello['extensions'] = [];
  if (r.remaining > 0) {
    const list = new WireReader(r.vector16('extensions'), 'ServerHello extensions');
    while (list.remaining > 0) {
      const type = list.u16('extension type');
      const extensionBody = Buffer.from(list.vector16(`extension ${type}`));
      if (extensions.some((e) => e.type === type)) throw localFailure(Alert.illegalParameter, `ServerHello: extension ${type} twice`);
      extensions.push({ type, body: extensionBody });
    }
  }
  r.end();
  return { version, random, sessionId, suiteCode, compression, extensions };
}

/** The certificate_list, leaf first (DER each). */
export function parseCertificateMessage(body: Buffer): Buffer[] {
  const r = new WireReader(body, 'Certificate');
  const list = new WireReader(r.vector24('certificate_list'), 'Certificate list');
  r.end();
  const out: Buffer[] = [];
  while (list.remaining > 0) out.push(Buffer.from(list.vector24('ASN.1Cert')));
  return out;
}

export function certificateMessage(chain: readonly Buffer[]): Buffer {
  return handshakeMessage(HandshakeType.certificate, vector24(Buffer.concat(chain.map((der) => vector24(der)))));
}

export interface ServerKeyExchange {
  group: GroupInfo | undefined;
  groupCode: number;
  /** The server's ephemeral public point (uncompressed). */
  point: Buffer;
  /** ServerECDHParams as sent: the signed part after the two randoms. */
  params: Buffer;
  hash: HashName | undefined;
  hashCode: number;
  signatureCode: number;
  signature: Buffer;
}

export function parseServerKeyExchange(body: Buffer): ServerKeyExchange {
  const r = new WireReader(body, 'ServerKeyExchange');
  const curveType = r.u8('curve_type');
  if (curveType !== 3) throw localFailure(Alert.illegalParameter, `ServerKeyExchange: curve_type ${curveType} (only named_curve is allowed)`);
  const groupCode = r.u16('namedcurve');
  const point = Buffer.from(r.vector8('public'));
  const params = Buffer.from(body.subarray(0, 4 + point.length));
  const hashCode = r.u8('signature hash');
  const signatureCode = r.u8('signature algorithm');
  const signature = Buffer.from(r.vector16('signature'));
  r.end();
  return { group: groupByCode(groupCode), groupCode, point, params, hash: hashByCode(hashCode), hashCode, signatureCode, signature };
}

export interface CertificateRequest {
  certificateTypes: number[];
  /** ECDSA hashes the server accepts in CertificateVerify. */
  hashes: HashName[];
  /** Distinguished names (DER) of the CAs whose certificates the server accepts. */
  authorities: Buffer[];
}

export function parseCertificateRequest(body: Buffer): CertificateRequest {
  const r = new WireReader(body, 'CertificateRequest');
  const certificateTypes = [...r.vector8('certificate_types')];
  const algorithms = new WireReader(r.vector16('supported_signature_algorithms'), 'CertificateRequest signature algorithms');
  const hashes: HashName[] = [];
  while (algorithms.remaining > 0) {
    const hash = hashByCode(algorithms.u8('hash'));
    const signature = algorithms.u8('signature');
    if (hash && signature === SIGNATURE_ECDSA && !hashes.includes(hash)) hashes.push(hash);
  }
  const names = new WireReader(r.vector16('certificate_authorities'), 'CertificateRequest authorities');
  const authorities: Buffer[] = [];
  while (names.remaining > 0) authorities.push(Buffer.from(names.vector16('DistinguishedName')));
  r.end();
  return { certificateTypes, hashes, authorities };
}

export function clientKeyExchange(point: Buffer): Buffer {
  return handshakeMessage(HandshakeType.clientKeyExchange, vector8(point));
}

export function certificateVerify(hash: HashName, signature: Buffer): Buffer {
  return handshakeMessage(HandshakeType.certificateVerify, Buffer.concat([Buffer.of(HASH_CODES[hash], SIGNATURE_ECDSA), vector16(signature)]));
}

export function finished(verifyData: Buffer): Buffer {
  return handshakeMessage(HandshakeType.finished, verifyData);
}

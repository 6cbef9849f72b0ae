/**
 * A minimal TLS 1.2 client for exactly the BSI TR-03116-3 HAN profile, built on Node's crypto primitives:
 * ECDHE-ECDSA with AES-GCM or AES-CBC/HMAC (0xC02B, 0xC02C, 0xC023, 0xC024), the NIST and brainpool groups,
 * client certificates, and a ClientHello without anything a strict gateway refuses (no renegotiation_info,
 * no SCSV, no SNI, no session ticket, no extended master secret, no ALPN). After the handshake it is a
 * Duplex stream of application data, so the HTTP layer runs over it as over a TLSSocket.
 *
 * Checked on every connection: the server's choices lie within the offer (version, suite, group, hash, no
 * unrequested extension), the server certificate's curve was offered, the ECDHE parameters are signed by
 * the certificate's key, the server certificate is accepted by the caller (pinning) before the client
 * certificate or any key material is sent, and both Finished messages. See README.md for the limits.
 */
import { X509Certificate, createECDH, createHash, randomBytes, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { Duplex } from 'node:stream';
import {
  Alert,
  CLIENT_CERTIFICATE_TYPE_ECDSA_SIGN,
  ContentType,
  ExtensionType,
  GROUPS,
  HANDSHAKE_NAMES,
  HandshakeType,
  MAX_HANDSHAKE_MESSAGE,
  MAX_PLAINTEXT,
  SIGNATURE_ECDSA,
  SUITES,
  TLS12,
  groupOfNodeCurve,
  suiteByCode,
  type GroupInfo,
  type HashName,
  type SuiteInfo,
} from './constants';
import {
  certificateMessage,
  certificateVerify,
  clientHello,
  clientKeyExchange,
  finished,
  parseCertificateMessage,
  parseCertificateRequest,
  parseServerHello,
  parseServerKeyExchange,
  type CertificateRequest,
} from './handshake-messages';
import { finishedVerifyData, keyBlock, masterSecret } from './key-schedule';
import { recordProtection, type RecordProtection } from './record-protection';
import { RecordReader, recordBytes, type TlsRecord } from './record-reader';
import { TlsError, TlsTimeoutError, localFailure, peerAlert, transportFailure } from './tls-error';

export interface MinimalTlsClientKey {
  key: KeyObject;
  /** Certificate chain, leaf first (DER). */
  chain: Buffer[];
}

export interface MinimalTlsOptions {
  /** A connected TCP socket (or any duplex byte stream to the gateway). */
  socket: Duplex;
  /** Default: the four TR-03116-3 suites. */
  suites?: readonly SuiteInfo[];
  /** Default: all five groups; with a client certificate only that certificate's curve (as TRuDI offered). */
  groups?: readonly GroupInfo[];
  /** ECDSA hashes offered in signature_algorithms (default SHA-256, SHA-384, SHA-512). */
  hashes?: readonly HashName[];
  /** Sent only when the server asks, and only after `verifyServerCertificate` accepted the server. */
  client?: MinimalTlsClientKey;
  /**
   * Decides whether the server certificate is the expected one (pinning); throw to refuse. It runs when the
   * Certificate message arrives, before this client sends its certificate or any key material.
   */
  verifyServerCertificate: (leaf: X509Certificate, chain: X509Certificate[]) => void;
  /** Stop after the server certificate (to show its fingerprint) without completing the handshake. */
  probeOnly?: boolean;
  /** Limit for the whole handshake (default 10 s). */
  timeoutMs?: number;
}

export interface TlsSessionInfo {
  protocol: 'TLSv1.2';
  suite: SuiteInfo;
  group: GroupInfo;
  /** Hash the server used to sign its ECDHE parameters. */
  serverSignatureHash: HashName;
  peerCertificate: X509Certificate;
  peerChain: X509Certificate[];
  certificateRequested: boolean;
  clientCertificateSent: boolean;
}

type InboxItem = { kind: 'handshake'; type: number; body: Buffer; raw: Buffer } | { kind: 'changeCipherSpec' };

const DEFAULT_HASHES: readonly HashName[] = ['sha256', 'sha384', 'sha512'];
/** Consecutive empty application-data records tolerated (some stacks send them; a flood of them is an attack). */
const MAX_EMPTY_RECORDS = 32;

/** Hash that fits a client key's size, among those the server accepts. */
function certificateVerifyHash(key: KeyObject, accepted: readonly HashName[]): HashName | undefined {
  const size = groupOfNodeCurve(key.asymmetricKeyDetails?.namedCurve)?.size ?? 32;
  const preferred: HashName = size >= 64 ? 'sha512' : size >= 48 ? 'sha384' : 'sha256';
  return accepted.includes(preferred) ? preferred : accepted[0];
}

/** The result of probeOnly: the server certificate chain, the handshake stopped there. */
export class ServerCertificateProbe {
  constructor(
    readonly peerCertificate: X509Certificate,
    readonly peerChain: X509Certificate[],
  ) {}
}

export class MinimalTlsSocket extends Duplex {
  /** The ClientHello exactly as sent (for diagnostics and tests). */
  clientHelloBytes: Buffer = Buffer.alloc(0);
  session: TlsSessionInfo | undefined;
  /** True once the gateway ended the connection with close_notify (a TCP close without it is a truncation). */
  closeNotifyReceived = false;
  /** Where the handshake stands, for error messages ("waiting for ServerHello"). */
  stage = 'not started';

  private readonly socket: Duplex;
  private readonly records = new RecordReader();
  private readProtection: RecordProtection | undefined;
  private writeProtection: RecordProtection | undefined;
  private pendingReadProtection: RecordProtection | undefined;
  private handshakeBuffer: Buffer = Buffer.alloc(0);
  private readonly inbox: InboxItem[] = [];
  private waiter: { resolve: (item: InboxItem) => void; reject: (error: Error) => void } | undefined;
  private state: 'handshake' | 'open' | 'closed' = 'handshake';
  private failure: Error | undefined;
  private versionFixed = false;
  private emptyRecords = 0;
  private serverFinishedSeen = false;
  private transportClosing = false;
  private localClosed = false;
  private readonly earlyData: Buffer[] = [];
  private readonly transcript: Buffer[] = [];
  private readonly onSocketData = (chunk: Buffer): void => this.onBytes(chunk);
  private readonly onSocketEnd = (): void => this.onTransportEnd();
  private readonly onSocketError = (error: Error): void => this.fail(transportFailure(`connection error: ${error.message}`));

  private constructor(private readonly options: MinimalTlsOptions) {
    super({ allowHalfOpen: false });
    this.socket = options.socket;
    this.socket.on('data', this.onSocketData);
    this.socket.on('end', this.onSocketEnd);
    this.socket.on('close', this.onSocketEnd);
    this.socket.on('error', this.onSocketError);
  }

  /** Runs the handshake; resolves with the open stream, or rejects with a TlsError (or the pin check's error). */
  static async connect(options: MinimalTlsOptions): Promise<MinimalTlsSocket> {
    const tls = new MinimalTlsSocket(options);
    await tls.handshake();
    return tls;
  }

  /**
   * Connects far enough to see the server certificate, then ends the attempt (user_canceled, close) before
   * anything of this client's identity or key material is sent. For trust on first use.
   */
  static async probeServerCertificate(options: Omit<MinimalTlsOptions, 'probeOnly' | 'client' | 'verifyServerCertificate'>): Promise<ServerCertificateProbe> {
    const tls = new MinimalTlsSocket({ ...options, probeOnly: true, verifyServerCertificate: () => undefined });
    const probe = await tls.handshake();
    if (!probe) throw transportFailure('the handshake did not stop at the server certificate');
    return probe;
  }

  get suites(): readonly SuiteInfo[] {
    return this.options.suites ?? SUITES;
  }

  get groups(): readonly GroupInfo[] {
    if (this.options.groups) return this.options.groups;
    const clientGroup = this.options.client ? groupOfNodeCurve(this.options.client.key.asymmetricKeyDetails?.namedCurve) : undefined;
    return clientGroup ? [clientGroup] : GROUPS;
  }

  get hashes(): readonly HashName[] {
    return this.options.hashes ?? DEFAULT_HASHES;
  }

  private async handshake(): Promise<ServerCertificateProbe | undefined> {
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const timer = setTimeout(() => this.fail(new TlsTimeoutError(`the TLS handshake did not finish within ${timeoutMs} ms (${this.stage})`, timeoutMs)), timeoutMs);
    try {
      return await this.runHandshake();
    } catch (error) {
      // Sends the alert of a local failure (once) and closes; the first failure is the one reported.
      this.fail(error instanceof Error ? error : new Error(String(error)));
      throw this.failure ?? error;
    } finally {
      clearTimeout(timer);
    }
  }

  private async runHandshake(): Promise<ServerCertificateProbe | undefined> {
    const suites = this.suites;
    const groups = this.groups;
    const hashes = this.hashes;
    if (suites.length === 0 || groups.length === 0 || hashes.length === 0) throw transportFailure('nothing to offer (no suite, group or hash)');
    const clientKey = this.options.client?.key;
    if (clientKey && (clientKey.asymmetricKeyType !== 'ec' || !groupOfNodeCurve(clientKey.asymmetricKeyDetails?.namedCurve))) {
      throw transportFailure(`the client certificate's key (${clientKey.asymmetricKeyType ?? '?'} ${clientKey.asymmetricKeyDetails?.namedCurve ?? ''}) is not an ECDSA key on a TR-03116-3 curve`);
    }
    const clientRandom = randomBytes(32);
    this.clientHelloBytes = clientHello({ random: clientRandom, suites, groups, hashes });
    this.sendHandshake([this.clientHelloBytes]);

    this.stage = 'waiting for ServerHello';
    const hello = parseServerHello((await this.expectHandshake(HandshakeType.serverHello)).body);
    if (hello.version !== TLS12) throw localFailure(Alert.protocolVersion, `the gateway answered with version 0x${hello.version.toString(16)} instead of TLS 1.2`);
    this.versionFixed = true;
    const suite = suiteByCode(hello.suiteCode);
    if (!suite || !suites.includes(suite)) throw localFailure(Alert.illegalParameter, `the gateway chose cipher suite 0x${hello.suiteCode.toString(16).padStart(4, '0')}, which was not offered`);
    if (hello.compression !== 0) throw localFailure(Alert.illegalParameter, `the gateway chose compression method ${hello.compression}`);
    for (const extension of hello.extensions) {
      // Only ec_point_formats may be answered (RFC 8422 5.2); anything else was not requested.
      if (extension.type !== ExtensionType.ecPointFormats) throw localFailure(Alert.unsupportedExtension, `the gateway answered with extension ${extension.type}, which was not requested`);
      const formats = extension.body.subarray(1, 1 + (extension.body[0] ?? 0));
      if (extension.body.length !== 1 + formats.length || !formats.includes(0)) throw localFailure(Alert.illegalParameter, 'ec_point_formats of the gateway lacks the uncompressed format');
    }
    const serverRandom = hello.random;

    this.stage = 'waiting for the server certificate';
    const certificates = parseCertificateMessage((await this.expectHandshake(HandshakeType.certificate)).body);
    if (certificates.length === 0) throw localFailure(Alert.handshakeFailure, 'the gateway sent no certificate');
    let chain: X509Certificate[];
    try {
      chain = certificates.map((der) => new X509Certificate(der));
    } catch (error) {
      throw localFailure(Alert.badCertificate, `the gateway's certificate cannot be read (${error instanceof Error ? error.message : String(error)})`);
    }
    const leaf = chain[0]!;
    const leafKey = leaf.publicKey;
    const leafGroup = leafKey.asymmetricKeyType === 'ec' ? groupOfNodeCurve(leafKey.asymmetricKeyDetails?.namedCurve) : undefined;
    if (!leafGroup) throw localFailure(Alert.unsupportedCertificate, `the gateway's certificate has a ${leafKey.asymmetricKeyType ?? 'unknown'} key (${leafKey.asymmetricKeyDetails?.namedCurve ?? 'no curve'}), not an ECDSA key on a TR-03116-3 curve`);
    if (!groups.includes(leafGroup)) throw localFailure(Alert.illegalParameter, `the gateway's certificate is on ${leafGroup.name}, which was not offered (offered: ${groups.map((g) => g.name).join(', ')})`);
    if (this.options.probeOnly) {
      this.sendAlert(1, Alert.userCanceled);
      this.sendAlert(1, Alert.closeNotify);
      this.state = 'closed';
      this.detach();
      this.closeTransport();
      this.destroy();
      return new ServerCertificateProbe(leaf, chain);
    }
    try {
      this.options.verifyServerCertificate(leaf, chain);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)), Alert.badCertificate);
      throw error;
    }

    this.stage = 'waiting for ServerKeyExchange';
    const keyExchange = parseServerKeyExchange((await this.expectHandshake(HandshakeType.serverKeyExchange)).body);
    const group = keyExchange.group;
    if (!group || !groups.includes(group)) throw localFailure(Alert.illegalParameter, `the gateway chose group ${keyExchange.groupCode}, which was not offered`);
    if (keyExchange.point.length !== 1 + 2 * group.size || keyExchange.point[0] !== 4) throw localFailure(Alert.illegalParameter, `the gateway's ECDHE point is not an uncompressed ${group.name} point`);
    if (keyExchange.signatureCode !== SIGNATURE_ECDSA || !keyExchange.hash || !hashes.includes(keyExchange.hash)) {
      throw localFailure(Alert.illegalParameter, `the gateway signed its key exchange with algorithm ${keyExchange.hashCode}/${keyExchange.signatureCode}, which was not offered`);
    }
    let signatureOk: boolean;
    try {
      signatureOk = verify(keyExchange.hash, Buffer.concat([clientRandom, serverRandom, keyExchange.params]), leafKey, keyExchange.signature);
    } catch {
      signatureOk = false;
    }
    if (!signatureOk) throw localFailure(Alert.decryptError, "the gateway's key exchange is not signed by its certificate's key (possible interception)");

    this.stage = 'waiting for ServerHelloDone';
    let next = await this.expectHandshake(HandshakeType.certificateRequest, HandshakeType.serverHelloDone);
    let request: CertificateRequest | undefined;
    if (next.type === HandshakeType.certificateRequest) {
      request = parseCertificateRequest(next.body);
      next = await this.expectHandshake(HandshakeType.serverHelloDone);
    }
    if (next.body.length !== 0) throw localFailure(Alert.decodeError, 'ServerHelloDone with a body');

    const ecdh = createECDH(group.nodeCurve);
    ecdh.generateKeys();
    let preMaster: Buffer;
    try {
      preMaster = ecdh.computeSecret(keyExchange.point);
    } catch {
      throw localFailure(Alert.illegalParameter, `the gateway's ECDHE point is not on ${group.name}`);
    }

    const flight: Buffer[] = [];
    const client = this.options.client;
    const verifyHash = client && request?.certificateTypes.includes(CLIENT_CERTIFICATE_TYPE_ECDSA_SIGN) ? certificateVerifyHash(client.key, request.hashes.filter((h) => hashes.includes(h))) : undefined;
    const sendCertificate = client !== undefined && verifyHash !== undefined;
    if (request) flight.push(this.record(certificateMessage(sendCertificate ? client.chain : [])));
    flight.push(this.record(clientKeyExchange(ecdh.getPublicKey())));
    if (sendCertificate) {
      const signature = sign(verifyHash, Buffer.concat(this.transcript), client.key);
      flight.push(this.record(certificateVerify(verifyHash, signature)));
    }
    const master = masterSecret(suite, preMaster, clientRandom, serverRandom);
    const keys = keyBlock(suite, master, clientRandom, serverRandom);
    this.pendingReadProtection = recordProtection(suite, keys.server);
    const clientFinished = finished(finishedVerifyData(suite, master, 'client finished', this.transcriptHash(suite)));
    this.transcript.push(clientFinished);
    this.socket.write(Buffer.concat([...flight, recordBytes(ContentType.changeCipherSpec, TLS12, Buffer.of(1))]));
    this.writeProtection = recordProtection(suite, keys.client);
    this.socket.write(this.protect(ContentType.handshake, clientFinished));

    this.stage = 'waiting for the gateway to accept the client flight (ChangeCipherSpec)';
    const ccs = await this.next();
    if (ccs.kind !== 'changeCipherSpec') throw localFailure(Alert.unexpectedMessage, `expected ChangeCipherSpec, got ${this.describe(ccs)}`);
    this.stage = 'waiting for the server Finished';
    const expected = finishedVerifyData(suite, master, 'server finished', this.transcriptHash(suite));
    const serverFinished = await this.expectHandshake(HandshakeType.finished);
    if (serverFinished.body.length !== 12 || !timingSafeEqual(serverFinished.body, expected)) {
      throw localFailure(Alert.decryptError, "the gateway's Finished message does not match the handshake (possible interception)");
    }
    if (this.inbox.length > 0 || this.handshakeBuffer.length > 0) throw localFailure(Alert.unexpectedMessage, 'handshake data after the server Finished');
    this.session = {
      protocol: 'TLSv1.2',
      suite,
      group,
      serverSignatureHash: keyExchange.hash,
      peerCertificate: leaf,
      peerChain: chain,
      certificateRequested: request !== undefined,
      clientCertificateSent: sendCertificate,
    };
    this.state = 'open';
    this.stage = 'open';
    for (const early of this.earlyData.splice(0)) this.push(early);
    return undefined;
  }

  private transcriptHash(suite: SuiteInfo): Buffer {
    return createHash(suite.hash).update(Buffer.concat(this.transcript)).digest();
  }

  /** One handshake message as (unprotected) record(s), added to the transcript. */
  private record(message: Buffer): Buffer {
    this.transcript.push(message);
    const out: Buffer[] = [];
    for (let i = 0; i < message.length; i += MAX_PLAINTEXT) out.push(recordBytes(ContentType.handshake, TLS12, message.subarray(i, i + MAX_PLAINTEXT)));
    return Buffer.concat(out);
  }

  private sendHandshake(messages: Buffer[]): void {
    this.socket.write(Buffer.concat(messages.map((m) => this.record(m))));
  }

  private protect(type: number, plaintext: Buffer): Buffer {
    const protection = this.writeProtection;
    if (!protection) return recordBytes(type, TLS12, plaintext);
    const out: Buffer[] = [];
    for (let i = 0; i < plaintext.length || (i === 0 && plaintext.length === 0); i += MAX_PLAINTEXT) {
      out.push(recordBytes(type, TLS12, protection.encrypt(type, plaintext.subarray(i, i + MAX_PLAINTEXT))));
    }
    return Buffer.concat(out);
  }

  private sendAlert(level: 1 | 2, description: number): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    try {
      this.socket.write(this.protect(ContentType.alert, Buffer.of(level, description)));
    } catch {
      // The connection is going down anyway.
    }
  }

  private describe(item: InboxItem): string {
    return item.kind === 'changeCipherSpec' ? 'ChangeCipherSpec' : (HANDSHAKE_NAMES[item.type] ?? `handshake message ${item.type}`);
  }

  private next(): Promise<InboxItem> {
    if (this.failure) return Promise.reject(this.failure);
    const item = this.inbox.shift();
    if (item) return Promise.resolve(item);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  private async expectHandshake(...types: number[]): Promise<Extract<InboxItem, { kind: 'handshake' }>> {
    const item = await this.next();
    if (item.kind !== 'handshake' || !types.includes(item.type)) {
      throw localFailure(Alert.unexpectedMessage, `expected ${types.map((t) => HANDSHAKE_NAMES[t]).join(' or ')}, got ${this.describe(item)}`);
    }
    this.transcript.push(item.raw);
    return item;
  }

  private deliver(item: InboxItem): void {
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter.resolve(item);
    } else {
      this.inbox.push(item);
    }
  }

  private onBytes(chunk: Buffer): void {
    if (this.state === 'closed') return;
    try {
      for (const record of this.records.push(chunk)) {
        this.onRecord(record);
        if ((this.state as string) === 'closed') return;
      }
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private onRecord(record: TlsRecord): void {
    if (this.versionFixed && record.version !== TLS12) throw localFailure(Alert.protocolVersion, `record with version 0x${record.version.toString(16)} after TLS 1.2 was agreed`);
    const plain = this.readProtection ? this.readProtection.decrypt(record.type, record.fragment) : record.fragment;
    if (plain.length > MAX_PLAINTEXT) throw localFailure(Alert.recordOverflow, `record with ${plain.length} bytes of plaintext`);
    switch (record.type) {
      case ContentType.handshake:
        return this.onHandshakeFragment(plain);
      case ContentType.changeCipherSpec:
        if (this.handshakeBuffer.length > 0) throw localFailure(Alert.unexpectedMessage, 'ChangeCipherSpec inside a handshake message');
        if (plain.length !== 1 || plain[0] !== 1) throw localFailure(Alert.decodeError, 'malformed ChangeCipherSpec');
        if (this.state !== 'handshake' || !this.pendingReadProtection) throw localFailure(Alert.unexpectedMessage, `ChangeCipherSpec ${this.state === 'open' ? 'after the handshake (renegotiation is not supported)' : `too early (${this.stage})`}`);
        this.readProtection = this.pendingReadProtection;
        this.pendingReadProtection = undefined;
        return this.deliver({ kind: 'changeCipherSpec' });
      case ContentType.alert:
        return this.onAlert(plain);
      case ContentType.applicationData:
        if (this.state === 'handshake' && this.serverFinishedSeen && plain.length > 0) {
          // Sent right behind the server Finished, before the handshake coroutine has checked it: held back.
          this.earlyData.push(plain);
          return;
        }
        if (this.state !== 'open') throw localFailure(Alert.unexpectedMessage, `application data before the handshake finished (${this.stage})`);
        if (plain.length === 0) {
          if (++this.emptyRecords > MAX_EMPTY_RECORDS) throw localFailure(Alert.unexpectedMessage, 'too many empty records');
          return;
        }
        this.emptyRecords = 0;
        if (!this.push(plain)) this.socket.pause();
        return;
      default:
        throw localFailure(Alert.unexpectedMessage, `record of unknown content type ${record.type}`);
    }
  }

  private onHandshakeFragment(fragment: Buffer): void {
    if (fragment.length === 0) throw localFailure(Alert.unexpectedMessage, 'empty handshake record');
    this.handshakeBuffer = this.handshakeBuffer.length === 0 ? fragment : Buffer.concat([this.handshakeBuffer, fragment]);
    while (this.handshakeBuffer.length >= 4) {
      const type = this.handshakeBuffer[0]!;
      const length = this.handshakeBuffer.readUIntBE(1, 3);
      if (length > MAX_HANDSHAKE_MESSAGE) throw localFailure(Alert.decodeError, `handshake message of ${length} bytes (limit ${MAX_HANDSHAKE_MESSAGE})`);
      if (this.handshakeBuffer.length < 4 + length) return;
      const raw = Buffer.from(this.handshakeBuffer.subarray(0, 4 + length));
      this.handshakeBuffer = this.handshakeBuffer.subarray(4 + length);
      if (type === HandshakeType.helloRequest) {
        if (length !== 0) throw localFailure(Alert.decodeError, 'HelloRequest with a body');
        // Ignored while negotiating (RFC 5246 7.4.1.1); afterwards refused: this client never renegotiates.
        if (this.state === 'open') this.sendAlert(1, Alert.noRenegotiation);
        continue;
      }
      if (this.state === 'open') throw localFailure(Alert.unexpectedMessage, `${HANDSHAKE_NAMES[type] ?? `handshake message ${type}`} after the handshake`);
      if (type === HandshakeType.finished && this.readProtection) this.serverFinishedSeen = true;
      this.deliver({ kind: 'handshake', type, body: raw.subarray(4), raw });
    }
  }

  private onAlert(plain: Buffer): void {
    if (plain.length !== 2) throw localFailure(Alert.decodeError, `alert record of ${plain.length} bytes`);
    const [level, description] = [plain[0]!, plain[1]!];
    if (description === Alert.closeNotify) {
      if (this.state === 'handshake') throw transportFailure(`the gateway ended the connection (close_notify) during the TLS handshake (${this.stage})`);
      this.closeNotifyReceived = true;
      if (!this.localClosed) this.sendAlert(1, Alert.closeNotify);
      this.state = 'closed';
      this.detach();
      this.push(null);
      this.closeTransport();
      return;
    }
    // Warnings that change nothing are ignored; every other alert ends the connection.
    if (level === 1 && (description === Alert.noRenegotiation || description === Alert.userCanceled)) return;
    const error = peerAlert(description, this.state === 'handshake' ? `during the TLS handshake (${this.stage})` : 'on the open connection');
    this.fail(error, null);
  }

  private onTransportEnd(): void {
    if (this.state === 'closed') return;
    if (this.state === 'handshake') {
      this.fail(transportFailure(`the gateway closed the connection during the TLS handshake (${this.stage})`), null);
      return;
    }
    // A close in the middle of a record: a cut-off record is an error, its bytes are never delivered.
    if (this.records.pending > 0) {
      this.fail(transportFailure(`the gateway closed the connection in the middle of a TLS record (${this.records.pending} bytes of it received)`), null);
      return;
    }
    // A TCP close without close_notify: the stream ends, `closeNotifyReceived` stays false (a truncation).
    this.state = 'closed';
    this.detach();
    this.push(null);
    this.closeTransport();
  }

  /** Ends the connection with an error: sends the failure's alert (or `alert`), closes, rejects the handshake. */
  private fail(error: Error, alert?: number | null): void {
    if (this.state === 'closed') return;
    const wasOpen = this.state === 'open';
    this.state = 'closed';
    this.failure = error;
    const toSend = alert === null ? undefined : (alert ?? (error instanceof TlsError && error.side === 'local' ? error.alert : undefined));
    if (toSend !== undefined) this.sendAlert(2, toSend);
    this.detach();
    this.closeTransport();
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(error);
    // Only an open stream has listeners for 'error'; a failed handshake is reported by connect().
    this.destroy(wasOpen ? error : undefined);
  }

  private detach(): void {
    this.socket.off('data', this.onSocketData);
    this.socket.off('end', this.onSocketEnd);
    this.socket.off('close', this.onSocketEnd);
    // Late errors of a socket that is going down must not become unhandled.
    this.socket.off('error', this.onSocketError);
    this.socket.on('error', () => undefined);
  }

  private closeTransport(): void {
    if (this.socket.destroyed || this.transportClosing) return;
    this.transportClosing = true;
    this.socket.end();
    // Whatever the peer does, the socket is gone shortly after.
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  override _read(): void {
    if (this.state === 'open' && (this.socket as Duplex & { isPaused?: () => boolean }).isPaused?.()) this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.state !== 'open') {
      callback(this.failure ?? transportFailure('the TLS connection is not open'));
      return;
    }
    try {
      this.socket.write(this.protect(ContentType.applicationData, chunk), callback);
    } catch (error) {
      callback(error instanceof Error ? error : new Error(String(error)));
    }
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.state === 'open' && !this.localClosed) {
      // close_notify, then half-close; the peer's close_notify (or its TCP close) ends the readable side.
      this.localClosed = true;
      this.sendAlert(1, Alert.closeNotify);
      this.socket.end();
      setTimeout(() => this.destroy(), 2000).unref();
    }
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.state !== 'closed') {
      this.state = 'closed';
      this.detach();
    }
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(error ?? transportFailure('the TLS connection was closed'));
    // A transport that is ending flushes its last alert first and is destroyed by closeTransport's timer.
    if (!this.socket.destroyed && !this.transportClosing) this.socket.destroy();
    callback(error);
  }
}

/**
 * One HTTP/1.1 keep-alive connection over TLS (TR-03116-3 profile), with certificate pinning.
 * Small on purpose: sequential requests, explicit Content-Length, chunked or length-delimited responses.
 * TCP and TLS are set up in two steps so that "unreachable" and "TLS refused" are told apart.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { X509Certificate } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { CancelledError } from '../api/errors';
import {
  CertificateChangedError,
  ConnectionLostError,
  HanTimeoutError,
  ProtocolError,
  TcpConnectFailedError,
  TlsConnectFailedError,
} from './errors';
import { fingerprintOf, normalizeFingerprint } from './fingerprint';
import type { ClientCredentials } from './client-certificate';
import { TR03116_CIPHERS, TR03116_GROUPS, TR03116_SIGALGS, maxTlsVersion } from './tls-profile';
import { MinimalTlsSocket } from './tls/minimal-tls-client';
import { openMinimalChannel, type SecureChannel, type TlsEngine } from './tls/secure-channel';
import { TlsError, TlsTimeoutError } from './tls/tls-error';

export interface TlsConnectOptions {
  host: string;
  port: number;
  /** Expected SHA-256 fingerprint; absent = trust on first use (the caller shows and stores `fingerprint`). */
  pin?: string;
  client?: ClientCredentials;
  connectTimeoutMs?: number;
  signal?: AbortSignal;
  /** Overrides of the profile (tests, gateways with quirks). */
  ciphers?: string;
  groups?: string;
  maxVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** 'minimal': this project's TLS 1.2 client (for gateways that refuse OpenSSL's ClientHello); default 'openssl'. */
  tls?: TlsEngine;
}

export interface HttpRequest {
  method: string;
  path: string;
  headers: [string, string][];
  body?: Buffer;
}

export interface HttpResponse {
  status: number;
  reason: string;
  /** Lower-case names → values in order of appearance. */
  headers: Map<string, string[]>;
  body: Buffer;
  keepAlive: boolean;
}

export function header(response: HttpResponse, name: string): string | undefined {
  return response.headers.get(name.toLowerCase())?.[0];
}

/** Raised when a reused keep-alive connection was closed before any response byte: safe to resend. */
export class StaleConnectionError extends ConnectionLostError {
  constructor() {
    super('keep-alive connection closed by the gateway / Keep-alive-Verbindung vom Gateway geschlossen');
  }
}

const TCP_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused / Verbindung abgelehnt',
  EHOSTUNREACH: 'host unreachable / Host nicht erreichbar',
  ENETUNREACH: 'network unreachable / Netz nicht erreichbar',
  ETIMEDOUT: 'no answer / keine Antwort',
  EADDRNOTAVAIL: 'address not available / Adresse nicht verfügbar',
  ENOTFOUND: 'name not found / Name nicht gefunden',
};

function abortable<T>(signal: AbortSignal | undefined, onAbort: () => void, run: (settle: { resolve: (v: T) => void; reject: (e: unknown) => void }) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      onAbort();
      reject(new CancelledError('Gateway read-out'));
      return;
    }
    const abort = (): void => {
      onAbort();
      reject(new CancelledError('Gateway read-out'));
    };
    signal?.addEventListener('abort', abort, { once: true });
    run({
      resolve: (v) => {
        signal?.removeEventListener('abort', abort);
        resolve(v);
      },
      reject: (e) => {
        signal?.removeEventListener('abort', abort);
        reject(e);
      },
    });
  });
}

async function connectTcp(options: TlsConnectOptions): Promise<Socket> {
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  let socket: Socket | undefined;
  return abortable<Socket>(
    options.signal,
    () => socket?.destroy(),
    ({ resolve, reject }) => {
      socket = netConnect({ host: options.host, port: options.port });
      const s = socket;
      const timer = setTimeout(() => {
        s.destroy();
        reject(new TcpConnectFailedError(options.host, options.port, `${TCP_ERRORS.ETIMEDOUT} (${timeoutMs} ms)`));
      }, timeoutMs);
      s.once('connect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        resolve(s);
      });
      s.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new TcpConnectFailedError(options.host, options.port, TCP_ERRORS[error.code ?? ''] ?? error.message, { cause: error }));
      });
    },
  );
}

export class HttpConnection {
  bytesIn = 0;
  bytesOut = 0;
  requests = 0;
  private closed = false;

  private readonly socket: Duplex;
  private readonly tcp: Socket;
  readonly peerCertificate: X509Certificate;

  private constructor(
    private readonly channel: SecureChannel,
    readonly fingerprint: string,
  ) {
    this.socket = channel.stream;
    this.tcp = channel.tcp;
    this.peerCertificate = channel.peerCertificate;
    this.tcp.on('close', () => {
      this.closed = true;
    });
    this.socket.on('close', () => {
      this.closed = true;
    });
    // Errors are delivered to the pending request; without one they only close the connection.
    this.socket.on('error', () => {
      this.closed = true;
    });
  }

  get isOpen(): boolean {
    return !this.closed && !this.socket.destroyed;
  }

  get protocol(): string {
    return this.channel.protocol;
  }

  get cipher(): string {
    return this.channel.cipher;
  }

  get ephemeralGroup(): string | undefined {
    return this.channel.group;
  }

  static async open(options: TlsConnectOptions): Promise<HttpConnection> {
    const expected = options.pin === undefined ? undefined : normalizeFingerprint(options.pin);
    if (options.pin !== undefined && !expected) throw new ProtocolError(`invalid fingerprint "${options.pin}" / ungültiger Fingerabdruck`);
    const tcp = await connectTcp(options);
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    if (options.tls === 'minimal') return HttpConnection.openMinimal(tcp, expected, options, timeoutMs);
    let tls: TLSSocket | undefined;
    return abortable<HttpConnection>(
      options.signal,
      () => {
        tls?.destroy();
        tcp.destroy();
      },
      ({ resolve, reject }) => {
        tls = tlsConnect({
          socket: tcp,
          // Gateways are addressed by IP: no SNI for IPs (a name is sent where one is configured).
          servername: isIP(options.host) ? '' : options.host,
          minVersion: 'TLSv1.2',
          maxVersion: options.maxVersion ?? maxTlsVersion(),
          ciphers: options.ciphers ?? TR03116_CIPHERS,
          ecdhCurve: options.groups ?? TR03116_GROUPS,
          sigalgs: TR03116_SIGALGS,
          // Self-signed gateway certificates: trust comes from the pinned fingerprint, checked below once
          // the handshake is done and before any byte of the request is written.
          rejectUnauthorized: false,
          checkServerIdentity: () => undefined,
          ...(options.client ? { key: options.client.key, cert: options.client.cert } : {}),
        });
        const s = tls;
        const timer = setTimeout(() => {
          s.destroy();
          tcp.destroy();
          reject(new HanTimeoutError('TLS handshake', timeoutMs));
        }, timeoutMs);
        s.once('secureConnect', () => {
          clearTimeout(timer);
          s.removeAllListeners('error');
          const x509 = s.getPeerX509Certificate();
          if (!x509) {
            s.destroy();
            tcp.destroy();
            reject(new TlsConnectFailedError('no server certificate / kein Server-Zertifikat'));
            return;
          }
          const actual = fingerprintOf(x509.raw);
          if (expected && expected !== actual) {
            s.destroy();
            tcp.destroy();
            reject(new CertificateChangedError(expected, actual));
            return;
          }
          resolve(new HttpConnection(nodeTlsChannel(s, tcp, x509), actual));
        });
        s.once('error', (error: Error) => {
          clearTimeout(timer);
          tcp.destroy();
          reject(new TlsConnectFailedError(error.message, { cause: error }));
        });
        s.once('close', () => {
          clearTimeout(timer);
          reject(new TlsConnectFailedError('connection closed during the handshake / Verbindung beim Handshake geschlossen'));
        });
      },
    );
  }

  /**
   * The gateway's certificate without logging in and without sending a client certificate: the minimal
   * client stops the handshake once the certificate arrived (works also where a client certificate is
   * required or OpenSSL's ClientHello is refused). For trust on first use.
   */
  static async probeCertificate(options: Pick<TlsConnectOptions, 'host' | 'port' | 'connectTimeoutMs' | 'signal'>): Promise<{ certificate: X509Certificate; fingerprint: string }> {
    const tcp = await connectTcp(options);
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    return abortable(
      options.signal,
      () => tcp.destroy(),
      ({ resolve, reject }) => {
        MinimalTlsSocket.probeServerCertificate({ socket: tcp, timeoutMs }).then(
          (probe) => resolve({ certificate: probe.peerCertificate, fingerprint: fingerprintOf(probe.peerCertificate.raw) }),
          (error: unknown) => {
            tcp.destroy();
            if (error instanceof TlsTimeoutError) reject(new HanTimeoutError('TLS handshake', timeoutMs));
            else reject(new TlsConnectFailedError(error instanceof Error ? error.message : String(error), { cause: error }));
          },
        );
      },
    );
  }

  private static openMinimal(tcp: Socket, expected: string | undefined, options: TlsConnectOptions, timeoutMs: number): Promise<HttpConnection> {
    let actual = '';
    return abortable<HttpConnection>(
      options.signal,
      () => tcp.destroy(),
      ({ resolve, reject }) => {
        openMinimalChannel(tcp, {
          verifyServerCertificate: (certificate) => {
            actual = fingerprintOf(certificate.raw);
            if (expected && expected !== actual) throw new CertificateChangedError(expected, actual);
          },
          // The client certificate goes only to the gateway whose certificate was pinned.
          ...(expected && options.client ? { client: options.client } : {}),
          ciphers: options.ciphers,
          groups: options.groups,
          timeoutMs,
        }).then(
          (channel) => resolve(new HttpConnection(channel, actual)),
          (error: unknown) => {
            tcp.destroy();
            if (error instanceof TlsTimeoutError) reject(new HanTimeoutError('TLS handshake', timeoutMs));
            else if (error instanceof TlsError) reject(new TlsConnectFailedError(error.message, { cause: error }));
            else reject(error);
          },
        );
      },
    );
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
    this.tcp.destroy();
  }

  /** Sends one request and reads the whole response; a cut-off response never resolves as complete. */
  request(request: HttpRequest, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<HttpResponse> {
    const socket = this.socket;
    const reused = this.requests > 0;
    this.requests++;
    const timeoutMs = options.timeoutMs ?? 60_000;
    if (!this.isOpen) return Promise.reject(reused ? new StaleConnectionError() : new ConnectionLostError('connection closed'));
    const lines = [`${request.method} ${request.path} HTTP/1.1`];
    for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
    if (request.body !== undefined || request.method === 'POST' || request.method === 'PUT') {
      lines.push(`Content-Length: ${request.body?.length ?? 0}`);
    }
    const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
    const parser = new ResponseParser(request.method === 'HEAD');
    return abortable<HttpResponse>(
      options.signal,
      () => this.close(),
      ({ resolve, reject }) => {
        let received = 0;
        const cleanup = (): void => {
          clearTimeout(timer);
          socket.off('data', onData);
          socket.off('close', onClose);
          socket.off('error', onError);
        };
        const onTimeout = (): void => {
          cleanup();
          this.close();
          reject(new HanTimeoutError(`${request.method} ${request.path}`, timeoutMs));
        };
        let timer = setTimeout(onTimeout, timeoutMs);
        const onData = (chunk: Buffer): void => {
          received += chunk.length;
          this.bytesIn += chunk.length;
          clearTimeout(timer);
          timer = setTimeout(onTimeout, timeoutMs);
          let response: HttpResponse | undefined;
          try {
            response = parser.push(chunk);
          } catch (error) {
            cleanup();
            this.close();
            reject(error);
            return;
          }
          if (response) {
            cleanup();
            if (!response.keepAlive) this.close();
            resolve(response);
          }
        };
        const onClose = (): void => {
          cleanup();
          this.closed = true;
          // A close-delimited body is complete only when the gateway ended TLS properly (close_notify).
          const response = this.channel.closedCleanly() === false ? undefined : parser.end();
          if (response) resolve(response);
          else if (received === 0 && reused) reject(new StaleConnectionError());
          else reject(new ConnectionLostError(`${request.method} ${request.path}: ${received} bytes received, response incomplete`));
        };
        const onError = (): void => {
          // 'close' follows and decides.
        };
        socket.on('data', onData);
        socket.on('close', onClose);
        socket.on('error', onError);
        this.bytesOut += head.length + (request.body?.length ?? 0);
        socket.write(request.body ? Buffer.concat([head, request.body]) : head);
      },
    );
  }
}

function nodeTlsChannel(socket: TLSSocket, tcp: Socket, peerCertificate: X509Certificate): SecureChannel {
  const key = socket.getEphemeralKeyInfo();
  return {
    stream: socket,
    tcp,
    peerCertificate,
    protocol: socket.getProtocol() ?? '',
    cipher: socket.getCipher().standardName ?? socket.getCipher().name,
    group: key && 'name' in key ? key.name : undefined,
    closedCleanly: () => undefined,
  };
}

/** Larger answers are refused: no gateway response comes near it (a 31-day window is about 2 MB). */
export const MAX_RESPONSE_BODY = 256 * 1024 * 1024;

/** Incremental HTTP/1.1 response parser (Content-Length, chunked, or close-delimited bodies). */
class ResponseParser {
  private buffer: Buffer = Buffer.alloc(0);
  private head: { status: number; reason: string; headers: Map<string, string[]>; keepAlive: boolean } | undefined;
  private mode: 'length' | 'chunked' | 'close' | 'none' = 'none';
  private length = 0;
  private chunks: Buffer[] = [];
  private chunkRemaining = -1;
  private chunkTotal = 0;
  private done = false;

  constructor(private readonly headRequest: boolean) {}

  push(data: Buffer): HttpResponse | undefined {
    if (this.head && (this.mode === 'length' || this.mode === 'close')) {
      // Large bodies arrive in many TLS records: collect them and join once (no quadratic copying).
      this.bodyChunks.push(data);
      this.bodyLength += data.length;
      if (this.bodyLength > MAX_RESPONSE_BODY + 2) throw new ProtocolError(`response body over ${MAX_RESPONSE_BODY} bytes`);
      return this.mode === 'length' ? this.completeLength() : undefined;
    }
    this.buffer = this.buffer.length === 0 ? data : Buffer.concat([this.buffer, data]);
    return this.advance();
  }

  /** At connection close: only a close-delimited body is complete now. */
  end(): HttpResponse | undefined {
    if (this.head && this.mode === 'close' && !this.done) {
      this.done = true;
      return this.finish(Buffer.concat(this.bodyChunks));
    }
    return undefined;
  }

  private bodyChunks: Buffer[] = [];
  private bodyLength = 0;

  private completeLength(): HttpResponse | undefined {
    if (this.bodyLength < this.length) return undefined;
    this.done = true;
    const all = this.bodyChunks.length === 1 ? this.bodyChunks[0]! : Buffer.concat(this.bodyChunks, this.bodyLength);
    return this.finish(all.subarray(0, this.length));
  }

  private advance(): HttpResponse | undefined {
    for (;;) {
      if (!this.head) {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end < 0) {
          if (this.buffer.length > 64 * 1024) throw new ProtocolError('response header too large');
          return undefined;
        }
        const text = this.buffer.subarray(0, end).toString('latin1');
        this.buffer = this.buffer.subarray(end + 4);
        const [statusLine = '', ...headerLines] = text.split('\r\n');
        const m = /^HTTP\/(1\.[01]) (\d{3})(?: (.*))?$/.exec(statusLine);
        if (!m) throw new ProtocolError(`not an HTTP/1.1 response: "${statusLine.slice(0, 60)}"`);
        const headers = new Map<string, string[]>();
        for (const line of headerLines) {
          const colon = line.indexOf(':');
          if (colon <= 0) continue;
          const name = line.slice(0, colon).trim().toLowerCase();
          const list = headers.get(name) ?? [];
          list.push(line.slice(colon + 1).trim());
          headers.set(name, list);
        }
        const status = Number(m[2]);
        if (status >= 100 && status < 200) continue;
        const connection = (headers.get('connection')?.join(',') ?? '').toLowerCase();
        const keepAlive = m[1] === '1.1' ? !connection.includes('close') : connection.includes('keep-alive');
        this.head = { status, reason: m[3] ?? '', headers, keepAlive };
        const te = (headers.get('transfer-encoding')?.join(',') ?? '').toLowerCase();
        const cl = headers.get('content-length')?.[0];
        if (this.headRequest || status === 204 || status === 304) {
          this.mode = 'length';
          this.length = 0;
        } else if (te.includes('chunked')) this.mode = 'chunked';
        else if (cl !== undefined) {
          if (!/^\d+$/.test(cl)) throw new ProtocolError(`bad Content-Length "${cl}"`);
          if (Number(cl) > MAX_RESPONSE_BODY) throw new ProtocolError(`response body of ${cl} bytes announced (limit ${MAX_RESPONSE_BODY})`);
          this.mode = 'length';
          this.length = Number(cl);
        } else {
          this.mode = 'close';
          this.head.keepAlive = false;
        }
      }
      if (this.mode === 'length' || this.mode === 'close') {
        this.bodyChunks = this.buffer.length > 0 ? [this.buffer] : [];
        this.bodyLength = this.buffer.length;
        this.buffer = Buffer.alloc(0);
        return this.mode === 'length' ? this.completeLength() : undefined;
      }
      // chunked
      for (;;) {
        if (this.chunkRemaining < 0) {
          const eol = this.buffer.indexOf('\r\n');
          if (eol < 0) return undefined;
          const size = parseInt(this.buffer.subarray(0, eol).toString('latin1').split(';')[0]!.trim(), 16);
          if (!Number.isFinite(size)) throw new ProtocolError('bad chunk size');
          this.buffer = this.buffer.subarray(eol + 2);
          if (size === 0) {
            const trailerEnd = this.buffer.indexOf('\r\n');
            if (trailerEnd < 0) return undefined;
            this.done = true;
            return this.finish(Buffer.concat(this.chunks));
          }
          this.chunkTotal += size;
          if (this.chunkTotal > MAX_RESPONSE_BODY) throw new ProtocolError(`response body over ${MAX_RESPONSE_BODY} bytes (limit)`);
          this.chunkRemaining = size;
        }
        if (this.buffer.length < this.chunkRemaining + 2) return undefined;
        this.chunks.push(this.buffer.subarray(0, this.chunkRemaining));
        this.buffer = this.buffer.subarray(this.chunkRemaining + 2);
        this.chunkRemaining = -1;
      }
    }
  }

  private finish(body: Buffer): HttpResponse {
    const head = this.head!;
    return { status: head.status, reason: head.reason, headers: head.headers, keepAlive: head.keepAlive, body };
  }
}

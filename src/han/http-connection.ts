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
import { ResponseParser, type HttpResponse } from './http-response-parser';

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
  /**
   * 'minimal': this project's TLS 1.2 client (for gateways that refuse OpenSSL's ClientHello); default
   * 'openssl'. With a client certificate always 'minimal': only it checks the pin before sending one.
   */
  tls?: TlsEngine;
}

export interface HttpRequest {
  method: string;
  path: string;
  headers: [string, string][];
  body?: Buffer;
}

export type { HttpResponse } from './http-response-parser';
export { MAX_RESPONSE_BODY } from './http-response-parser';

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

async function connectTcp(options: Pick<TlsConnectOptions, 'host' | 'port' | 'connectTimeoutMs' | 'signal'>): Promise<Socket> {
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  let socket: Socket | undefined;
  let timer: NodeJS.Timeout | undefined;
  return abortable<Socket>(
    options.signal,
    () => {
      clearTimeout(timer);
      socket?.destroy();
    },
    ({ resolve, reject }) => {
      socket = netConnect({ host: options.host, port: options.port });
      const s = socket;
      timer = setTimeout(() => {
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

/** Whether the gateway's port accepts a TCP connection (closed again at once; the connection test's first step). */
export async function checkTcp(options: Pick<TlsConnectOptions, 'host' | 'port' | 'connectTimeoutMs' | 'signal'>): Promise<void> {
  (await connectTcp(options)).destroy();
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

  /** The TLS client that carries this connection (OpenSSL, or this project's TLS 1.2 client). */
  get engine(): TlsEngine {
    return this.channel.engine;
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
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    // The client certificate goes only to the pinned gateway. Node's TLS client completes the handshake
    // (client Certificate included, in clear under TLS 1.2) before it lets anyone look at the server's
    // certificate, even with rejectUnauthorized and `ca` (it checks after the handshake). This project's
    // TLS 1.2 client checks the pin when the server's Certificate arrives, before it sends the client
    // certificate, and withholds it without a pin: with a client certificate it carries the connection.
    if (options.tls === 'minimal' || options.client) return HttpConnection.openMinimal(await connectTcp(options), expected, options, timeoutMs);
    return HttpConnection.openOpenSsl(await connectTcp(options), expected, options, timeoutMs);
  }

  private static openOpenSsl(tcp: Socket, expected: string | undefined, options: Omit<TlsConnectOptions, 'client'>, timeoutMs: number): Promise<HttpConnection> {
    let tls: TLSSocket | undefined;
    let timer: NodeJS.Timeout | undefined;
    return abortable<HttpConnection>(
      options.signal,
      () => {
        clearTimeout(timer);
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
          // the handshake is done and before any byte of the request is written. Never a client
          // certificate here (see open).
          rejectUnauthorized: false,
          checkServerIdentity: () => undefined,
        });
        const s = tls;
        timer = setTimeout(() => {
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
        let failure: Error | undefined;
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
          // A close-delimited body is complete only when the connection ended in order: not after a
          // reset or another socket error, and on the minimal TLS client only after close_notify.
          const response = failure || this.channel.closedCleanly() === false ? undefined : parser.end();
          if (response) resolve(response);
          else if (received === 0 && reused) reject(new StaleConnectionError());
          else {
            const why = failure ? ` (${(failure as NodeJS.ErrnoException).code ?? failure.message})` : '';
            reject(new ConnectionLostError(`${request.method} ${request.path}: ${received} bytes received, response incomplete${why}`, failure ? { cause: failure } : undefined));
          }
        };
        const onError = (error: Error): void => {
          // 'close' follows and decides; the error makes a close-delimited body incomplete.
          failure = error;
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
    engine: 'openssl',
  };
}

/**
 * The session with one gateway: a keep-alive connection, Digest state, cookie jar, Host header,
 * timeouts, cancellation and bounded retries with backoff. Never retries a refused login (lock-outs).
 */
import { CancelledError } from '../api/errors';
import type { ClientCredentials } from './client-certificate';
import { CookieJar } from './cookie-jar';
import { DigestClient } from './digest';
import { AuthenticationFailedError, ConnectionLostError, HanTimeoutError, ProtocolError, TcpConnectFailedError } from './errors';
import { HttpConnection, StaleConnectionError, header, type HttpResponse } from './http-connection';
import type { TlsEngine } from './tls/secure-channel';

export interface GatewayClientOptions {
  host: string;
  port: number;
  pin?: string;
  user?: string;
  password?: string;
  client?: ClientCredentials;
  /** Host header value when the gateway expects a particular one (EMH: its IP or smgw.local). */
  hostHeader?: string;
  /** Answer Digest challenges with MD5 even when SHA-256 is offered (Theben firmware 3.87). */
  forceMd5?: boolean;
  /** TLS engine: Node's OpenSSL (default) or the minimal client for gateways that refuse OpenSSL's ClientHello. */
  tls?: TlsEngine;
  /** The session lives in a cookie that outlasts the connection (PPC): keep it when a connection is replaced. */
  sessionOutlivesConnection?: boolean;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /**
   * The timeout of one request where it differs from requestTimeoutMs (undefined: that one), asked before each
   * attempt. Lets a caller give one kind of request its own bound, e.g. a test that stalls only some answers.
   */
  requestTimeoutFor?: (request: { method: string; path: string; body?: Buffer }) => number | undefined;
  /** Further attempts after a transient failure (unreachable, dropped connection, timeout). */
  retries?: number;
  backoffMs?: number;
  signal?: AbortSignal;
  /** Observes every exchange (for tests and diagnostics). */
  onExchange?: (method: string, path: string, response: HttpResponse, requestBody?: Buffer) => void;
}

export interface GatewayClientStats {
  requests: number;
  connections: number;
  bytesIn: number;
  bytesOut: number;
  /** Time spent waiting for the network and the gateway (connects and request round trips). */
  waitMs: number;
}

export interface RequestOptions {
  body?: Buffer | string;
  contentType?: string;
  headers?: [string, string][];
  /** Reads are safe to resend after a dropped connection; actions with side effects are not. */
  idempotent?: boolean;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError('Gateway read-out'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CancelledError('Gateway read-out'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Lock-out time in seconds from Retry-After, a JSON field or the German portal text. */
export function lockoutSeconds(response: HttpResponse): number | undefined {
  const retryAfter = header(response, 'retry-after');
  if (retryAfter && /^\d+$/.test(retryAfter)) return Number(retryAfter);
  const text = response.body.toString('utf8');
  const m = /(\d+)\s*Minuten?\s*(?:und\s*(\d+)\s*Sekunden?)?/i.exec(text);
  if (m && /gesperrt|locked/i.test(text)) return Number(m[1]) * 60 + Number(m[2] ?? 0);
  return undefined;
}

export class GatewayClient {
  readonly cookies = new CookieJar();
  private readonly totals: GatewayClientStats = { requests: 0, connections: 0, bytesIn: 0, bytesOut: 0, waitMs: 0 };
  private connection: HttpConnection | undefined;
  private readonly digest: DigestClient | undefined;
  /** Fingerprint seen at the first connection; later connections must present the same certificate. */
  fingerprint: string | undefined;

  constructor(readonly options: GatewayClientOptions) {
    if (options.user !== undefined && options.password !== undefined) {
      this.digest = new DigestClient({ user: options.user, password: options.password }, { forceMd5: options.forceMd5 });
    }
    this.fingerprint = options.pin;
  }

  /** Transfer figures so far, including the open connection. */
  get stats(): GatewayClientStats {
    const c = this.connection;
    return { ...this.totals, bytesIn: this.totals.bytesIn + (c?.bytesIn ?? 0), bytesOut: this.totals.bytesOut + (c?.bytesOut ?? 0) };
  }

  /** Certificate and TLS parameters of the latest connection (kept after it closes). */
  peerCertificate: HttpConnection['peerCertificate'] | undefined;
  tlsInfo: { protocol: string; cipher: string; group?: string } | undefined;

  get digestAlgorithm(): string | undefined {
    return this.digest?.algorithm;
  }

  private async openConnection(): Promise<HttpConnection> {
    if (this.connection?.isOpen) return this.connection;
    this.closeConnection();
    const started = performance.now();
    try {
      this.connection = await HttpConnection.open({
        host: this.options.host,
        port: this.options.port,
        pin: this.fingerprint,
        client: this.options.client,
        ...(this.options.tls ? { tls: this.options.tls } : {}),
        connectTimeoutMs: this.options.connectTimeoutMs,
        signal: this.options.signal,
      });
    } finally {
      this.totals.waitMs += performance.now() - started;
    }
    const c = this.connection;
    this.totals.connections++;
    this.fingerprint ??= c.fingerprint;
    this.peerCertificate = c.peerCertificate;
    this.tlsInfo = { protocol: c.protocol, cipher: c.cipher, group: c.ephemeralGroup };
    return c;
  }

  /** Opens the TLS connection now (to show the fingerprint before anything else is sent). */
  async connect(): Promise<void> {
    await this.openConnection();
  }

  private closeConnection(): void {
    const c = this.connection;
    if (!c) return;
    this.totals.bytesIn += c.bytesIn;
    this.totals.bytesOut += c.bytesOut;
    c.close();
    this.connection = undefined;
  }

  close(): void {
    this.closeConnection();
  }

  private hostHeader(): string {
    if (this.options.hostHeader) return this.options.hostHeader;
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return this.options.port === 443 ? host : `${host}:${this.options.port}`;
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const retries = this.options.retries ?? 2;
    const backoff = this.options.backoffMs ?? 300;
    const body = typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : options.body;
    const idempotent = options.idempotent ?? true;
    let transientFailures = 0;
    let authRounds = 0;
    let staleResends = 0;
    for (;;) {
      if (this.options.signal?.aborted) throw new CancelledError('Gateway read-out');
      let response: HttpResponse;
      try {
        const connection = await this.openConnection();
        const headers: [string, string][] = [
          ['Host', this.hostHeader()],
          ['User-Agent', 'TRuDI-next'],
          ['Accept', '*/*'],
          ['Connection', 'keep-alive'],
        ];
        const cookie = this.cookies.header();
        if (cookie) headers.push(['Cookie', cookie]);
        const authorization = this.digest?.authorize(method, path);
        if (authorization) headers.push(['Authorization', authorization]);
        if (options.contentType) headers.push(['Content-Type', options.contentType]);
        headers.push(...(options.headers ?? []));
        const started = performance.now();
        try {
          this.totals.requests++;
          response = await connection.request({ method, path, headers, body }, { signal: this.options.signal, timeoutMs: this.options.requestTimeoutFor?.({ method, path, body }) ?? this.options.requestTimeoutMs });
        } finally {
          this.totals.waitMs += performance.now() - started;
        }
      } catch (error) {
        if (error instanceof StaleConnectionError && staleResends < 2) {
          // The gateway closed an idle keep-alive connection (Theben: 10 min); a new one starts a new session.
          staleResends++;
          this.digest?.reset();
          if (!this.options.sessionOutlivesConnection) this.cookies.clear();
          continue;
        }
        const transient =
          error instanceof TcpConnectFailedError ||
          ((error instanceof ConnectionLostError || error instanceof HanTimeoutError) && idempotent);
        if (transient && transientFailures < retries) {
          transientFailures++;
          this.closeConnection();
          await sleep(backoff * 2 ** (transientFailures - 1), this.options.signal);
          continue;
        }
        throw error;
      }
      this.options.onExchange?.(method, path, response, body);
      this.cookies.store(response.headers.get('set-cookie'));
      if (response.status === 401) {
        const locked = lockoutSeconds(response);
        if (locked !== undefined) throw new AuthenticationFailedError(locked);
        const challenges = response.headers.get('www-authenticate') ?? [];
        if (!this.digest) {
          throw new AuthenticationFailedError(undefined, this.options.client ? 'client certificate not accepted / Client-Zertifikat nicht akzeptiert' : 'password needed / Passwort erforderlich');
        }
        const verdict = this.digest.accept(challenges);
        if (verdict === 'unsupported') throw new ProtocolError('401 without a usable Digest challenge / 401 ohne verwendbare Digest-Aufforderung');
        if (verdict === 'rejected' || authRounds >= 2) {
          this.digest.reset();
          throw new AuthenticationFailedError();
        }
        authRounds++;
        continue;
      }
      if (response.status === 403 || response.status === 423 || response.status === 429) {
        const locked = lockoutSeconds(response);
        if (locked !== undefined) throw new AuthenticationFailedError(locked);
      }
      return response;
    }
  }
}

/** Small helpers shared by the simulated vendor protocols. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { DigestAuthority, SimUser } from './digest-authority';
import type { GatewayDataset } from './dataset';

export interface SimFaults {
  /** Cut the response after half its body (Content-Length still announces all of it) when this returns true. */
  truncateResponse?: (request: { method: string; path: string; body: string; index: number }) => boolean;
  /** Theben smgw-info reports this PEM as its HAN certificate instead of the one TLS presents. */
  reportedHanCertificatePem?: string;
  /**
   * Misbehaviour for a request: `corrupt` (the body's bytes scrambled, same length), `status` (HTTP 500
   * instead of the answer), `stall` (never answer), `reset` (close the connection without an answer).
   */
  fault?: (request: { method: string; path: string; body: string; index: number }) => 'corrupt' | 'status' | 'stall' | 'reset' | undefined;
  /** Answer this body instead of the real one (status and headers kept), e.g. a gateway repeating a page. */
  replaceBody?: (request: { method: string; path: string; body: string; index: number }, answer: Buffer) => string | Buffer | undefined;
}

export interface SimContext {
  dataset: GatewayDataset;
  auth: DigestAuthority;
  hanCertificatePem: string;
  faults: SimFaults;
  windowDays: number;
  logLimit: number;
  selfTestCooldownMs: number;
  /** Accepted Host header names (EMH): listen address and smgw.local. */
  expectedHosts: string[];
  state: { requests: number; lastSelfTest: number; logins: number };
}

export interface SimExchange {
  req: IncomingMessage;
  res: ServerResponse;
  body: Buffer;
  path: string;
  /** User authenticated by a client certificate, if any. */
  certificateUser?: SimUser;
}

export function iso(t: number): string {
  return new Date(t).toISOString().replace('.000Z', 'Z');
}

export function send(ctx: SimContext, ex: SimExchange, status: number, body: string | Buffer, headers: Record<string, string | string[]> = {}): void {
  const index = ctx.state.requests;
  const original = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const replaced = ctx.faults.replaceBody?.({ method: ex.req.method ?? '', path: ex.req.url ?? ex.path, body: ex.body.toString('utf8'), index }, original) ?? original;
  const bytes = typeof replaced === 'string' ? Buffer.from(replaced, 'utf8') : replaced;
  const fault = ctx.faults.fault?.({ method: ex.req.method ?? '', path: ex.req.url ?? ex.path, body: ex.body.toString('utf8'), index });
  if (fault === 'stall') return;
  if (fault === 'reset') {
    ex.req.socket.destroy();
    return;
  }
  if (fault === 'status') {
    ex.res.writeHead(500, { 'Content-Type': 'text/plain', 'Content-Length': '21' });
    ex.res.end('Internal Server Error');
    return;
  }
  if (fault === 'corrupt') {
    const scrambled = Buffer.from(bytes);
    for (let i = 0; i < scrambled.length; i += 7) scrambled[i] = (scrambled[i]! * 31 + 17) & 0xff;
    ex.res.writeHead(status, { 'Content-Length': String(scrambled.length), ...headers });
    ex.res.end(scrambled);
    return;
  }
  const all: Record<string, string | string[]> = { 'Content-Length': String(bytes.length), ...headers };
  ex.res.writeHead(status, all);
  if (ctx.faults.truncateResponse?.({ method: ex.req.method ?? '', path: ex.req.url ?? ex.path, body: ex.body.toString('utf8'), index })) {
    ex.res.write(bytes.subarray(0, bytes.length >> 1), () => (ex.req.socket as TLSSocket).destroy());
    return;
  }
  ex.res.end(bytes);
}

export function sendJson(ctx: SimContext, ex: SimExchange, status: number, value: unknown, headers: Record<string, string | string[]> = {}): void {
  send(ctx, ex, status, JSON.stringify(value), { 'Content-Type': 'application/json', ...headers });
}

/** Digest or client certificate; answers 401/403 itself and returns undefined when not authenticated. */
export function authenticate(ctx: SimContext, ex: SimExchange): SimUser | undefined {
  if (ex.certificateUser) {
    ctx.state.logins++;
    return ex.certificateUser;
  }
  const lockedMs = ctx.auth.lockedMs();
  const verdict = lockedMs > 0 ? ({ ok: false, lockedMs } as const) : ctx.auth.verify(ex.req.method ?? 'GET', ex.req.url ?? '', ex.req.headers.authorization);
  if (verdict.ok) {
    ctx.state.logins++;
    return verdict.user;
  }
  if ('lockedMs' in verdict) {
    const seconds = Math.ceil(verdict.lockedMs / 1000);
    const text = `Das Portal ist für ${Math.floor(seconds / 60)} Minuten und ${seconds % 60} Sekunden gesperrt`;
    sendJson(ctx, ex, 403, { error: 'locked', message: text, 'retry-after': seconds }, { 'Retry-After': String(seconds) });
    return undefined;
  }
  send(ctx, ex, 401, 'Unauthorized', { 'WWW-Authenticate': ctx.auth.challenges(verdict.stale), 'Content-Type': 'text/plain' });
  return undefined;
}

export function dlmsUnit(uom: number): number {
  // espi uom → DLMS unit: 72 Wh → 30, 38 W → 27, 42 m³ → 13, 29 V → 35, 5 A → 33
  return ({ 72: 30, 38: 27, 42: 13, 29: 35, 5: 33 } as Record<number, number>)[uom] ?? 255;
}

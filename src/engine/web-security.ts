/**
 * The local web mode's gatekeeping, as pure functions: a random per-launch token and an Origin check,
 * so that neither another local process without the token nor a web page from elsewhere can use the API.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenMatches(expected: string, presented: string | undefined | null): boolean {
  if (!presented) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  return match?.[1];
}

/** The origins the page can have: the port we bound, under both loopback names. */
export function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/**
 * An Origin header, when present, must be exactly one of our own origins. The allowed origins come from the
 * port we bound, never from the request's Host header (which an attacker's DNS-rebound page controls).
 * Requests without Origin (non-browser clients) still need the token.
 */
export function originAllowed(origin: string | undefined, own: string | readonly string[]): boolean {
  if (origin === undefined) return true;
  return typeof own === 'string' ? origin === own : own.includes(origin);
}

/**
 * The Host header must name us: `127.0.0.1:PORT` or `localhost:PORT` (case-insensitive name). Anything else
 * is a page reached under a foreign name (DNS rebinding) or a misdirected request, refused before any work.
 */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const value = host.toLowerCase();
  return value === `127.0.0.1:${port}` || value === `localhost:${port}`;
}

export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Resolves a URL path inside the static root; undefined for anything that would leave it. */
export function staticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.')) return undefined;
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');
  return `${root.replace(/\/+$/, '')}/${relative}`;
}

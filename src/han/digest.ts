/**
 * HTTP Digest access authentication (RFC 7616, compatible with RFC 2617): challenge parsing, response
 * computation and a per-connection client state (nonce count, cnonce, opaque echo, stale re-challenge).
 */
import { createHash, randomBytes } from 'node:crypto';

export type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess';

export interface DigestChallenge {
  realm: string;
  nonce: string;
  algorithm: DigestAlgorithm;
  qop: string[];
  opaque?: string;
  stale: boolean;
  userhash: boolean;
}

export interface DigestCredentials {
  user: string;
  password: string;
}

/** Splits WWW-Authenticate header values into challenges (scheme + parameters). */
export function parseAuthenticateHeaders(values: readonly string[]): { scheme: string; params: Map<string, string> }[] {
  const out: { scheme: string; params: Map<string, string> }[] = [];
  for (const value of values) {
    let i = 0;
    let current: { scheme: string; params: Map<string, string> } | undefined;
    const n = value.length;
    while (i < n) {
      while (i < n && (value[i] === ' ' || value[i] === ',' || value[i] === '\t')) i++;
      if (i >= n) break;
      const tokenStart = i;
      while (i < n && /[!#$%&'*+.^_`|~0-9A-Za-z-]/.test(value[i]!)) i++;
      const token = value.slice(tokenStart, i);
      if (!token) {
        i++;
        continue;
      }
      let j = i;
      while (j < n && value[j] === ' ') j++;
      if (value[j] === '=') {
        i = j + 1;
        while (i < n && value[i] === ' ') i++;
        let paramValue: string;
        if (value[i] === '"') {
          i++;
          let s = '';
          while (i < n && value[i] !== '"') {
            if (value[i] === '\\' && i + 1 < n) i++;
            s += value[i];
            i++;
          }
          i++;
          paramValue = s;
        } else {
          const vs = i;
          while (i < n && value[i] !== ',' && value[i] !== ' ') i++;
          paramValue = value.slice(vs, i);
        }
        current?.params.set(token.toLowerCase(), paramValue);
      } else {
        current = { scheme: token, params: new Map() };
        out.push(current);
      }
    }
  }
  return out;
}

const ALGORITHMS: Record<string, DigestAlgorithm> = {
  'md5': 'MD5',
  'md5-sess': 'MD5-sess',
  'sha-256': 'SHA-256',
  'sha-256-sess': 'SHA-256-sess',
};

/** The Digest challenges among the WWW-Authenticate values (unknown algorithms are dropped). */
export function parseDigestChallenges(values: readonly string[]): DigestChallenge[] {
  const result: DigestChallenge[] = [];
  for (const { scheme, params } of parseAuthenticateHeaders(values)) {
    if (scheme.toLowerCase() !== 'digest') continue;
    const algorithm = ALGORITHMS[(params.get('algorithm') ?? 'MD5').toLowerCase()];
    const nonce = params.get('nonce');
    if (!algorithm || nonce === undefined) continue;
    const challenge: DigestChallenge = {
      realm: params.get('realm') ?? '',
      nonce,
      algorithm,
      qop: (params.get('qop') ?? '').split(',').map((q) => q.trim()).filter(Boolean),
      stale: (params.get('stale') ?? '').toLowerCase() === 'true',
      userhash: (params.get('userhash') ?? '').toLowerCase() === 'true',
    };
    const opaque = params.get('opaque');
    if (opaque !== undefined) challenge.opaque = opaque;
    result.push(challenge);
  }
  return result;
}

/** Picks the strongest supported challenge; `forceMd5` for gateways that offer SHA-256 but only accept MD5. */
export function chooseChallenge(challenges: readonly DigestChallenge[], forceMd5 = false): DigestChallenge | undefined {
  const rank = (a: DigestAlgorithm): number => (a.startsWith('SHA-256') ? 2 : 1);
  const usable = challenges.filter((c) => !forceMd5 || c.algorithm.startsWith('MD5'));
  const pool = usable.length > 0 ? usable : forceMd5 ? challenges.map((c) => ({ ...c, algorithm: 'MD5' as const })) : [];
  return [...pool].sort((a, b) => rank(b.algorithm) - rank(a.algorithm))[0];
}

function hashOf(algorithm: DigestAlgorithm): (s: string) => string {
  const name = algorithm.startsWith('SHA-256') ? 'sha256' : 'md5';
  return (s) => createHash(name).update(s, 'utf8').digest('hex');
}

export interface DigestResponseInput {
  algorithm: DigestAlgorithm;
  user: string;
  password: string;
  realm: string;
  nonce: string;
  method: string;
  uri: string;
  /** 'auth' or undefined (RFC 2069 compatibility). */
  qop?: string;
  nc?: string;
  cnonce?: string;
}

/** The `response` value of RFC 7616 section 3.4.1. */
export function computeDigestResponse(input: DigestResponseInput): string {
  const h = hashOf(input.algorithm);
  let ha1 = h(`${input.user}:${input.realm}:${input.password}`);
  if (input.algorithm.endsWith('-sess')) ha1 = h(`${ha1}:${input.nonce}:${input.cnonce ?? ''}`);
  const ha2 = h(`${input.method}:${input.uri}`);
  if (input.qop) return h(`${ha1}:${input.nonce}:${input.nc ?? ''}:${input.cnonce ?? ''}:${input.qop}:${ha2}`);
  return h(`${ha1}:${input.nonce}:${ha2}`);
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Digest state for one gateway: answers challenges and signs every following request (nc counts up). */
export class DigestClient {
  private challenge: DigestChallenge | undefined;
  private nonceCount = 0;

  constructor(
    private readonly credentials: DigestCredentials,
    private readonly options: { forceMd5?: boolean; cnonce?: () => string } = {},
  ) {}

  get hasChallenge(): boolean {
    return this.challenge !== undefined;
  }

  get algorithm(): DigestAlgorithm | undefined {
    return this.challenge?.algorithm;
  }

  /**
   * Takes a 401's WWW-Authenticate values. Returns 'retry' when a new (or stale) nonce makes another
   * attempt meaningful, 'rejected' when the same credentials were already refused for a fresh nonce.
   */
  accept(values: readonly string[]): 'retry' | 'rejected' | 'unsupported' {
    const chosen = chooseChallenge(parseDigestChallenges(values), this.options.forceMd5);
    if (!chosen) return 'unsupported';
    const hadChallenge = this.challenge !== undefined;
    this.challenge = chosen;
    this.nonceCount = 0;
    return !hadChallenge || chosen.stale ? 'retry' : 'rejected';
  }

  /** Forgets the nonce (e.g. after the gateway dropped the session). */
  reset(): void {
    this.challenge = undefined;
    this.nonceCount = 0;
  }

  /** The Authorization header for this request, or undefined before the first challenge. */
  authorize(method: string, uri: string): string | undefined {
    const c = this.challenge;
    if (!c) return undefined;
    const qop = c.qop.includes('auth') ? 'auth' : undefined;
    this.nonceCount++;
    const nc = this.nonceCount.toString(16).padStart(8, '0');
    const cnonce = this.options.cnonce?.() ?? randomBytes(16).toString('hex');
    const { user, password } = this.credentials;
    const response = computeDigestResponse({ algorithm: c.algorithm, user, password, realm: c.realm, nonce: c.nonce, method, uri, qop, nc, cnonce });
    const username = c.userhash ? hashOf(c.algorithm)(`${user}:${c.realm}`) : user;
    const parts = [
      `username=${quote(username)}`,
      `realm=${quote(c.realm)}`,
      `nonce=${quote(c.nonce)}`,
      `uri=${quote(uri)}`,
      `algorithm=${c.algorithm}`,
      `response=${quote(response)}`,
    ];
    if (c.opaque !== undefined) parts.push(`opaque=${quote(c.opaque)}`);
    if (qop) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce=${quote(cnonce)}`);
    if (c.userhash) parts.push('userhash=true');
    return `Digest ${parts.join(', ')}`;
  }
}

/** Server side (simulator): parses an Authorization header into its parameters. */
export function parseAuthorization(header: string | undefined): Map<string, string> | undefined {
  if (!header) return undefined;
  const [first] = parseAuthenticateHeaders([header]);
  if (!first || first.scheme.toLowerCase() !== 'digest') return undefined;
  return first.params;
}

/**
 * Server side of HTTP Digest for the simulator: nonces with idle expiry (stale=true), nc replay check,
 * algorithms offered vs. accepted (Theben offers SHA-256 but accepts only MD5), lock-out after failures.
 */
import { randomBytes } from 'node:crypto';
import { computeDigestResponse, parseAuthorization, type DigestAlgorithm } from '../../han/digest';

export interface SimUser {
  name: string;
  password?: string;
  /** Common name of a client certificate that logs this user in without a password. */
  certificateCommonName?: string;
}

export interface DigestAuthorityOptions {
  realm: string;
  users: SimUser[];
  offered: DigestAlgorithm[];
  accepted: DigestAlgorithm[];
  idleTimeoutMs: number;
  maxFailures: number;
  lockMs: number;
  now?: () => number;
}

export type AuthVerdict =
  | { ok: true; user: SimUser }
  | { ok: false; stale: boolean }
  | { ok: false; lockedMs: number };

export class DigestAuthority {
  private readonly nonces = new Map<string, { lastUsed: number; lastNc: number }>();
  private failures = 0;
  private lockedUntil = 0;
  readonly now: () => number;

  constructor(readonly options: DigestAuthorityOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Remaining lock-out time in ms (0 when not locked). */
  lockedMs(): number {
    return Math.max(0, this.lockedUntil - this.now());
  }

  challenges(stale = false): string[] {
    const nonce = randomBytes(24).toString('base64url');
    this.nonces.set(nonce, { lastUsed: this.now(), lastNc: 0 });
    const opaque = 'c2ltdWxhdG9y';
    return this.options.offered.map(
      (algorithm) => `Digest realm="${this.options.realm}", qop="auth", algorithm=${algorithm}, nonce="${nonce}", opaque="${opaque}"${stale ? ', stale=true' : ''}`,
    );
  }

  private fail(): AuthVerdict {
    this.failures++;
    if (this.failures >= this.options.maxFailures) {
      this.failures = 0;
      this.lockedUntil = this.now() + this.options.lockMs;
      return { ok: false, lockedMs: this.options.lockMs };
    }
    return { ok: false, stale: false };
  }

  verify(method: string, path: string, authorization: string | undefined): AuthVerdict {
    const locked = this.lockedMs();
    if (locked > 0) return { ok: false, lockedMs: locked };
    const params = parseAuthorization(authorization);
    if (!params) return { ok: false, stale: false };
    const user = this.options.users.find((u) => u.name === params.get('username'));
    const algorithm = (params.get('algorithm') ?? 'MD5') as DigestAlgorithm;
    const nonce = params.get('nonce') ?? '';
    const uri = params.get('uri') ?? '';
    if (!user || user.password === undefined || uri !== path || params.get('realm') !== this.options.realm) return this.fail();
    if (!this.options.accepted.includes(algorithm)) return this.fail();
    const qop = params.get('qop');
    const ncText = params.get('nc') ?? '';
    const expected = computeDigestResponse({
      algorithm,
      user: user.name,
      password: user.password,
      realm: this.options.realm,
      nonce,
      method,
      uri,
      qop,
      nc: ncText,
      cnonce: params.get('cnonce'),
    });
    if (expected !== params.get('response')) return this.fail();
    const state = this.nonces.get(nonce);
    const now = this.now();
    if (!state || now - state.lastUsed > this.options.idleTimeoutMs) {
      this.nonces.delete(nonce);
      return { ok: false, stale: true };
    }
    const nc = parseInt(ncText, 16);
    if (qop !== 'auth' || !Number.isFinite(nc) || nc <= state.lastNc) return { ok: false, stale: true };
    state.lastNc = nc;
    state.lastUsed = now;
    this.failures = 0;
    return { ok: true, user };
  }

  /** Forgets every session (the gateway's idle timeout or a logout). */
  dropSessions(): void {
    this.nonces.clear();
  }
}

export function lockMessage(ms: number): { de: string; seconds: number } {
  const seconds = Math.ceil(ms / 1000);
  return { de: `Das Portal ist für ${Math.floor(seconds / 60)} Minuten und ${seconds % 60} Sekunden gesperrt`, seconds };
}

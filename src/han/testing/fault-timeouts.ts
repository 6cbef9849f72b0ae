/**
 * Client timeouts for fault tests against a simulator: no fault may be observed by racing a timer. Every
 * answer the simulator sends is awaited under a bound no real answer reaches, even on a loaded machine; only
 * the requests the simulator stalls get a short one. `stalled` is asked by the client before it sends each
 * request; the simulator must pick the same requests by the same rule (its nth is then the client's nth).
 */
import type { GatewayClientOptions } from '../gateway-client';

/** Bound of a request whose answer the simulator sends. */
export const ANSWERED_TIMEOUT_MS = 30_000;
/** Bound of a request the simulator stalls (it never answers). */
export const STALLED_TIMEOUT_MS = 300;

export type SentRequest = { method: string; path: string; body: string };

export function faultTestTimeouts(stalled?: (request: SentRequest) => boolean): Pick<GatewayClientOptions, 'requestTimeoutMs' | 'requestTimeoutFor'> {
  if (!stalled) return { requestTimeoutMs: ANSWERED_TIMEOUT_MS };
  return {
    requestTimeoutMs: ANSWERED_TIMEOUT_MS,
    requestTimeoutFor: (r) => (stalled({ method: r.method, path: r.path, body: r.body?.toString('utf8') ?? '' }) ? STALLED_TIMEOUT_MS : undefined),
  };
}

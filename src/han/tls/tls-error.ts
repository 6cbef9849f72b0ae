/** Failures of the minimal TLS client: which alert ended the connection, who sent it, and why. */
import { ALERT_NAMES } from './constants';

export type TlsFailureSide = 'local' | 'peer' | 'transport';

export class TlsError extends Error {
  constructor(
    message: string,
    /** The alert sent (local) or received (peer); undefined for transport failures (closed, timed out). */
    readonly alert: number | undefined,
    readonly side: TlsFailureSide,
  ) {
    super(message);
    this.name = 'TlsError';
  }

  get alertName(): string | undefined {
    return this.alert === undefined ? undefined : (ALERT_NAMES[this.alert] ?? `alert ${this.alert}`);
  }
}

/** A failure detected by this client: it sends `alert` to the gateway and closes. */
export function localFailure(alert: number, message: string): TlsError {
  return new TlsError(`${message} (sent ${ALERT_NAMES[alert] ?? alert})`, alert, 'local');
}

export function peerAlert(alert: number, during: string): TlsError {
  return new TlsError(`the gateway sent the fatal alert ${ALERT_NAMES[alert] ?? `alert ${alert}`} (${alert}) ${during}`, alert, 'peer');
}

export function transportFailure(message: string): TlsError {
  return new TlsError(message, undefined, 'transport');
}

/** The handshake did not finish in time (the gateway stalled). */
export class TlsTimeoutError extends TlsError {
  constructor(
    message: string,
    readonly timeoutMs: number,
  ) {
    super(message, undefined, 'transport');
    this.name = 'TlsTimeoutError';
  }
}

import type { ApiErrorPayload } from './dto';

/** Fields of Error itself that a payload must not overwrite. */
const RESERVED_FIELDS = new Set(['name', 'stack', 'code', 'message']);

/**
 * An error with a stable code that every transport carries to the caller unchanged. Where the engine
 * knows the cause in both UI languages it sets `de` and `en`; `details` carries structured facts the UI
 * acts on (e.g. the certificate fingerprint to confirm).
 */
export class ApiError extends Error implements ApiErrorPayload {
  de?: string;
  en?: string;
  details?: Record<string, string | number | boolean>;
  correlationId?: string;
  causes?: string[];
  sessionLeftOpen?: ApiErrorPayload['sessionLeftOpen'];

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** An error whose message exists in German and English. */
  static localized(code: string, de: string, en: string, details?: ApiError['details']): ApiError {
    const error = new ApiError(code, `${de}\n${en}`);
    error.de = de;
    error.en = en;
    if (details) error.details = details;
    return error;
  }

  toPayload(): ApiErrorPayload {
    const payload: ApiErrorPayload = { code: this.code, message: this.message };
    if (this.de) payload.de = this.de;
    if (this.en) payload.en = this.en;
    if (this.details) payload.details = this.details;
    if (this.correlationId) payload.correlationId = this.correlationId;
    if (this.causes?.length) payload.causes = this.causes;
    if (this.sessionLeftOpen) payload.sessionLeftOpen = this.sessionLeftOpen;
    return payload;
  }

  /** The error for a payload, with every field of it (generic, so that fields added later survive every transport). */
  static fromPayload(payload: ApiErrorPayload): ApiError {
    const error = new ApiError(payload.code, payload.message);
    for (const [key, value] of Object.entries(payload)) {
      if (!RESERVED_FIELDS.has(key) && value !== undefined) (error as unknown as Record<string, unknown>)[key] = value;
    }
    return error;
  }
}

export class CancelledError extends ApiError {
  constructor(operation = 'Operation') {
    super('CANCELLED', `${operation} was cancelled.`);
    this.de = `${operation}: abgebrochen.`;
    this.en = `${operation} was cancelled.`;
  }
}

/** A short random id (8 hex digits) that names one failure in the engine log and in the UI. */
export function newCorrelationId(): string {
  const bytes = new Uint8Array(4);
  globalThis.crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The messages of `error.cause`, `error.cause.cause`, … (at most 6; an error that came as a payload keeps its list). */
export function causeMessages(error: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  let cause = error instanceof Error ? error.cause : undefined;
  while (cause !== undefined && cause !== null && out.length < 6 && !seen.has(cause)) {
    seen.add(cause);
    out.push(cause instanceof Error ? `${cause.name === 'Error' ? '' : `${cause.name}: `}${cause.message}` : String(cause));
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  if (out.length === 0 && error instanceof ApiError && error.causes) return error.causes;
  return out;
}

/**
 * The payload for the caller: code, texts, details and the causes' messages; unknown errors are INTERNAL.
 * A correlation id the error already carries (it crossed a transport, or the engine logged it) is kept;
 * new ids are given only where the failure is logged (src/engine/error-report.ts).
 */
export function toErrorPayload(error: unknown): ApiErrorPayload {
  const payload: ApiErrorPayload = error instanceof ApiError ? error.toPayload() : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
  const causes = causeMessages(error);
  if (causes.length) payload.causes = causes;
  const existing = (error as { correlationId?: unknown } | null)?.correlationId;
  if (typeof existing === 'string' && existing) payload.correlationId = existing;
  return payload;
}

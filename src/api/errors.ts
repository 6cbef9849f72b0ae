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

export function toErrorPayload(error: unknown): ApiErrorPayload {
  if (error instanceof ApiError) return error.toPayload();
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message };
}

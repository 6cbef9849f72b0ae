import type { ApiErrorPayload } from './dto';

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

  static fromPayload(payload: ApiErrorPayload): ApiError {
    const error = new ApiError(payload.code, payload.message);
    if (payload.de) error.de = payload.de;
    if (payload.en) error.en = payload.en;
    if (payload.details) error.details = payload.details;
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

import type { ApiErrorPayload } from './dto';

/** An error with a stable code that every transport carries to the caller unchanged. */
export class ApiError extends Error implements ApiErrorPayload {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toPayload(): ApiErrorPayload {
    return { code: this.code, message: this.message };
  }

  static fromPayload(payload: ApiErrorPayload): ApiError {
    return new ApiError(payload.code, payload.message);
  }
}

export class CancelledError extends ApiError {
  constructor(operation = 'Operation') {
    super('CANCELLED', `${operation} was cancelled.`);
  }
}

export function toErrorPayload(error: unknown): ApiErrorPayload {
  if (error instanceof ApiError) return error.toPayload();
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message };
}

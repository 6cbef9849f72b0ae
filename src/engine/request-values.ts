/** Checks and decodes values of API requests that several engine methods share. */
import { ApiError } from '../api/errors';

export function decodeBase64(value: unknown, field: string): Uint8Array {
  if (typeof value !== 'string' || value.length === 0) throw new ApiError('BAD_REQUEST', `${field} must be a non-empty base64 string.`);
  return new Uint8Array(Buffer.from(value, 'base64'));
}

/** Checks and decodes values of API requests that several engine methods share. */
import { ApiError } from '../api/errors';

export function decodeBase64(value: unknown, field: string): Uint8Array {
  if (typeof value !== 'string' || value.length === 0) throw new ApiError('BAD_REQUEST', `${field} must be a non-empty base64 string.`);
  return new Uint8Array(Buffer.from(value, 'base64'));
}

/** The bytes of an opened file: `content` as sent, else `contentBase64` decoded. */
export function fileBytes(request: { content?: unknown; contentBase64?: unknown } | undefined): Uint8Array {
  const content = request?.content;
  if (content instanceof Uint8Array) {
    if (content.length === 0) throw new ApiError('BAD_REQUEST', 'content must not be empty.');
    return content;
  }
  if (content !== undefined) throw new ApiError('BAD_REQUEST', 'content must be the file\'s bytes (Uint8Array).');
  return decodeBase64(request?.contentBase64, 'contentBase64');
}

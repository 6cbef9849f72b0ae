/**
 * Reading a request body of the local web host: streamed into Buffers (never one string of the whole
 * upload), bounded, and every failure a typed error with the HTTP status to answer — never an exception
 * thrown from a stream listener.
 */
import type { IncomingMessage } from 'node:http';

export class RequestBodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestBodyError';
  }
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

export function bodyTooLarge(limit: number, what: string): RequestBodyError {
  return new RequestBodyError(413, 'PAYLOAD_TOO_LARGE', `${what} is larger than the limit of ${megabytes(limit)}. Choose a smaller file; files above the limit cannot be read.`);
}

/**
 * The body as bytes, refused as soon as it passes `limit` (an announced Content-Length above it is refused
 * before a byte is read). On refusal the rest of the upload is not read: the caller answers and closes.
 */
export function readBodyBytes(request: IncomingMessage, limit: number, what = 'The request body'): Promise<Buffer> {
  const announced = request.headers['content-length'];
  if (announced !== undefined) {
    if (!/^\d+$/.test(announced)) return Promise.reject(new RequestBodyError(400, 'BAD_REQUEST', `Content-Length "${announced}" is not a number.`));
    if (Number(announced) > limit) return Promise.reject(bodyTooLarge(limit, what));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      request.off('data', onData);
      request.pause();
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        fail(bodyTooLarge(limit, what));
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    request.once('error', (error) => fail(new RequestBodyError(400, 'BAD_REQUEST', `The request body could not be read: ${error.message}`)));
    request.once('aborted', () => fail(new RequestBodyError(400, 'BAD_REQUEST', 'The upload was aborted by the client.')));
  });
}

/** Parses a JSON call body `{ "args": [...] }`; an empty body means no arguments. */
export function parseCallArgs(body: Buffer): unknown[] {
  if (body.length === 0) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new RequestBodyError(400, 'BAD_REQUEST', 'The request body is not JSON.');
  }
  const args = (parsed as { args?: unknown } | null)?.args;
  return Array.isArray(args) ? args : [];
}

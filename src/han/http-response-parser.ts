/**
 * Incremental HTTP/1.1 response parser (Content-Length, chunked, or close-delimited bodies), strict where
 * gateway bytes could do harm: a bounded header, bounded chunk count and body, chunk sizes that are plain
 * hex, CRLF after every chunk's data, and every trailer line read up to the empty line. Body bytes are
 * collected as slices and joined once (linear in the body size, however the bytes are split into records).
 * Every malformed stream is a ProtocolError naming what was wrong.
 */
import { ProtocolError } from './errors';

export interface HttpResponse {
  status: number;
  reason: string;
  /** Lower-case names → values in order of appearance. */
  headers: Map<string, string[]>;
  body: Buffer;
  keepAlive: boolean;
}

export interface ResponseLimits {
  /** Status line, header fields and the blank line (bytes). */
  maxHeaderBytes: number;
  /** Header fields of one response. */
  maxHeaderFields: number;
  /** The body as delivered (bytes). */
  maxBodyBytes: number;
  /** Chunks of one chunked body. */
  maxChunks: number;
  /** All trailer lines together (bytes). */
  maxTrailerBytes: number;
}

/** Larger answers are refused: no gateway response comes near it (a 31-day window is about 2 MB). */
export const MAX_RESPONSE_BODY = 256 * 1024 * 1024;

export const DEFAULT_RESPONSE_LIMITS: ResponseLimits = {
  maxHeaderBytes: 64 * 1024,
  maxHeaderFields: 200,
  maxBodyBytes: MAX_RESPONSE_BODY,
  // A 2 MB page in 4 KB chunks is 500 chunks; a million 1-byte chunks is an attack, not a gateway.
  maxChunks: 100_000,
  maxTrailerBytes: 16 * 1024,
};

/** A chunk-size line: hex digits, optional extensions after ';' (RFC 9112 §7.1). */
const CHUNK_SIZE_LINE = /^([0-9A-Fa-f]{1,8})[ \t]*(?:;.*)?$/;
const MAX_CHUNK_SIZE_LINE = 1024;
const EMPTY = Buffer.alloc(0);

type State = 'head' | 'length' | 'close' | 'size' | 'data' | 'data-end' | 'trailer' | 'done';

export class ResponseParser {
  private readonly limits: ResponseLimits;
  /** Unparsed control bytes (head, chunk-size line, CRLF, trailer); never the bulk of a body. */
  private pending: Buffer = EMPTY;
  private state: State = 'head';
  private head: Omit<HttpResponse, 'body'> | undefined;
  private length = 0;
  private readonly body: Buffer[] = [];
  private bodyBytes = 0;
  private chunkRemaining = 0;
  private chunkCount = 0;
  private trailerBytes = 0;

  constructor(
    private readonly headRequest: boolean,
    limits: Partial<ResponseLimits> = {},
  ) {
    this.limits = { ...DEFAULT_RESPONSE_LIMITS, ...limits };
  }

  /** True once the status line and header were read. */
  get headerComplete(): boolean {
    return this.head !== undefined;
  }

  push(data: Buffer): HttpResponse | undefined {
    if (this.state === 'done') return undefined;
    // Only control bytes wait in `pending` (bounded); body bytes are sliced out of the record as it comes.
    let buffer = this.pending.length === 0 ? data : Buffer.concat([this.pending, data]);
    this.pending = EMPTY;
    for (;;) {
      switch (this.state) {
        case 'head': {
          const end = buffer.indexOf('\r\n\r\n');
          if ((end < 0 && buffer.length > this.limits.maxHeaderBytes) || end + 4 > this.limits.maxHeaderBytes) {
            throw new ProtocolError(`response header larger than ${this.limits.maxHeaderBytes} bytes (limit)`);
          }
          if (end < 0) {
            this.pending = buffer;
            return undefined;
          }
          const text = buffer.subarray(0, end).toString('latin1');
          buffer = buffer.subarray(end + 4);
          this.readHead(text);
          break;
        }
        case 'length': {
          this.takeBody(buffer);
          if (this.bodyBytes < this.length) return undefined;
          this.state = 'done';
          return this.finish(this.joinBody().subarray(0, this.length));
        }
        case 'close': {
          this.takeBody(buffer);
          if (this.bodyBytes > this.limits.maxBodyBytes) throw new ProtocolError(`response body over ${this.limits.maxBodyBytes} bytes (limit)`);
          return undefined;
        }
        case 'size': {
          const eol = buffer.indexOf('\r\n');
          if (eol < 0) {
            if (buffer.length > MAX_CHUNK_SIZE_LINE) throw new ProtocolError(`chunk-size line longer than ${MAX_CHUNK_SIZE_LINE} bytes`);
            this.pending = buffer;
            return undefined;
          }
          const line = buffer.subarray(0, eol).toString('latin1');
          buffer = buffer.subarray(eol + 2);
          const match = CHUNK_SIZE_LINE.exec(line);
          if (!match) throw new ProtocolError(`bad chunk size "${line.slice(0, 40)}" (expected hex digits)`);
          const size = parseInt(match[1]!, 16);
          if (size === 0) {
            this.state = 'trailer';
            break;
          }
          if (++this.chunkCount > this.limits.maxChunks) throw new ProtocolError(`more than ${this.limits.maxChunks} chunks in one response (limit)`);
          if (this.bodyBytes + size > this.limits.maxBodyBytes) throw new ProtocolError(`response body over ${this.limits.maxBodyBytes} bytes (limit)`);
          this.chunkRemaining = size;
          this.state = 'data';
          break;
        }
        case 'data': {
          const n = Math.min(this.chunkRemaining, buffer.length);
          this.takeBody(buffer.subarray(0, n));
          buffer = buffer.subarray(n);
          this.chunkRemaining -= n;
          if (this.chunkRemaining > 0) return undefined;
          this.state = 'data-end';
          break;
        }
        case 'data-end': {
          if (buffer.length >= 1 && buffer[0] !== 0x0d) throw new ProtocolError('chunk data not followed by CRLF (chunk longer than its size)');
          if (buffer.length >= 2 && buffer[1] !== 0x0a) throw new ProtocolError('chunk data not followed by CRLF (chunk longer than its size)');
          if (buffer.length < 2) {
            this.pending = buffer;
            return undefined;
          }
          buffer = buffer.subarray(2);
          this.state = 'size';
          break;
        }
        case 'trailer': {
          const eol = buffer.indexOf('\r\n');
          const lineBytes = eol < 0 ? buffer.length : eol + 2;
          if (this.trailerBytes + lineBytes > this.limits.maxTrailerBytes) throw new ProtocolError(`trailer larger than ${this.limits.maxTrailerBytes} bytes (limit)`);
          if (eol < 0) {
            this.pending = buffer;
            return undefined;
          }
          this.trailerBytes += lineBytes;
          const line = buffer.subarray(0, eol);
          buffer = buffer.subarray(eol + 2);
          if (line.length === 0) {
            this.state = 'done';
            return this.finish(this.joinBody());
          }
          if (line.indexOf(':') <= 0) throw new ProtocolError(`bad trailer line "${line.toString('latin1').slice(0, 40)}"`);
          break;
        }
      }
    }
  }

  /** At connection close: only a close-delimited body is complete now. */
  end(): HttpResponse | undefined {
    if (this.state !== 'close') return undefined;
    this.state = 'done';
    return this.finish(this.joinBody());
  }

  private takeBody(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.body.push(bytes);
    this.bodyBytes += bytes.length;
  }

  private readHead(text: string): void {
    const [statusLine = '', ...headerLines] = text.split('\r\n');
    const m = /^HTTP\/(1\.[01]) (\d{3})(?: (.*))?$/.exec(statusLine);
    if (!m) throw new ProtocolError(`not an HTTP/1.1 response: "${statusLine.slice(0, 60)}"`);
    if (headerLines.length > this.limits.maxHeaderFields) throw new ProtocolError(`more than ${this.limits.maxHeaderFields} header fields (limit)`);
    const headers = new Map<string, string[]>();
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const list = headers.get(name) ?? [];
      list.push(line.slice(colon + 1).trim());
      headers.set(name, list);
    }
    const status = Number(m[2]);
    // Interim answers (100 Continue) are skipped: the real head follows.
    if (status >= 100 && status < 200) return;
    const connection = (headers.get('connection')?.join(',') ?? '').toLowerCase();
    const keepAlive = m[1] === '1.1' ? !connection.includes('close') : connection.includes('keep-alive');
    this.head = { status, reason: m[3] ?? '', headers, keepAlive };
    const te = (headers.get('transfer-encoding')?.join(',') ?? '').toLowerCase();
    const lengths = [...new Set(headers.get('content-length') ?? [])];
    if (this.headRequest || status === 204 || status === 304) {
      this.state = 'length';
      this.length = 0;
    } else if (te.includes('chunked')) {
      this.state = 'size';
    } else if (lengths.length > 0) {
      const cl = lengths[0]!;
      if (lengths.length > 1) throw new ProtocolError(`conflicting Content-Length headers (${lengths.join(', ')})`);
      if (!/^\d+$/.test(cl)) throw new ProtocolError(`bad Content-Length "${cl}"`);
      if (Number(cl) > this.limits.maxBodyBytes) throw new ProtocolError(`response body of ${cl} bytes announced (limit ${this.limits.maxBodyBytes})`);
      this.state = 'length';
      this.length = Number(cl);
    } else {
      this.state = 'close';
      this.head.keepAlive = false;
    }
  }

  private joinBody(): Buffer {
    return this.body.length === 1 ? this.body[0]! : Buffer.concat(this.body, this.bodyBytes);
  }

  private finish(body: Buffer): HttpResponse {
    const head = this.head!;
    return { status: head.status, reason: head.reason, headers: head.headers, keepAlive: head.keepAlive, body };
  }
}

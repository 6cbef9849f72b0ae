/** Reading and writing the TLS presentation language (RFC 5246 section 4): integers and length-prefixed vectors. */
import { Alert } from './constants';
import { localFailure } from './tls-error';

/** A bounds-checked cursor: reading past the end is a decode_error naming the field. */
export class WireReader {
  private offset = 0;

  constructor(
    private readonly bytes: Buffer,
    /** What is being read, for error messages (e.g. "ServerHello"). */
    private readonly what: string,
  ) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  private take(n: number, field: string): Buffer {
    if (n > this.remaining) throw localFailure(Alert.decodeError, `${this.what}: ${field} needs ${n} bytes, ${this.remaining} left`);
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  u8(field: string): number {
    return this.take(1, field)[0]!;
  }

  u16(field: string): number {
    return this.take(2, field).readUInt16BE(0);
  }

  u24(field: string): number {
    const b = this.take(3, field);
    return (b[0]! << 16) | (b[1]! << 8) | b[2]!;
  }

  bytesOf(n: number, field: string): Buffer {
    return this.take(n, field);
  }

  vector8(field: string): Buffer {
    return this.take(this.u8(`${field} length`), field);
  }

  vector16(field: string): Buffer {
    return this.take(this.u16(`${field} length`), field);
  }

  vector24(field: string): Buffer {
    return this.take(this.u24(`${field} length`), field);
  }

  /** Fails unless every byte was consumed. */
  end(): void {
    if (this.remaining !== 0) throw localFailure(Alert.decodeError, `${this.what}: ${this.remaining} unexpected trailing bytes`);
  }
}

export function u8(n: number): Buffer {
  return Buffer.of(n & 0xff);
}

export function u16(n: number): Buffer {
  return Buffer.of((n >> 8) & 0xff, n & 0xff);
}

export function u24(n: number): Buffer {
  return Buffer.of((n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
}

export function vector8(body: Buffer): Buffer {
  if (body.length > 0xff) throw new RangeError('vector8 too long');
  return Buffer.concat([u8(body.length), body]);
}

export function vector16(body: Buffer): Buffer {
  if (body.length > 0xffff) throw new RangeError('vector16 too long');
  return Buffer.concat([u16(body.length), body]);
}

export function vector24(body: Buffer): Buffer {
  if (body.length > 0xffffff) throw new RangeError('vector24 too long');
  return Buffer.concat([u24(body.length), body]);
}

/** Handshake message framing: msg_type (1), length (3), body. */
export function handshakeMessage(type: number, body: Buffer): Buffer {
  return Buffer.concat([u8(type), vector24(body)]);
}

/** Splits the byte stream from the gateway into TLS records (RFC 5246 6.2.1), with the length limits enforced. */
import { Alert, MAX_CIPHERTEXT } from './constants';
import { localFailure } from './tls-error';

export interface TlsRecord {
  type: number;
  version: number;
  fragment: Buffer;
}

const HEADER = 5;

export class RecordReader {
  private buffer: Buffer = Buffer.alloc(0);

  /** Records completed by this chunk; a partial record stays buffered. */
  push(chunk: Buffer): TlsRecord[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const out: TlsRecord[] = [];
    let offset = 0;
    while (this.buffer.length - offset >= HEADER) {
      const type = this.buffer[offset]!;
      const version = this.buffer.readUInt16BE(offset + 1);
      const length = this.buffer.readUInt16BE(offset + 3);
      if (version >> 8 !== 3) throw localFailure(Alert.protocolVersion, `record with version 0x${version.toString(16).padStart(4, '0')}: not TLS (is this port really the gateway's HTTPS port?)`);
      if (length > MAX_CIPHERTEXT) throw localFailure(Alert.recordOverflow, `record of ${length} bytes (limit ${MAX_CIPHERTEXT})`);
      if (this.buffer.length - offset < HEADER + length) break;
      out.push({ type, version, fragment: Buffer.from(this.buffer.subarray(offset + HEADER, offset + HEADER + length)) });
      offset += HEADER + length;
    }
    this.buffer = offset === 0 ? this.buffer : Buffer.from(this.buffer.subarray(offset));
    return out;
  }

  /** Bytes of an incomplete record still waiting for the rest. */
  get pending(): number {
    return this.buffer.length;
  }
}

export function recordBytes(type: number, version: number, fragment: Buffer): Buffer {
  const header = Buffer.alloc(HEADER);
  header[0] = type;
  header.writeUInt16BE(version, 1);
  header.writeUInt16BE(fragment.length, 3);
  return Buffer.concat([header, fragment]);
}

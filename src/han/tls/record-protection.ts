/**
 * Record protection of the four TR-03116-3 suites (RFC 5246 6.2.3): AES-GCM (RFC 5288: 4-byte salt from the
 * key block, 8-byte explicit nonce = sequence number) and AES-CBC with HMAC (MAC-then-encrypt, explicit
 * per-record IV). One instance per direction; the sequence number starts at 0 with ChangeCipherSpec.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Alert, TLS12, type SuiteInfo } from './constants';
import { macLength, type DirectionKeys } from './key-schedule';
import { localFailure } from './tls-error';
import { u16, u8 } from './wire';

export interface RecordProtection {
  encrypt(type: number, plaintext: Buffer): Buffer;
  /** Throws a bad_record_mac failure for anything that does not authenticate. */
  decrypt(type: number, fragment: Buffer): Buffer;
}

const GCM_TAG = 16;
const GCM_EXPLICIT = 8;
const BLOCK = 16;

class SequenceNumber {
  private value = 0n;

  next(): Buffer {
    const out = Buffer.alloc(8);
    out.writeBigUInt64BE(this.value);
    this.value++;
    if (this.value > 0xffff_ffff_ffff_ffffn) throw localFailure(Alert.internalError, 'sequence number exhausted');
    return out;
  }
}

function additionalData(seq: Buffer, type: number, length: number): Buffer {
  return Buffer.concat([seq, u8(type), u16(TLS12), u16(length)]);
}

class GcmProtection implements RecordProtection {
  private readonly seq = new SequenceNumber();
  private readonly algorithm: 'aes-128-gcm' | 'aes-256-gcm';

  constructor(private readonly keys: DirectionKeys) {
    this.algorithm = keys.key.length === 16 ? 'aes-128-gcm' : 'aes-256-gcm';
  }

  encrypt(type: number, plaintext: Buffer): Buffer {
    const seq = this.seq.next();
    const cipher = createCipheriv(this.algorithm, this.keys.key, Buffer.concat([this.keys.fixedIv, seq]), { authTagLength: GCM_TAG });
    cipher.setAAD(additionalData(seq, type, plaintext.length));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([seq, body, cipher.getAuthTag()]);
  }

  decrypt(type: number, fragment: Buffer): Buffer {
    const seq = this.seq.next();
    if (fragment.length < GCM_EXPLICIT + GCM_TAG) throw localFailure(Alert.badRecordMac, `encrypted record of ${fragment.length} bytes is shorter than nonce and tag`);
    const explicit = fragment.subarray(0, GCM_EXPLICIT);
    const body = fragment.subarray(GCM_EXPLICIT, fragment.length - GCM_TAG);
    const decipher = createDecipheriv(this.algorithm, this.keys.key, Buffer.concat([this.keys.fixedIv, explicit]), { authTagLength: GCM_TAG });
    decipher.setAAD(additionalData(seq, type, body.length));
    decipher.setAuthTag(fragment.subarray(fragment.length - GCM_TAG));
    try {
      return Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      throw localFailure(Alert.badRecordMac, 'record authentication failed (AES-GCM tag): the data was changed or corrupted on the way');
    }
  }
}

class CbcProtection implements RecordProtection {
  private readonly seq = new SequenceNumber();
  private readonly algorithm: 'aes-128-cbc' | 'aes-256-cbc';
  private readonly macLength: number;

  constructor(
    private readonly keys: DirectionKeys,
    private readonly hash: 'sha256' | 'sha384',
    suite: SuiteInfo,
  ) {
    this.algorithm = keys.key.length === 16 ? 'aes-128-cbc' : 'aes-256-cbc';
    this.macLength = macLength(suite);
  }

  private mac(seq: Buffer, type: number, content: Buffer): Buffer {
    return createHmac(this.hash, this.keys.macKey).update(additionalData(seq, type, content.length)).update(content).digest();
  }

  encrypt(type: number, plaintext: Buffer): Buffer {
    const seq = this.seq.next();
    const mac = this.mac(seq, type, plaintext);
    const unpadded = plaintext.length + mac.length + 1;
    const padLength = (BLOCK - (unpadded % BLOCK)) % BLOCK;
    const padding = Buffer.alloc(padLength + 1, padLength);
    const iv = randomBytes(BLOCK);
    const cipher = createCipheriv(this.algorithm, this.keys.key, iv);
    cipher.setAutoPadding(false);
    return Buffer.concat([iv, cipher.update(Buffer.concat([plaintext, mac, padding])), cipher.final()]);
  }

  decrypt(type: number, fragment: Buffer): Buffer {
    const seq = this.seq.next();
    const minimum = BLOCK + Math.ceil((this.macLength + 1) / BLOCK) * BLOCK;
    if (fragment.length < minimum || (fragment.length - BLOCK) % BLOCK !== 0) {
      throw localFailure(Alert.badRecordMac, `encrypted record of ${fragment.length} bytes is not a whole number of AES blocks with IV and MAC`);
    }
    const decipher = createDecipheriv(this.algorithm, this.keys.key, fragment.subarray(0, BLOCK));
    decipher.setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(fragment.subarray(BLOCK)), decipher.final()]);
    // Padding and MAC are checked together and fail alike (one alert, no padding oracle); the MAC is computed
    // even over bad padding so that both paths cost about the same (see README: limits).
    let padLength = plain[plain.length - 1]!;
    let good = padLength + 1 + this.macLength <= plain.length ? 1 : 0;
    for (let i = 1; i <= 255; i++) {
      const index = plain.length - 1 - i;
      if (i <= padLength && index >= 0 && plain[index] !== padLength) good = 0;
    }
    if (!good) padLength = 0;
    const contentLength = Math.max(0, plain.length - padLength - 1 - this.macLength);
    const content = plain.subarray(0, contentLength);
    const received = plain.subarray(contentLength, contentLength + this.macLength);
    const expected = this.mac(seq, type, content);
    const macOk = received.length === expected.length && timingSafeEqual(received, expected);
    if (!good || !macOk) throw localFailure(Alert.badRecordMac, 'record authentication failed (HMAC or padding): the data was changed or corrupted on the way');
    return Buffer.from(content);
  }
}

export function recordProtection(suite: SuiteInfo, keys: DirectionKeys): RecordProtection {
  return suite.mode === 'gcm' ? new GcmProtection(keys) : new CbcProtection(keys, suite.hash, suite);
}

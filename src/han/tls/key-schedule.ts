/** The TLS 1.2 PRF (RFC 5246 section 5) and what it derives: master secret, key block, Finished verify_data. */
import { createHmac } from 'node:crypto';
import type { SuiteInfo } from './constants';

export function prf(hash: 'sha256' | 'sha384', secret: Buffer, label: string, seed: Buffer, length: number): Buffer {
  const labelAndSeed = Buffer.concat([Buffer.from(label, 'latin1'), seed]);
  const out: Buffer[] = [];
  let total = 0;
  let a = labelAndSeed;
  while (total < length) {
    a = createHmac(hash, secret).update(a).digest();
    const block = createHmac(hash, secret).update(a).update(labelAndSeed).digest();
    out.push(block);
    total += block.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

export function masterSecret(suite: SuiteInfo, preMaster: Buffer, clientRandom: Buffer, serverRandom: Buffer): Buffer {
  return prf(suite.hash, preMaster, 'master secret', Buffer.concat([clientRandom, serverRandom]), 48);
}

export interface DirectionKeys {
  /** HMAC key (CBC suites; empty for GCM). */
  macKey: Buffer;
  key: Buffer;
  /** Implicit nonce part (GCM salt, 4 bytes; empty for CBC: TLS 1.2 CBC records carry an explicit IV). */
  fixedIv: Buffer;
}

export interface KeyBlock {
  client: DirectionKeys;
  server: DirectionKeys;
}

export function macLength(suite: SuiteInfo): number {
  return suite.mode === 'cbc' ? (suite.hash === 'sha256' ? 32 : 48) : 0;
}

/** key_block = PRF(master, "key expansion", server_random + client_random), cut in the order of RFC 5246 6.3. */
export function keyBlock(suite: SuiteInfo, master: Buffer, clientRandom: Buffer, serverRandom: Buffer): KeyBlock {
  const mac = macLength(suite);
  const iv = suite.mode === 'gcm' ? 4 : 0;
  const block = prf(suite.hash, master, 'key expansion', Buffer.concat([serverRandom, clientRandom]), 2 * (mac + suite.keyLength + iv));
  let offset = 0;
  const take = (n: number): Buffer => {
    const part = Buffer.from(block.subarray(offset, offset + n));
    offset += n;
    return part;
  };
  const clientMac = take(mac);
  const serverMac = take(mac);
  const clientKey = take(suite.keyLength);
  const serverKey = take(suite.keyLength);
  const clientIv = take(iv);
  const serverIv = take(iv);
  return { client: { macKey: clientMac, key: clientKey, fixedIv: clientIv }, server: { macKey: serverMac, key: serverKey, fixedIv: serverIv } };
}

/** verify_data of a Finished message (12 bytes). */
export function finishedVerifyData(suite: SuiteInfo, master: Buffer, label: 'client finished' | 'server finished', transcriptHash: Buffer): Buffer {
  return prf(suite.hash, master, label, transcriptHash, 12);
}

/** The simulators' fast signer makes standard ECDSA signatures that OpenSSL accepts, and only for their message. */
import { verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConsecutiveNonceSigner } from './consecutive-nonce-signer';
import { deriveKeyPair } from './keys';

describe('ConsecutiveNonceSigner', () => {
  for (const curve of ['brainpoolP256r1', 'P-256', 'brainpoolP384r1'] as const) {
    it(`${curve}: every signature of a batch and of single calls verifies with OpenSSL, for its own message only`, () => {
      const key = deriveKeyPair(curve, 'consecutive-nonce-test', curve);
      const hash = key.curve.hash;
      const signer = new ConsecutiveNonceSigner(key, 'test');
      const messages = Array.from({ length: 300 }, (_, i) => Buffer.from(`0100010800ff.1lgz0073347853.sm0${i}`));
      const signatures = [...signer.signAll(messages), ...messages.slice(0, 5).map((m) => signer.signAll([m])[0]!)];
      const check = (m: Buffer, s: Uint8Array) => verify(hash, m, { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, s);
      expect(signatures.every((s) => s.length === 2 * key.curve.size)).toBe(true);
      expect(signatures.filter((s, i) => check(messages[i % 300]!, s))).toHaveLength(305);
      // Another message, or another key's signature, does not verify.
      expect(check(messages[1]!, signatures[0]!)).toBe(false);
      const other = new ConsecutiveNonceSigner(deriveKeyPair(curve, 'another', curve), 'test').signAll([messages[0]!])[0]!;
      expect(check(messages[0]!, other)).toBe(false);
      // Nonces never repeat: every r differs.
      expect(new Set(signatures.map((s) => Buffer.from(s.subarray(0, key.curve.size)).toString('hex'))).size).toBe(305);
    });
  }

  it('is reproducible: the same key, label and order of messages give the same signatures', () => {
    const key = deriveKeyPair('brainpoolP256r1', 'consecutive-nonce-test', 'repro');
    const messages = [Buffer.from('a'), Buffer.from('b')];
    const hex = (s: Uint8Array[]) => s.map((x) => Buffer.from(x).toString('hex'));
    expect(hex(new ConsecutiveNonceSigner(key, 'x').signAll(messages))).toEqual(hex(new ConsecutiveNonceSigner(key, 'x').signAll(messages)));
    expect(hex(new ConsecutiveNonceSigner(key, 'y').signAll(messages))).not.toEqual(hex(new ConsecutiveNonceSigner(key, 'x').signAll(messages)));
  });
});

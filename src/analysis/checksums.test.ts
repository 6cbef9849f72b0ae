import { keccak_256, sha3_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { keccak, supplierFileChecksums } from './checksums';

const abc = new TextEncoder().encode('abc');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('supplier-file checksums', () => {
  it('SHA3-256 and RIPEMD-160 match the standard test vectors', () => {
    const sums = supplierFileChecksums(abc);
    expect(sums.sha3_256).toBe('3A985DA74FE225B2045C172D6BD390BD855F086E3E9D525B46BFE24511431532');
    expect(sums.ripemd160).toBe('8EB208F7E05D987A9B044A8E98C6B087F15A0BFC');
  });

  it('the Keccak construction reproduces Keccak-256 and differs from SHA-3 only by padding', () => {
    const data = new TextEncoder().encode('TRuDI supplier file');
    expect(hex(keccak(256, data))).toBe(hex(keccak_256(data)));
    expect(hex(keccak(256, data))).not.toBe(hex(sha3_256(data)));
  });

  it('Keccak-288 ("SHA-3" on older bills) matches the BouncyCastle KeccakDigest(288) vectors', () => {
    expect(hex(keccak(288, new Uint8Array(0)))).toBe('6753e3380c09e385d0339eb6b050a68f66cfd60a73476e6fd6adeb72f5edd7c6f04a5d01');
    expect(hex(keccak(288, new TextEncoder().encode('The quick brown fox jumps over the lazy dog')))).toBe(
      '0bbe6afae0d7e89054085c1cc47b1689772c89a41796891e197d1ca1b76f288154933ded',
    );
  });

  it('Keccak-288 is 36 bytes and depends on every byte', () => {
    const a = supplierFileChecksums(abc).keccak288;
    const b = supplierFileChecksums(new TextEncoder().encode('abd')).keccak288;
    expect(a).toMatch(/^[0-9A-F]{72}$/);
    expect(a).not.toBe(b);
    expect(keccak(288, new Uint8Array(0)).length).toBe(36);
  });
});

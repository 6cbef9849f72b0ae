import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from './files';

describe('file bytes', () => {
  it('base64 round trip of all byte values and of more than one chunk', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 7) % 256);
    const base64 = bytesToBase64(bytes);
    // Decoding with the platform's atob proves the encoding independently of base64ToBytes.
    expect(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))).toEqual(bytes);
    expect(bytesToBase64(new TextEncoder().encode('TRuDI'))).toBe('VFJ1REk=');
    expect(base64ToBytes(base64)).toEqual(bytes);
  });
});

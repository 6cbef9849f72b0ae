/** xs:hexBinary helpers. */

export function isHex(s: string): boolean {
  if (s.length % 2 !== 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** Bytes of a hex text (caller checks `isHex` first). */
export function hexToBytes(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s, 'hex'));
}

export function bytesToHex(bytes: Uint8Array, upper = true): string {
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
  return upper ? hex.toUpperCase() : hex;
}

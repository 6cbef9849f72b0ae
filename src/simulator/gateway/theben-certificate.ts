/**
 * Theben CONEXA's HAN certificate encodes ecdsa-with-SHA256 with explicit NULL parameters (RFC 5758 says
 * they must be absent); strict parsers may reject it. The simulator reproduces that: same certificate,
 * both AlgorithmIdentifiers with NULL parameters, TBS re-signed by the issuer.
 */
import * as asn1js from 'asn1js';
import { toArrayBuffer } from '../../crypto/bytes';
import { signDer } from '../pki/certificate-builder';
import type { EcKeyPair } from '../pki/keys';

function derLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function sequence(...parts: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(parts);
  return Buffer.concat([Uint8Array.of(0x30), derLength(body.length), body]);
}

function raw(block: asn1js.AsnType): Uint8Array {
  return new Uint8Array((block as asn1js.BaseBlock).valueBeforeDecodeView);
}

/** The AlgorithmIdentifier with an explicit NULL after the OID. */
function withNullParameters(algorithm: asn1js.Sequence): Uint8Array {
  const [oid] = algorithm.valueBlock.value;
  if (!oid) throw new Error('empty AlgorithmIdentifier');
  return sequence(raw(oid), Uint8Array.of(0x05, 0x00));
}

export function withExplicitNullSignatureParameters(certificate: Uint8Array, issuerKey: EcKeyPair): Uint8Array {
  const parsed = asn1js.fromBER(toArrayBuffer(certificate));
  if (parsed.offset === -1) throw new Error('certificate is not DER');
  const [tbs] = (parsed.result as asn1js.Sequence).valueBlock.value as [asn1js.Sequence];
  const items = tbs.valueBlock.value;
  // TBSCertificate: [0] version, serialNumber, signature AlgorithmIdentifier, issuer, …
  const signatureIndex = items[0]?.idBlock.tagClass === 3 ? 2 : 1;
  const algorithm = withNullParameters(items[signatureIndex] as asn1js.Sequence);
  const tbsDer = sequence(...items.map((item, i) => (i === signatureIndex ? algorithm : raw(item))));
  const signature = signDer(issuerKey, tbsDer);
  const bitString = Buffer.concat([Uint8Array.of(0x03), derLength(signature.length + 1), Uint8Array.of(0), signature]);
  return sequence(tbsDer, algorithm, bitString);
}

/**
 * Reads PKCS#12 containers for EC keys, modern (PBES2/AES) or legacy (3DES/RC2, SHA-1 MAC) encryption.
 * Writing them is the simulator's job (src/simulator/pki/pkcs12-writer.ts).
 */
import forge from 'node-forge';

const { asn1, pki } = forge;
const OID = {
  certBag: '1.2.840.113549.1.12.10.1.3',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  keyBag: '1.2.840.113549.1.12.10.1.1',
};

export interface Pkcs12Contents {
  /** PKCS#8 DER of the private key. */
  privateKey: Uint8Array;
  /** The certificate belonging to the key (matched by localKeyId, else the first). */
  certificate: Uint8Array;
  /** Further certificates in the container (CA chain). */
  chain: Uint8Array[];
}

/** Decrypts a PKCS#12 (modern or legacy encryption); throws a clear error on a wrong password. */
export function readPkcs12(data: Uint8Array, password: string): Pkcs12Contents {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1.fromDer(binary(data)), true, password);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (/mac|password|decrypt|invalid/i.test(detail)) {
      throw new Error(`The PKCS#12 file could not be opened: wrong password or damaged file (${detail}).`, { cause: error });
    }
    throw new Error(`The file is not a readable PKCS#12 container (${detail}).`, { cause: error });
  }
  const keyBags = [...(p12.getBags({ bagType: OID.pkcs8ShroudedKeyBag })[OID.pkcs8ShroudedKeyBag] ?? []), ...(p12.getBags({ bagType: OID.keyBag })[OID.keyBag] ?? [])];
  const certBags = p12.getBags({ bagType: OID.certBag })[OID.certBag] ?? [];
  const keyBag = keyBags[0];
  if (!keyBag) throw new Error('The PKCS#12 container holds no private key.');
  const keyAsn1 = keyBag.key ? pki.wrapRsaPrivateKey(pki.privateKeyToAsn1(keyBag.key)) : (keyBag as { asn1?: forge.asn1.Asn1 }).asn1;
  if (!keyAsn1) throw new Error('The private key in the PKCS#12 container could not be read.');
  const keyId = keyBag.attributes?.localKeyId?.[0];
  const certs = certBags.map((bag) => ({
    der: bag.cert ? bytes(asn1.toDer(pki.certificateToAsn1(bag.cert)).getBytes()) : bytes(asn1.toDer((bag as { asn1: forge.asn1.Asn1 }).asn1).getBytes()),
    keyId: bag.attributes?.localKeyId?.[0],
  }));
  if (certs.length === 0) throw new Error('The PKCS#12 container holds no certificate.');
  const leafIndex = Math.max(0, certs.findIndex((c) => keyId !== undefined && c.keyId === keyId));
  return {
    privateKey: bytes(asn1.toDer(keyAsn1).getBytes()),
    certificate: certs[leafIndex]!.der,
    chain: certs.filter((_, i) => i !== leafIndex).map((c) => c.der),
  };
}

function binary(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('binary');
}
function bytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'binary'));
}

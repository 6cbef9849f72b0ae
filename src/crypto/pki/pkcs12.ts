/**
 * The one PKCS#12 reader: client certificates for the HAN (src/han/client-certificate.ts) and the simulator's
 * containers in tests. node-forge decrypts modern (PBES2/AES, HMAC-SHA256) and legacy (3DES/RC2, SHA-1 MAC)
 * containers alike, where OpenSSL 3 refuses legacy ones without its legacy provider; forge cannot parse EC
 * keys or certificates, so each bag's raw ASN.1 goes to node:crypto as DER (PKCS#8 key, X.509 certificate).
 * Every failure is a Pkcs12Error naming what is wrong in German and English (one vocabulary for every caller).
 * Writing containers is the simulator's job (src/simulator/pki/pkcs12-writer.ts).
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

const { asn1, pki } = forge;
const OID = {
  certBag: '1.2.840.113549.1.12.10.1.3',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  keyBag: '1.2.840.113549.1.12.10.1.1',
};

export type Pkcs12Problem = 'wrong-password' | 'not-pkcs12' | 'no-key' | 'no-certificate' | 'no-matching-certificate' | 'unreadable-content';

/** Why a PKCS#12 file cannot be used; `de`/`en` complete "… cannot be loaded: <text>". */
export class Pkcs12Error extends Error {
  constructor(
    readonly problem: Pkcs12Problem,
    readonly de: string,
    readonly en: string,
    options?: { cause?: unknown },
  ) {
    super(en, options);
    this.name = 'Pkcs12Error';
  }
}

/** A decrypted container: the private key, the certificate it belongs to, and the other certificates. */
export interface OpenedPkcs12 {
  key: KeyObject;
  leaf: X509Certificate;
  /** Further certificates in the container (CA chain), in the file's order. */
  others: X509Certificate[];
}

export interface Pkcs12Contents {
  /** PKCS#8 DER of the private key. */
  privateKey: Uint8Array;
  /** The certificate whose public key belongs to the private key. */
  certificate: Uint8Array;
  /** Further certificates in the container (CA chain). */
  chain: Uint8Array[];
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Decrypts a PKCS#12 (modern or legacy encryption) and finds the key's certificate; throws Pkcs12Error. */
export function openPkcs12(data: Uint8Array, password: string): OpenedPkcs12 {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1.fromDer(forge.util.createBuffer(binary(data))), false, password);
  } catch (error) {
    const detail = messageOf(error);
    if (/mac|password/i.test(detail)) {
      throw new Pkcs12Error(
        'wrong-password',
        'falsches Passwort für die PKCS#12-Datei (oder die Datei wurde verändert)',
        'wrong password for the PKCS#12 file (or the file was changed)',
        { cause: error },
      );
    }
    throw new Pkcs12Error('not-pkcs12', `die Datei ist kein lesbarer PKCS#12-Container (${detail})`, `the file is not a readable PKCS#12 container (${detail})`, { cause: error });
  }
  const keyBags = [...(p12.getBags({ bagType: OID.pkcs8ShroudedKeyBag })[OID.pkcs8ShroudedKeyBag] ?? []), ...(p12.getBags({ bagType: OID.keyBag })[OID.keyBag] ?? [])];
  const certBags = p12.getBags({ bagType: OID.certBag })[OID.certBag] ?? [];
  const keyDer = keyBags.map((bag, i) => derOf(bag, `Schlüssel ${i + 1}`, `key ${i + 1}`)).find((der) => der !== undefined);
  if (!keyDer) throw new Pkcs12Error('no-key', 'die PKCS#12-Datei enthält keinen privaten Schlüssel', 'the PKCS#12 file holds no private key');
  const key = readable('der private Schlüssel', 'the private key', () => createPrivateKey({ key: Buffer.from(keyDer), format: 'der', type: 'pkcs8' }));
  const certificates = certBags
    .map((bag, i) => ({ der: derOf(bag, `Zertifikat ${i + 1}`, `certificate ${i + 1}`), i }))
    .filter((c): c is { der: Uint8Array; i: number } => c.der !== undefined)
    .map(({ der, i }) => readable(`Zertifikat ${i + 1}`, `certificate ${i + 1}`, () => new X509Certificate(der)));
  if (certificates.length === 0) throw new Pkcs12Error('no-certificate', 'die PKCS#12-Datei enthält kein Zertifikat', 'the PKCS#12 file holds no certificate');
  const leaf = certificates.find((c) => readable('das Zertifikat zum Schlüssel', "the key's certificate", () => c.checkPrivateKey(key)));
  if (!leaf) {
    throw new Pkcs12Error(
      'no-matching-certificate',
      'kein Zertifikat der PKCS#12-Datei gehört zu ihrem privaten Schlüssel',
      'no certificate in the PKCS#12 file belongs to its private key',
    );
  }
  return { key, leaf, others: certificates.filter((c) => c !== leaf) };
}

/** The container's contents as DER (the simulator's tests compare them byte for byte). */
export function readPkcs12(data: Uint8Array, password: string): Pkcs12Contents {
  const { key, leaf, others } = openPkcs12(data, password);
  return {
    privateKey: new Uint8Array(key.export({ format: 'der', type: 'pkcs8' })),
    certificate: new Uint8Array(leaf.raw),
    chain: others.map((c) => new Uint8Array(c.raw)),
  };
}

/** A bag's content as DER: forge's raw ASN.1 (EC), or what forge parsed itself (RSA). */
function derOf(bag: forge.pkcs12.Bag, de: string, en: string): Uint8Array | undefined {
  return readable(de, en, () => {
    let node = (bag as forge.pkcs12.Bag & { asn1?: forge.asn1.Asn1 }).asn1;
    if (!node && bag.cert) node = pki.certificateToAsn1(bag.cert);
    if (!node && bag.key) node = pki.wrapRsaPrivateKey(pki.privateKeyToAsn1(bag.key));
    return node ? bytes(asn1.toDer(node).getBytes()) : undefined;
  });
}

/** What node:crypto or forge cannot parse in a decrypted bag is a damaged file, not an internal error. */
function readable<T>(de: string, en: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const detail = messageOf(error);
    throw new Pkcs12Error('unreadable-content', `${de} in der PKCS#12-Datei ist nicht lesbar (${detail})`, `${en} in the PKCS#12 file cannot be read (${detail})`, { cause: error });
  }
}

function binary(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('binary');
}
function bytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'binary'));
}

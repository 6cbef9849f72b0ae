/**
 * Writes PKCS#12 containers for EC keys (consumer client certificates, gateway HAN certificates) for the
 * simulator and tests; production only reads them (src/crypto/pki/pkcs12.ts, the one reader; src/han/client-certificate.ts uses it).
 *
 * node-forge only knows RSA keys, so the containers are assembled here from forge's ASN.1, PBE and MAC
 * primitives with the EC key's PKCS#8 and the certificates' DER as opaque payloads:
 * - `modern`: PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) for key and certificates, HMAC-SHA256 MAC: what
 *   OpenSSL 3 writes by default and accepts without the legacy provider.
 * - `legacy`: pbeWithSHAAnd3-KeyTripleDES-CBC for the key, pbeWithSHAAnd40BitRC2-CBC for the certificates,
 *   HMAC-SHA1 MAC: what older tools (and metering operators) hand out; Node's TLS rejects it without
 *   `--openssl-legacy-provider`, hence `readPkcs12`, which decrypts both.
 */
import forge from 'node-forge';

export type Pkcs12Encryption = 'modern' | 'legacy';

export interface Pkcs12Options {
  encryption?: Pkcs12Encryption;
  friendlyName?: string;
  iterations?: number;
}

const { asn1, pki } = forge;
/** forge's PKCS#12 KDF (RFC 7292 B.2); its typings declare no return value. */
const pkcs12Kdf = forge.pkcs12.generateKey as unknown as (
  password: string,
  salt: forge.util.ByteStringBuffer,
  id: number,
  iterations: number,
  length: number,
  md?: forge.md.MessageDigest,
) => forge.util.ByteStringBuffer;
const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  certBag: '1.2.840.113549.1.12.10.1.3',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  localKeyId: '1.2.840.113549.1.9.21',
  friendlyName: '1.2.840.113549.1.9.20',
  rc2Pbe: '1.2.840.113549.1.12.1.6',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
};

/** Builds a password-protected PKCS#12 with the key (PKCS#8 DER) and its certificate chain (DER, leaf first). */
export function writePkcs12(pkcs8Der: Uint8Array, chain: Uint8Array[], password: string, options: Pkcs12Options = {}): Uint8Array {
  const legacy = options.encryption === 'legacy';
  const iterations = options.iterations ?? (legacy ? 2048 : 10_000);
  const leaf = chain[0];
  let localKeyId = forge.random.getBytesSync(20);
  if (leaf) {
    const sha1 = forge.md.sha1.create();
    sha1.update(binary(leaf));
    localKeyId = sha1.digest().getBytes();
  }
  const bagAttributes = attributes(localKeyId, options.friendlyName);

  const certBags = chain.map((der, i) =>
    seq([
      oid(OID.certBag),
      explicit0(seq([oid(OID.x509Certificate), explicit0(octets(binary(der)))])),
      ...(i === 0 ? [bagAttributes] : []),
    ]),
  );
  const certSafeContents = seq(certBags);
  const certContentInfo = legacy
    ? encryptedContentInfo(rc2Encrypt(certSafeContents, password, iterations))
    : encryptedContentInfo(pbes2Encrypt(certSafeContents, password, iterations));

  const keyInfo = asn1.fromDer(binary(pkcs8Der));
  const encryptedKey = pki.encryptPrivateKeyInfo(keyInfo, password, {
    algorithm: legacy ? '3des' : 'aes256',
    count: iterations,
    saltSize: legacy ? 8 : 16,
    ...(legacy ? {} : { prfAlgorithm: 'sha256' }),
  } as Parameters<typeof pki.encryptPrivateKeyInfo>[2]);
  const keyBag = seq([oid(OID.pkcs8ShroudedKeyBag), explicit0(encryptedKey), bagAttributes]);
  const keyContentInfo = seq([oid(OID.data), explicit0(octets(asn1.toDer(seq([keyBag])).getBytes()))]);

  const authSafe = seq([certContentInfo, keyContentInfo]);
  const authSafeDer = asn1.toDer(authSafe).getBytes();

  const macMd = legacy ? forge.md.sha1.create() : forge.md.sha256.create();
  const macSalt = forge.random.getBytesSync(legacy ? 8 : 16);
  const macKey = pkcs12Kdf(password, forge.util.createBuffer(macSalt), 3, iterations, legacy ? 20 : 32, legacy ? forge.md.sha1.create() : forge.md.sha256.create());
  const hmac = forge.hmac.create();
  hmac.start(macMd, macKey.getBytes());
  hmac.update(authSafeDer);
  const macData = seq([
    seq([seq([oid(legacy ? OID.sha1 : OID.sha256), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')]), octets(hmac.digest().getBytes())]),
    octets(macSalt),
    integer(iterations),
  ]);
  const pfx = seq([integer(3), seq([oid(OID.data), explicit0(octets(authSafeDer))]), macData]);
  return bytes(asn1.toDer(pfx).getBytes());
}

function encryptedContentInfo(encrypted: { algorithm: forge.asn1.Asn1; data: string }): forge.asn1.Asn1 {
  const encryptedData = seq([
    integer(0),
    seq([oid(OID.data), encrypted.algorithm, asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, encrypted.data)]),
  ]);
  return seq([oid(OID.encryptedData), explicit0(encryptedData)]);
}

/** PBES2 encryption of a structure, reusing forge's EncryptedPrivateKeyInfo writer. */
function pbes2Encrypt(content: forge.asn1.Asn1, password: string, iterations: number): { algorithm: forge.asn1.Asn1; data: string } {
  const info = pki.encryptPrivateKeyInfo(content, password, { algorithm: 'aes256', count: iterations, saltSize: 16, prfAlgorithm: 'sha256' } as Parameters<typeof pki.encryptPrivateKeyInfo>[2]);
  const [algorithm, data] = info.value as forge.asn1.Asn1[];
  return { algorithm: algorithm!, data: data!.value as string };
}

/** pbeWithSHAAnd40BitRC2-CBC (PKCS#12 KDF, SHA-1). */
function rc2Encrypt(content: forge.asn1.Asn1, password: string, iterations: number): { algorithm: forge.asn1.Asn1; data: string } {
  const salt = forge.random.getBytesSync(8);
  const key = pkcs12Kdf(password, forge.util.createBuffer(salt), 1, iterations, 5);
  const iv = pkcs12Kdf(password, forge.util.createBuffer(salt), 2, iterations, 8);
  const cipher = forge.rc2.createEncryptionCipher(key, 40);
  cipher.start(iv);
  cipher.update(forge.util.createBuffer(asn1.toDer(content).getBytes()));
  cipher.finish();
  const algorithm = seq([oid(OID.rc2Pbe), seq([octets(salt), integer(iterations)])]);
  return { algorithm, data: cipher.output.getBytes() };
}

function attributes(localKeyId: string, friendlyName?: string): forge.asn1.Asn1 {
  const list = [seq([oid(OID.localKeyId), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [octets(localKeyId)])])];
  if (friendlyName) {
    list.push(seq([oid(OID.friendlyName), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BMPSTRING, false, friendlyName)])]));
  }
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, list);
}

function seq(items: forge.asn1.Asn1[]): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
}
function oid(value: string): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(value).getBytes());
}
function octets(value: string): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, value);
}
function integer(value: number): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(value).getBytes());
}
function explicit0(value: forge.asn1.Asn1): forge.asn1.Asn1 {
  return asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [value]);
}
function binary(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('binary');
}
function bytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'binary'));
}

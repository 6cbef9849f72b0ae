/**
 * Client certificates for mutual TLS: PKCS#12 (modern AES/PBKDF2 or legacy RC2/3DES with SHA-1 MAC) or PEM.
 * OpenSSL 3 refuses legacy PKCS#12 without the legacy provider; node-forge decrypts both and hands out each
 * bag's raw ASN.1 (it cannot parse EC keys itself), which Node accepts as DER.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import forge from 'node-forge';
import { ClientCertificateInvalidError } from './errors';

export type ClientCertificateSource =
  | { kind: 'pkcs12'; data: Uint8Array; passphrase: string }
  | { kind: 'pem'; cert: string; key: string; passphrase?: string };

/** What tls.connect takes: PEM key and certificate chain (leaf first). */
export interface ClientCredentials {
  key: string;
  cert: string;
  /** Named curve of the certificate's key (e.g. brainpoolP256r1), for diagnostics. */
  curve?: string;
  subject: string;
}

export function loadClientCertificate(source: ClientCertificateSource): ClientCredentials {
  if (source.kind === 'pem') return fromPem(source.cert, source.key, source.passphrase);
  try {
    createSecureContext({ pfx: Buffer.from(source.data), passphrase: source.passphrase });
    return fromPkcs12WithForge(source.data, source.passphrase);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/mac verify|invalid password/i.test(message)) throw new ClientCertificateInvalidError('wrong PKCS#12 password / falsches Passwort');
    // Legacy encryption (or anything else OpenSSL refuses): node-forge decodes it.
    return fromPkcs12WithForge(source.data, source.passphrase);
  }
}

function fromPem(cert: string, key: string, passphrase?: string): ClientCredentials {
  try {
    const keyObject = createPrivateKey({ key, passphrase });
    const x509 = new X509Certificate(cert);
    if (!x509.checkPrivateKey(keyObject)) throw new ClientCertificateInvalidError('key does not belong to the certificate');
    return {
      key: keyObject.export({ type: 'pkcs8', format: 'pem' }).toString(),
      cert,
      curve: keyObject.asymmetricKeyDetails?.namedCurve,
      subject: x509.subject,
    };
  } catch (error) {
    if (error instanceof ClientCertificateInvalidError) throw error;
    throw new ClientCertificateInvalidError(error instanceof Error ? error.message : String(error));
  }
}

function derToPem(der: Uint8Array, label: string): string {
  const b64 = Buffer.from(der).toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** A key or certificate of a decrypted bag; what OpenSSL cannot parse is a damaged file, not an internal error. */
function parsedBag<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new ClientCertificateInvalidError(`${what} in the PKCS#12 file cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
}

function fromPkcs12WithForge(data: Uint8Array, passphrase: string): ClientCredentials {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(data).toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ClientCertificateInvalidError(/mac|password/i.test(message) ? 'wrong PKCS#12 password / falsches Passwort' : message);
  }
  const rawOf = (bag: forge.pkcs12.Bag): Uint8Array | undefined =>
    parsedBag('a bag', () => {
      const withAsn1 = bag as forge.pkcs12.Bag & { asn1?: forge.asn1.Asn1 };
      let asn1 = withAsn1.asn1;
      if (!asn1 && bag.cert) asn1 = forge.pki.certificateToAsn1(bag.cert);
      if (!asn1 && bag.key) asn1 = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key));
      return asn1 ? Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary') : undefined;
    });
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
  ];
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
  const keyDer = keyBags.map(rawOf).find((k) => k !== undefined);
  if (!keyDer) throw new ClientCertificateInvalidError('no private key in the PKCS#12 file');
  const key = parsedBag('the private key', () => createPrivateKey({ key: Buffer.from(keyDer), format: 'der', type: 'pkcs8' }));
  const certs = certBags
    .map(rawOf)
    .filter((c): c is Uint8Array => c !== undefined)
    .map((der, i) => parsedBag(`certificate ${i + 1}`, () => new X509Certificate(der)));
  const leaf = certs.find((c) => c.checkPrivateKey(key));
  if (!leaf) throw new ClientCertificateInvalidError('no certificate matching the private key in the PKCS#12 file');
  const chain = [leaf, ...certs.filter((c) => c !== leaf)];
  return {
    key: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: chain.map((c) => derToPem(c.raw, 'CERTIFICATE')).join(''),
    curve: key.asymmetricKeyDetails?.namedCurve,
    subject: leaf.subject,
  };
}

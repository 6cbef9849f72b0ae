/**
 * Client certificates for mutual TLS: PKCS#12 (modern AES/PBKDF2 or legacy RC2/3DES with SHA-1 MAC, read by
 * the one PKCS#12 reader in src/crypto/pki/pkcs12.ts) or PEM, turned into what tls.connect takes.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { openPkcs12, Pkcs12Error } from '../crypto/pki/pkcs12';
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
  return source.kind === 'pem' ? fromPem(source.cert, source.key, source.passphrase) : fromPkcs12(source.data, source.passphrase);
}

function fromPkcs12(data: Uint8Array, passphrase: string): ClientCredentials {
  let opened: ReturnType<typeof openPkcs12>;
  try {
    opened = openPkcs12(data, passphrase);
  } catch (error) {
    if (error instanceof Pkcs12Error) throw new ClientCertificateInvalidError({ de: error.de, en: error.en }, { cause: error });
    throw error;
  }
  const { key, leaf, others } = opened;
  return {
    key: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: [leaf, ...others].map((c) => c.toString()).join(''),
    curve: key.asymmetricKeyDetails?.namedCurve,
    subject: leaf.subject,
  };
}

function fromPem(cert: string, key: string, passphrase?: string): ClientCredentials {
  try {
    const keyObject = createPrivateKey({ key, passphrase });
    const x509 = new X509Certificate(cert);
    if (!x509.checkPrivateKey(keyObject)) throw new ClientCertificateInvalidError({ de: 'der Schlüssel gehört nicht zum Zertifikat', en: 'the key does not belong to the certificate' });
    return {
      key: keyObject.export({ type: 'pkcs8', format: 'pem' }).toString(),
      cert,
      curve: keyObject.asymmetricKeyDetails?.namedCurve,
      subject: x509.subject,
    };
  } catch (error) {
    if (error instanceof ClientCertificateInvalidError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new ClientCertificateInvalidError({ de: `Schlüssel oder Zertifikat (PEM) sind nicht lesbar (${detail})`, en: `the key or certificate (PEM) cannot be read (${detail})` }, { cause: error });
  }
}

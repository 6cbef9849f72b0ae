/** A self-signed test certificate (DER), made on first use and cached; for the minimal sample documents only (src/simulator/sample/sample-document.ts). */
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

let cached: Uint8Array | undefined;

export function makeSampleCertificate(commonName = 'EXXX0012345678.SMGW'): Uint8Array {
  if (cached && commonName === 'EXXX0012345678.SMGW') return cached;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const pub = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.UTC(2024, 0, 1));
  cert.validity.notAfter = new Date(Date.UTC(2034, 0, 1));
  const attrs = [{ name: 'commonName', value: commonName }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(key, forge.md.sha256.create());
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  const bytes = new Uint8Array(Buffer.from(der, 'binary'));
  if (commonName === 'EXXX0012345678.SMGW') cached = bytes;
  return bytes;
}

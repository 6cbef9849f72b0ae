/**
 * The one PKCS#12 reader (openPkcs12/readPkcs12) on containers the simulator writes in both encryptions, and
 * its one error vocabulary as the HAN client certificate shows it (HAN_CLIENT_CERTIFICATE_INVALID, de/en).
 */
import { describe, expect, it } from 'vitest';
import { loadClientCertificate } from '../../han/client-certificate';
import { ClientCertificateInvalidError } from '../../han/errors';
import { writePkcs12, type Pkcs12Encryption } from '../../simulator/pki/pkcs12-writer';
import { createTestPki } from '../../simulator/pki/test-pki';
import { openPkcs12, Pkcs12Error, readPkcs12, type Pkcs12Problem } from './pkcs12';

const pki = createTestPki({ curve: 'brainpoolP256r1', seed: 'pkcs12-reader' });
const client = pki.consumerClient;
const pkcs8 = new Uint8Array(client.key.privateKey.export({ format: 'der', type: 'pkcs8' }));
const PASSWORD = 'geheim-123';

function problemOf(work: () => unknown): Pkcs12Error {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(Pkcs12Error);
    return error as Pkcs12Error;
  }
  throw new Error('expected a Pkcs12Error');
}

describe.each<Pkcs12Encryption>(['modern', 'legacy'])('PKCS#12 reader (%s encryption)', (encryption) => {
  it('finds the certificate that belongs to the key also when the file lists the CA chain first', () => {
    const p12 = writePkcs12(pkcs8, [pki.root.certificate, pki.subCa.certificate, client.certificate], PASSWORD, { encryption });
    const contents = readPkcs12(p12, PASSWORD);
    expect(Buffer.from(contents.certificate).equals(Buffer.from(client.certificate))).toBe(true);
    expect(contents.chain.map((c) => Buffer.from(c).toString('hex'))).toEqual([pki.root.certificate, pki.subCa.certificate].map((c) => Buffer.from(c).toString('hex')));
    expect(Buffer.from(contents.privateKey).equals(Buffer.from(pkcs8))).toBe(true);
    // The HAN sends leaf first, then the rest.
    const credentials = loadClientCertificate({ kind: 'pkcs12', data: p12, passphrase: PASSWORD });
    expect(credentials.curve).toBe('brainpoolP256r1');
    expect(credentials.cert.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
    expect(credentials.cert.startsWith(openPkcs12(p12, PASSWORD).leaf.toString())).toBe(true);
  });

  const cases: [string, () => Uint8Array, Pkcs12Problem, RegExp, RegExp][] = [
    ['a wrong password', () => writePkcs12(pkcs8, [client.certificate], 'anderes-Passwort', { encryption }), 'wrong-password', /^wrong password for the PKCS#12 file/, /^falsches Passwort für die PKCS#12-Datei/],
    ['no certificate', () => writePkcs12(pkcs8, [], PASSWORD, { encryption }), 'no-certificate', /holds no certificate/, /enthält kein Zertifikat/],
    ['only the CA certificates, not the key\'s', () => writePkcs12(pkcs8, [pki.subCa.certificate, pki.root.certificate], PASSWORD, { encryption }), 'no-matching-certificate', /no certificate in the PKCS#12 file belongs to its private key/, /gehört zu ihrem privaten Schlüssel/],
  ];
  it.each(cases)('%s: one problem, named the same by the reader and by the HAN', (_what, file, problem, en, de) => {
    const data = file();
    const error = problemOf(() => readPkcs12(data, PASSWORD));
    expect(error.problem).toBe(problem);
    expect(error.en).toMatch(en);
    expect(error.de).toMatch(de);
    const han = (() => {
      try {
        return loadClientCertificate({ kind: 'pkcs12', data, passphrase: PASSWORD });
      } catch (e) {
        return e;
      }
    })() as ClientCertificateInvalidError;
    expect(han).toBeInstanceOf(ClientCertificateInvalidError);
    expect(han.code).toBe('HAN_CLIENT_CERTIFICATE_INVALID');
    expect(han.en).toBe(`The client certificate cannot be loaded: ${error.en}. Check the file and its password.`);
    expect(han.de).toBe(`Das Client-Zertifikat kann nicht geladen werden: ${error.de}. Prüfen Sie Datei und Passwort.`);
  });
});

describe('PKCS#12 reader: not a container', () => {
  it.each<[string, Uint8Array]>([
    ['a PEM file', new TextEncoder().encode('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')],
    ['an empty file', new Uint8Array()],
    ['a certificate (DER) instead of a container', client.certificate],
  ])('%s is named as not a readable PKCS#12 container', (_what, data) => {
    const error = problemOf(() => openPkcs12(data, PASSWORD));
    expect(error.problem).toBe('not-pkcs12');
    expect(error.en).toMatch(/^the file is not a readable PKCS#12 container \(.+\)$/);
    expect(error.de).toMatch(/^die Datei ist kein lesbarer PKCS#12-Container/);
  });
});

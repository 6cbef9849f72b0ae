/**
 * Writes a test SM-PKI to a folder: every certificate as PEM and DER, every key as PKCS#8 PEM, the
 * consumer client and gateway TLS identities as PKCS#12 in modern and legacy encryption, and the chain.
 * For the gateway simulator, manual TLS tests and users who want to try client-certificate logins.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { certificatePem, createTestPki, pkcs12Of, privateKeyPem, type TestPki, type TestPkiOptions } from './test-pki';

export const TEST_PKCS12_PASSWORD = 'trudi-test';

export function writeTestPki(dir: string, options: TestPkiOptions = {}, password = TEST_PKCS12_PASSWORD): { pki: TestPki; files: string[] } {
  const pki = createTestPki(options);
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const write = (name: string, data: string | Uint8Array) => {
    writeFileSync(join(dir, name), data);
    files.push(name);
  };
  const entries = { root: pki.root, 'sub-ca': pki.subCa, 'gateway-signature': pki.gatewaySignature, 'gateway-tls': pki.gatewayTls, 'consumer-client': pki.consumerClient };
  for (const [name, entry] of Object.entries(entries)) {
    write(`${name}.pem`, certificatePem(entry));
    write(`${name}.der`, entry.certificate);
    if (name !== 'root') write(`${name}.key.pem`, privateKeyPem(entry));
  }
  write('chain.pem', certificatePem(pki.subCa) + certificatePem(pki.root));
  for (const name of ['consumer-client', 'gateway-tls'] as const) {
    const entry = name === 'consumer-client' ? pki.consumerClient : pki.gatewayTls;
    write(`${name}.p12`, pkcs12Of(pki, entry, password, 'modern'));
    write(`${name}.legacy.p12`, pkcs12Of(pki, entry, password, 'legacy'));
  }
  write(
    'README.txt',
    `TRuDI TEST SM-PKI (${pki.curve}) for gateway ${pki.gatewayId}. TEST ONLY: the root key is derivable from a public seed.\n` +
      `PKCS#12 password: ${password}. *.legacy.p12 use RC2/3DES and a SHA-1 MAC (older tools); *.p12 use AES-256 and SHA-256.\n`,
  );
  return { pki, files };
}

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPkcs12 } from '../../crypto/pki/pkcs12';
import { TEST_PKCS12_PASSWORD, writeTestPki } from './write-test-pki';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('writeTestPki', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trudi-pki-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const { files, pki } = writeTestPki(dir, { curve: 'P-384', seed: 'files' });

  it('writes certificates, keys, chain and PKCS#12 files that open with the password', () => {
    expect(files).toEqual(expect.arrayContaining(['root.pem', 'gateway-signature.key.pem', 'chain.pem', 'consumer-client.p12', 'consumer-client.legacy.p12', 'gateway-tls.p12']));
    const contents = readPkcs12(readFileSync(join(dir, 'gateway-tls.legacy.p12')), TEST_PKCS12_PASSWORD);
    expect(Buffer.from(contents.certificate).equals(Buffer.from(pki.gatewayTls.certificate))).toBe(true);
  });

  it.skipIf(!hasOpenssl())('produces a chain the openssl command line accepts (skipped without an openssl binary)', () => {
    const out = execFileSync('openssl', ['verify', '-CAfile', join(dir, 'root.pem'), '-untrusted', join(dir, 'sub-ca.pem'), join(dir, 'gateway-signature.pem')], { encoding: 'utf8' });
    expect(out).toMatch(/OK/);
  });
});

/** The trust store against real files on disk: PEM, DER, ZIP in; one DER per fingerprint out; refusals name file and reason. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueCertificate } from '../../simulator/pki/certificate-builder';
import { deriveKeyPair } from '../../simulator/pki/keys';
import { toPem } from '../pki/pem';
import { BUNDLED_TRUST_DIR } from '../chain/trust-anchors';
import { createTestPki } from '../../simulator/pki/test-pki';
import { TrustFileError } from './certificate-files';
import { TrustStore } from './trust-store';

const ROOT_PEM = new Uint8Array(readFileSync(join(BUNDLED_TRUST_DIR, 'trudi-test-root-brainpool.pem')));
const pki = createTestPki({ seed: 'trust-store-test' });

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function expiredCa(): Uint8Array {
  const key = deriveKeyPair('brainpoolP256r1', 'trust-store-test', 'expired-ca');
  return issueCertificate({
    subject: { commonName: 'Expired Sub-CA', organization: 'Example', country: 'DE' },
    subjectKey: key,
    serialNumber: 7,
    notBefore: new Date(Date.UTC(2010, 0, 1)),
    notAfter: new Date(Date.UTC(2012, 0, 1)),
    ca: { pathLength: 0 },
    keyUsage: ['keyCertSign', 'cRLSign'],
  });
}

describe('TrustStore', () => {
  let configDir: string;
  beforeEach(() => {
    configDir = mkdtempSync(join(tmpdir(), 'trudi-trust-'));
  });
  afterEach(() => rmSync(configDir, { recursive: true, force: true }));

  it('installs a PEM root as one DER file named by its SHA-256 fingerprint, lists it with the TEST label', () => {
    const store = new TrustStore(configDir);
    const result = store.add([{ name: 'root.pem', bytes: ROOT_PEM }]);
    expect(result.added).toHaveLength(1);
    const [installed] = result.added;
    expect(installed).toMatchObject({ kind: 'root', test: true, expired: false });
    expect(installed!.subject).toContain('TRuDI TEST Root CA brainpool');
    const files = readdirSync(join(configDir, 'trust'));
    expect(files).toHaveLength(1);
    const der = new Uint8Array(readFileSync(join(configDir, 'trust', files[0]!)));
    expect(files[0]).toBe(`${sha256Hex(der)}.der`);
    expect(installed!.fingerprintSha256.replace(/:/g, '').toLowerCase()).toBe(sha256Hex(der));

    const again = new TrustStore(configDir);
    expect(again.list()).toEqual([installed]);
    expect(again.anchors().map((a) => ({ test: a.test, origin: a.origin }))).toEqual([{ test: true, origin: 'user' }]);
    expect(again.add([{ name: 'root-again.pem', bytes: ROOT_PEM }])).toMatchObject({ added: [], alreadyInstalled: [installed] });
  });

  it('takes DER, a PEM with several certificates and a ZIP of them; other ZIP entries are skipped', () => {
    const store = new TrustStore(configDir);
    const chainPem = new TextEncoder().encode(toPem(pki.subCa.certificate, 'CERTIFICATE') + toPem(pki.root.certificate, 'CERTIFICATE'));
    const zip = zipSync({ 'sm-pki/sub-ca.der': pki.subCa.certificate, 'sm-pki/chain.pem': chainPem, 'sm-pki/README.txt': new TextEncoder().encode('read me') });
    const result = store.add([{ name: 'sm-pki.zip', bytes: zip }]);
    expect(result.added.map((c) => c.kind).sort()).toEqual(['root', 'subCa']);
    expect(result.skipped).toEqual(['sm-pki.zip!sm-pki/README.txt']);
    expect(store.list().map((c) => c.kind)).toEqual(['root', 'subCa']);
    expect(readdirSync(join(configDir, 'trust')).sort()).toEqual([`${sha256Hex(pki.root.certificate)}.der`, `${sha256Hex(pki.subCa.certificate)}.der`].sort());
  });

  it('refuses a non-CA certificate, naming the file; nothing of the batch is installed', () => {
    const store = new TrustStore(configDir);
    const gateway = new TextEncoder().encode(toPem(pki.gatewaySignature.certificate, 'CERTIFICATE'));
    let error: unknown;
    try {
      store.add([{ name: 'root.pem', bytes: ROOT_PEM }, { name: 'gateway-sig.pem', bytes: gateway }]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TrustFileError);
    expect(error).toMatchObject({ file: 'gateway-sig.pem', problem: 'notCa' });
    expect((error as Error).message).toMatch(/^gateway-sig\.pem: not a CA certificate: .*SMGW.*not marked as a CA/);
    expect(store.list()).toEqual([]);
  });

  it('refuses an expired CA, an unparsable file, a broken ZIP and a ZIP without certificates, each naming the file', () => {
    const store = new TrustStore(configDir);
    const refusal = (name: string, bytes: Uint8Array): unknown => {
      try {
        store.add([{ name, bytes }]);
      } catch (e) {
        return e;
      }
      return undefined;
    };
    expect(refusal('old.cer', expiredCa())).toMatchObject({ file: 'old.cer', problem: 'expired', message: expect.stringMatching(/Expired Sub-CA expired on 2012-01-01/) });
    expect(refusal('notes.txt', new TextEncoder().encode('hello'))).toMatchObject({ file: 'notes.txt', problem: 'unreadable' });
    expect(refusal('key.pem', new TextEncoder().encode('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'))).toMatchObject({ problem: 'unreadable', message: expect.stringMatching(/no CERTIFICATE block/) });
    const zip = zipSync({ 'a.der': new Uint8Array([1, 2, 3]) });
    expect(refusal('bad.zip', zip)).toMatchObject({ file: 'bad.zip!a.der', problem: 'unreadable' });
    expect(refusal('broken.zip', zip.slice(0, 20))).toMatchObject({ file: 'broken.zip', problem: 'badZip' });
    expect(refusal('docs.zip', zipSync({ 'x.pdf': new Uint8Array([1]) }))).toMatchObject({ file: 'docs.zip', problem: 'badZip' });
    expect(store.list()).toEqual([]);
  });

  it('removes by fingerprint (colons or not); an unknown one answers false, a malformed one is an error', () => {
    const store = new TrustStore(configDir);
    const [root] = store.add([{ name: 'root.pem', bytes: ROOT_PEM }]).added;
    store.add([{ name: 'sub.der', bytes: pki.subCa.certificate }]);
    expect(store.remove(root!.fingerprintSha256.toLowerCase())).toBe(true);
    expect(store.list().map((c) => c.kind)).toEqual(['subCa']);
    expect(store.remove(root!.fingerprintSha256.replace(/:/g, ''))).toBe(false);
    expect(() => store.remove('AB:CD')).toThrow(/not a SHA-256 fingerprint/);
  });

  it('does not trust a store file changed on disk, and reports it', () => {
    const store = new TrustStore(configDir);
    store.add([{ name: 'sub.der', bytes: pki.subCa.certificate }]);
    const file = join(configDir, 'trust', `${sha256Hex(pki.subCa.certificate)}.der`);
    writeFileSync(file, pki.root.certificate);
    const fresh = new TrustStore(configDir);
    expect(fresh.anchors()).toEqual([]);
    expect(fresh.problems()).toEqual([{ file, reason: expect.stringMatching(/do not match the fingerprint/) }]);
  });
});

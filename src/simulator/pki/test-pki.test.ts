import { createSecureContext } from 'node:tls';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Certificate } from '../../crypto/certificates/certificate';
import { BUNDLED_TRUST_DIR, bundledTestAnchors } from '../../crypto/chain/trust-anchors';
import { validateChain } from '../../crypto/chain/validate-chain';
import { PKI_CURVES } from '../../crypto/curves';
import { readPkcs12 } from '../../crypto/pki/pkcs12';
import { certificatePem, createTestPki, pkcs12Of, privateKeyPem, testRoot } from './test-pki';

describe('test SM-PKI', () => {
  it.each(PKI_CURVES)('issues a verifiable hierarchy on %s', (curve) => {
    const pki = createTestPki({ curve, seed: `pki-${curve}` });
    const root = new X509Certificate(pki.root.certificate);
    const subCa = new X509Certificate(pki.subCa.certificate);
    for (const entry of [pki.gatewaySignature, pki.gatewayTls, pki.consumerClient]) {
      const cert = new X509Certificate(entry.certificate);
      expect(cert.checkIssued(subCa)).toBe(true);
      expect(cert.verify(subCa.publicKey)).toBe(true);
      expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe(pki.gatewaySignature.key.curve.opensslName);
    }
    expect(subCa.verify(root.publicKey)).toBe(true);
    expect(subCa.ca).toBe(true);
    const signer = new Certificate(pki.gatewaySignature.certificate);
    expect(signer.details.keyUsage).toEqual(['digitalSignature']);
    expect(signer.details.subject).toContain(`CN=${pki.gatewayId}.SMGW`);
    const chain = validateChain(signer, [new Certificate(pki.subCa.certificate)], bundledTestAnchors());
    expect(chain.status).toBe('valid');
    expect(chain.anchor?.test).toBe(true);
  });

  it('is deterministic per seed and the bundled TEST roots are exactly what it derives', () => {
    const a = createTestPki({ seed: 'same' });
    const b = createTestPki({ seed: 'same' });
    expect(Buffer.from(a.gatewaySignature.certificate).equals(Buffer.from(b.gatewaySignature.certificate))).toBe(true);
    expect(privateKeyPem(a.gatewaySignature)).toBe(privateKeyPem(b.gatewaySignature));
    expect(createTestPki({ seed: 'other' }).gatewayId).not.toBe(a.gatewayId);
    expect(readFileSync(join(BUNDLED_TRUST_DIR, 'trudi-test-root-brainpool.pem'), 'utf8')).toBe(certificatePem(testRoot('brainpool')));
    expect(readFileSync(join(BUNDLED_TRUST_DIR, 'trudi-test-root-nist.pem'), 'utf8')).toBe(certificatePem(testRoot('nist')));
  });

  it('exports PKCS#12 that Node TLS loads (modern) and that readPkcs12 opens in both encryptions', () => {
    const pki = createTestPki({ curve: 'brainpoolP256r1', seed: 'p12' });
    const modern = pkcs12Of(pki, pki.consumerClient, 'geheim', 'modern');
    const legacy = pkcs12Of(pki, pki.consumerClient, 'geheim', 'legacy');
    expect(() => createSecureContext({ pfx: Buffer.from(modern), passphrase: 'geheim' })).not.toThrow();
    // OpenSSL 3 without the legacy provider refuses RC2: exactly why readPkcs12 exists.
    expect(() => createSecureContext({ pfx: Buffer.from(legacy), passphrase: 'geheim' })).toThrow();
    for (const p12 of [modern, legacy]) {
      const contents = readPkcs12(p12, 'geheim');
      expect(Buffer.from(contents.certificate).equals(Buffer.from(pki.consumerClient.certificate))).toBe(true);
      expect(contents.chain).toHaveLength(2);
      const key = createPrivateKey({ key: Buffer.from(contents.privateKey), format: 'der', type: 'pkcs8' });
      expect(key.asymmetricKeyDetails?.namedCurve).toBe('brainpoolP256r1');
      expect(() => createSecureContext({ key: key.export({ format: 'pem', type: 'pkcs8' }), cert: certificatePem(pki.consumerClient) })).not.toThrow();
    }
    expect(() => readPkcs12(modern, 'falsch')).toThrow(/wrong password/);
  });
});

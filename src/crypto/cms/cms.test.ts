import { describe, expect, it } from 'vitest';
import { issueCertificate } from '../../simulator/pki/certificate-builder';
import { createTestPki } from '../../simulator/pki/test-pki';
import { signCms, type CmsVariant } from '../../simulator/pki/sign-cms';
import { bundledTestAnchors } from '../chain/trust-anchors';
import { extractCmsContent, verifyCms } from './cms';

const K461 = '<?xml version="1.0"?><profile_generic xmlns="urn:k461-dke-de:profile_generic-1"><logical_name>0100010800ff.1TRU0012345678.sm</logical_name></profile_generic>';

describe('CMS SignedData', () => {
  const pki = createTestPki({ seed: 'cms', curve: 'brainpoolP256r1' });
  const signer = { certificate: pki.gatewaySignature.certificate, key: pki.gatewaySignature.key, chain: [pki.subCa.certificate] };
  const content = new TextEncoder().encode(K461);
  const at = new Date('2024-03-01T12:00:00Z');
  const cms = signCms(content, signer, at);
  const verifyVariant = (variant: CmsVariant) => verifyCms(signCms(content, signer, at, variant), { trustAnchors: bundledTestAnchors() });

  it('extracts the content and verifies signer and chain at the signing time', () => {
    expect(new TextDecoder().decode(extractCmsContent(cms))).toBe(K461);
    const result = verifyCms(cms, { trustAnchors: bundledTestAnchors() });
    expect(result.status).toBe('valid');
    expect(result.problem).toBeUndefined();
    expect(result.signers[0]).toMatchObject({ status: 'valid', signingTime: '2024-03-01T12:00:00.000Z' });
    expect(result.signers[0]!.signer!.curve).toBe('brainpoolP256r1');
    expect(result.signers[0]!.chain!.status).toBe('valid');
    expect(result.certificates).toHaveLength(2);
  });

  it('detects a changed content byte', () => {
    const changed = new Uint8Array(cms);
    changed[Buffer.from(changed).indexOf('0100010800ff')] = 0x32;
    const result = verifyCms(changed, { trustAnchors: bundledTestAnchors() });
    expect(result.status).toBe('invalid');
    expect(result.signers[0]!.message).toMatch(/content was changed/);
  });

  it('detects a changed signature and an unknown root', () => {
    const changed = new Uint8Array(cms);
    // The signature is the last OCTET STRING of the SignerInfo: flip its last byte.
    changed[changed.length - 1] = changed[changed.length - 1]! ^ 0x01;
    expect(verifyCms(changed, { trustAnchors: bundledTestAnchors() }).signers[0]!.status).toBe('invalid');
    const untrusted = verifyCms(cms, { trustAnchors: [] });
    expect(untrusted.status).toBe('untrusted');
    expect(untrusted.signers[0]!.chain!.status).toBe('unknownRoot');
  });

  it('says clearly when the input is not CMS', () => {
    expect(() => verifyCms(content, { trustAnchors: [] })).toThrow(/Not a CMS/);
  });

  describe('hardening: refused with a reason, never valid', () => {
    it('refuses SHA-1 as digest and as signature algorithm, although the math matches', () => {
      const sha1 = verifyVariant({ digest: 'sha1' });
      expect(sha1.status).toBe('refused');
      expect(sha1.signers[0]!.status).toBe('weakAlgorithm');
      expect(sha1.problem).toMatch(/SHA-1.*no longer safe/);
      const sha1Signature = verifyVariant({ signatureAlgorithm: '1.2.840.10045.4.1' });
      expect(sha1Signature.status).toBe('refused');
      expect(sha1Signature.problem).toMatch(/ecdsa-with-SHA1/);
    });

    it('refuses a signature algorithm that does not fit the digest', () => {
      const result = verifyVariant({ signatureAlgorithm: '1.2.840.10045.4.3.3' });
      expect(result.status).toBe('refused');
      expect(result.signers[0]!.status).toBe('unsupportedAlgorithm');
    });

    it('requires the contentType attribute to equal the encapsulated content type', () => {
      const otherType = verifyVariant({ contentTypeAttribute: '1.2.840.113549.1.9.16.1.4' });
      expect(otherType.status).toBe('refused');
      expect(otherType.signers[0]!.status).toBe('malformedAttributes');
      expect(otherType.problem).toMatch(/contentType 1\.2\.840\.113549\.1\.9\.16\.1\.4 differs from the encapsulated content type 1\.2\.840\.113549\.1\.7\.1/);
      const missing = verifyVariant({ contentTypeAttribute: null });
      expect(missing.status).toBe('refused');
      expect(missing.problem).toMatch(/exactly one contentType \(found 0\)/);
      // Both sides changed consistently: accepted (the rule is equality, not id-data).
      expect(verifyVariant({ eContentType: '1.2.840.113549.1.9.16.1.4' }).status).toBe('valid');
    });

    it('requires the messageDigest attribute and signed attributes at all', () => {
      const noDigest = verifyVariant({ messageDigest: false });
      expect(noDigest.status).toBe('refused');
      expect(noDigest.problem).toMatch(/exactly one messageDigest \(found 0\)/);
      const noAttributes = verifyVariant({ signedAttributes: false });
      expect(noAttributes.status).toBe('refused');
      expect(noAttributes.signers[0]!.status).toBe('malformedAttributes');
      expect(noAttributes.problem).toMatch(/no signed attributes/);
    });

    it('refuses more than one signer, even when both are genuine', () => {
      const result = verifyVariant({ extraSigners: [{ certificate: pki.consumerClient.certificate, key: pki.consumerClient.key }] });
      expect(result.signers).toHaveLength(2);
      expect(result.status).toBe('refused');
      expect(result.problem).toMatch(/2 signers/);
    });

    it('refuses a signer certificate with an unknown critical extension', () => {
      const certificate = issueCertificate({
        subject: { commonName: 'TRU0012345678.SIG', organization: 'TEST' },
        subjectKey: pki.gatewaySignature.key,
        issuer: { certificate: pki.subCa.certificate, key: pki.subCa.key },
        serialNumber: 4711,
        notBefore: new Date('2023-01-01T00:00:00Z'),
        notAfter: new Date('2030-01-01T00:00:00Z'),
        keyUsage: ['digitalSignature'],
        extraExtensions: [{ oid: '1.3.6.1.4.1.99999.1', critical: true, value: Uint8Array.of(0x05, 0x00) }],
      });
      const result = verifyCms(signCms(content, { ...signer, certificate }, at), { trustAnchors: bundledTestAnchors() });
      expect(result.signers[0]!.status).toBe('unknownCriticalExtension');
      expect(result.status).toBe('refused');
      expect(result.problem).toMatch(/critical extension 1\.3\.6\.1\.4\.1\.99999\.1/);
      // The same extension, not critical: fine.
      const lenient = issueCertificate({
        subject: { commonName: 'TRU0012345678.SIG', organization: 'TEST' },
        subjectKey: pki.gatewaySignature.key,
        issuer: { certificate: pki.subCa.certificate, key: pki.subCa.key },
        serialNumber: 4712,
        notBefore: new Date('2023-01-01T00:00:00Z'),
        notAfter: new Date('2030-01-01T00:00:00Z'),
        keyUsage: ['digitalSignature'],
        extraExtensions: [{ oid: '1.3.6.1.4.1.99999.1', critical: false, value: Uint8Array.of(0x05, 0x00) }],
      });
      expect(verifyCms(signCms(content, { ...signer, certificate: lenient }, at), { trustAnchors: bundledTestAnchors() }).status).toBe('valid');
    });
  });
});

import { describe, expect, it } from 'vitest';
import { createTestPki } from '../../simulator/pki/test-pki';
import { bundledTestAnchors } from '../chain/trust-anchors';
import { extractCmsContent, signCms, verifyCms } from './cms';

const K461 = '<?xml version="1.0"?><profile_generic xmlns="urn:k461-dke-de:profile_generic-1"><logical_name>0100010800ff.1TRU0012345678.sm</logical_name></profile_generic>';

describe('CMS SignedData', () => {
  const pki = createTestPki({ seed: 'cms', curve: 'brainpoolP256r1' });
  const signer = { certificate: pki.gatewaySignature.certificate, key: pki.gatewaySignature.key, chain: [pki.subCa.certificate] };
  const content = new TextEncoder().encode(K461);
  const cms = signCms(content, signer, new Date('2024-03-01T12:00:00Z'));

  it('extracts the content and verifies signer and chain at the signing time', () => {
    expect(new TextDecoder().decode(extractCmsContent(cms))).toBe(K461);
    const result = verifyCms(cms, { trustAnchors: bundledTestAnchors() });
    expect(result.status).toBe('valid');
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
});

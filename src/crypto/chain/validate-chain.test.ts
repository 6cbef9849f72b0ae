import { describe, expect, it } from 'vitest';
import { createTestPki, testRoot } from '../../simulator/pki/test-pki';
import { Certificate } from '../certificates/certificate';
import { bundledTestAnchors, trustAnchorsFromBytes } from './trust-anchors';
import { statusAt, validateChain } from './validate-chain';
import { toPem } from '../pki/pem';

describe('validateChain', () => {
  const pki = createTestPki({ seed: 'chain', notBefore: new Date('2021-01-01T00:00:00Z'), notAfter: new Date('2023-01-01T00:00:00Z') });
  const signer = new Certificate(pki.gatewaySignature.certificate);
  const subCa = new Certificate(pki.subCa.certificate);

  it('accepts signer → Sub-CA → bundled TEST root, labelled test, with the validity window', () => {
    const result = validateChain(signer, [subCa], bundledTestAnchors());
    expect(result.status).toBe('valid');
    expect(result.anchor?.test).toBe(true);
    expect(result.certificates).toHaveLength(3);
    expect(new Date(result.validFrom!).toISOString()).toBe('2021-01-01T00:00:00.000Z');
    expect(new Date(result.validTo!).toISOString()).toBe('2023-01-01T00:00:00.000Z');
    expect(statusAt(result, Date.parse('2022-06-01T00:00:00Z'))).toBe('valid');
    expect(statusAt(result, Date.parse('2023-06-01T00:00:00Z'))).toBe('expiredAtCaptureTime');
    expect(statusAt(result, Date.parse('2020-06-01T00:00:00Z'))).toBe('notYetValidAtCaptureTime');
  });

  it('reports an unknown root without anchors, also when the document carries the root itself', () => {
    expect(validateChain(signer, [subCa], []).status).toBe('unknownRoot');
    const root = new Certificate(testRoot('brainpool').certificate);
    const result = validateChain(signer, [subCa, root], []);
    expect(result.status).toBe('unknownRoot');
    expect(result.message).toMatch(/not a trusted root/);
  });

  it('reports a broken chain when the named issuer did not sign the certificate', () => {
    // Same Sub-CA name, different key (another seed): names match, signatures do not.
    const impostor = new Certificate(createTestPki({ seed: 'impostor' }).subCa.certificate);
    expect(impostor.details.subject).toBe(subCa.details.subject);
    expect(validateChain(signer, [impostor], bundledTestAnchors()).status).toBe('brokenChain');
  });

  it('checks certificate signatures in pure JS too (runtimes without brainpool)', () => {
    const root = new Certificate(testRoot('brainpool').certificate);
    expect(signer.isSignedBy(subCa, 'noble')).toBe(true);
    expect(subCa.isSignedBy(root, 'noble')).toBe(true);
    expect(signer.isSignedBy(root, 'noble')).toBe(false);
    expect(signer.isSignedBy(subCa, 'openssl')).toBe(true);
  });

  it('rejects a CA or a TLS-only certificate as signer', () => {
    expect(validateChain(subCa, [], bundledTestAnchors()).status).toBe('wrongSigner');
  });

  it('takes user anchors from PEM and labels imported test roots as test', () => {
    const anchors = trustAnchorsFromBytes(new TextEncoder().encode(toPem(testRoot('brainpool').certificate, 'CERTIFICATE')), 'root.pem');
    expect(anchors[0]!.origin).toBe('user');
    expect(anchors[0]!.test).toBe(true);
    expect(validateChain(signer, [subCa], anchors).status).toBe('valid');
    expect(() => trustAnchorsFromBytes(new TextEncoder().encode('hello'), 'x.pem')).toThrow(/x.pem: not a certificate/);
  });
});

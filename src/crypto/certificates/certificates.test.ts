import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HAS_CONFORMANCE, conformancePath } from '../../testing/conformance';
import { reportSkippedRealFileTests } from '../../testing/conformance-skip';
import { createTestPki } from '../../simulator/pki/test-pki';
import { toPem } from '../pki/pem';
import { parseCertContent } from './cert-content';

describe('certContent forms', () => {
  const pki = createTestPki({ seed: 'forms' });
  const der = pki.gatewaySignature.certificate;

  it('reads DER, a PEM chain and base64 text, and names placeholders', () => {
    expect(parseCertContent(der).form).toBe('der');
    const chain = parseCertContent(new TextEncoder().encode(toPem(der, 'CERTIFICATE') + toPem(pki.subCa.certificate, 'CERTIFICATE')));
    expect(chain.form).toBe('pem');
    expect(chain.certificates.map((c) => c.details.subject)).toEqual([
      `C=DE, O=SMGW, OU=TRU SIG, CN=${pki.gatewayId}.SMGW`,
      'C=DE, O=TRuDI test SM-PKI, CN=TRuDI TEST GWA Sub-CA brainpoolP256r1',
    ]);
    const base64 = parseCertContent(new TextEncoder().encode(Buffer.from(der).toString('base64')));
    expect(base64.form).toBe('base64');
    expect(base64.certificates[0]!.details.fingerprintSha256).toBe(chain.certificates[0]!.details.fingerprintSha256);
    const placeholder = parseCertContent(Uint8Array.from([0x00, 0x11, 0x22, 0x33, 0xff]));
    expect(placeholder.form).toBe('placeholder');
    expect(placeholder.problem).toMatch(/placeholder of 5 bytes/);
    const broken = parseCertContent(der.slice(0, 200));
    expect(broken.form).toBe('unreadable');
  });

  it('shows the details a user needs', () => {
    const details = parseCertContent(der).certificates[0]!.details;
    expect(details).toMatchObject({ keyAlgorithm: 'EC', curve: 'brainpoolP256r1', keyBits: 256, signatureAlgorithm: 'ecdsa-with-SHA256', isCa: false, notBefore: '2020-01-01T00:00:00.000Z' });
    expect(details.serialNumber).toMatch(/^[0-9A-F]+$/);
    expect(details.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });
});

describe.skipIf(!HAS_CONFORMANCE)('certificates in the real TRuDI files', () => {
  const files = HAS_CONFORMANCE
    ? ['taf1', 'taf2', 'samples'].flatMap((dir) => readdirSync(conformancePath('trudi', dir)).filter((f) => f.endsWith('.xml')).map((f) => conformancePath('trudi', dir, f)))
    : [];
  const contents = new Map<string, string>();
  for (const file of files) for (const m of readFileSync(file, 'utf8').matchAll(/<certContent>([^<]*)<\/certContent>/g)) contents.set(m[1]!.trim(), file);

  it('parse in every form found (DER, PEM chains) and show details; placeholders are named as such', () => {
    const forms = new Set<string>();
    const subjects: string[] = [];
    for (const [hex, file] of contents) {
      const parsed = parseCertContent(new Uint8Array(Buffer.from(hex, 'hex')));
      forms.add(parsed.form);
      if (parsed.form === 'placeholder') continue;
      expect(parsed.certificates.length, `${file}: ${parsed.problem}`).toBeGreaterThan(0);
      for (const cert of parsed.certificates) {
        expect(cert.details.subject).toMatch(/CN=/);
        expect(cert.details.issuer).toMatch(/CN=/);
        expect(cert.details.keyAlgorithm).toBe('EC');
        expect(['brainpoolP256r1', 'P-256']).toContain(cert.details.curve);
        expect(cert.details.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
        expect(Date.parse(cert.details.notAfter)).toBeGreaterThan(Date.parse(cert.details.notBefore));
        subjects.push(cert.details.subject);
      }
    }
    expect([...forms].sort()).toEqual(['der', 'pem', 'placeholder']);
    expect(subjects.some((subject) => subject.includes('CN=EDNT0017038437.SMGW') && subject.includes('O=SM-Test-PKI'))).toBe(true);
  });

  it('links a real Sub-CA certificate to its issuer by name and signature', () => {
    const chainHex = [...contents.keys()].find((hex) => Buffer.from(hex, 'hex').toString('latin1').includes('BEGIN') && parseCertContent(new Uint8Array(Buffer.from(hex, 'hex'))).certificates.length === 2)!;
    const [leaf, subCa] = parseCertContent(new Uint8Array(Buffer.from(chainHex, 'hex'))).certificates;
    expect(leaf!.namesIssuer(subCa!)).toBe(true);
    expect(leaf!.isSignedBy(subCa!)).toBe(true);
    expect(subCa!.details.isCa).toBe(true);
  });
});

reportSkippedRealFileTests('certificates in the real TRuDI files');

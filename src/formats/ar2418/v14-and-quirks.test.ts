import { describe, expect, it } from 'vitest';
import { readAr2418 } from './reader';
import { writeAr2418 } from './writer';
import { validateAr2418 } from './validate';
import { generateSampleDocument } from '../../simulator/sample/sample-document';
import { makeSampleCertificate } from '../../simulator/sample/sample-certificate';
import { parseCertContent } from '../../crypto/certificates/cert-content';
import { requiredSchemaVersion } from '../../model/value-list';

describe('schema v1.4', () => {
  it('reads and writes the v1.4 elements and round-trips them', () => {
    const doc = generateSampleDocument({ style: 'minimal', readings: 3 });
    const up = doc.usagePoints[0]!;
    doc.generatorVersion = 'trudi 0.1.0';
    up.smgw.firmwareVersion = '3.1.4';
    up.smgw.manufacturer = 'XXX';
    up.smgw.firmwareComponents = [{ name: 'core', version: '1.0', checksum: 'AB12' }];
    up.smgw.systemTime = Date.UTC(2024, 0, 1, 12);
    up.vendorConfig = { tafProfile: '3082AB' };
    up.certificates.push({ certId: 2, certType: 2, certContent: makeSampleCertificate('SUB-CA') });
    up.smgw.certIds.push(2);
    up.logEntries.push({ recordNumber: 2, level: 2, text: 'x < y & z', outcome: 1, timestamp: Date.UTC(2024, 0, 1), subjectIdentity: 'user', destination: 'gw', userIdentity: 'consumer', evidence: '00FF' });
    const r0 = up.meterReadings[0]!.intervalBlocks[0]!.readings[0]!;
    r0.measurementTimeMeter = r0.captureTime - 1000;
    r0.statusVendor = 'vendor-ok';
    doc.schemaVersion = requiredSchemaVersion(doc);
    expect(doc.schemaVersion).toBe('1.4');
    const result = validateAr2418(Buffer.from(writeAr2418(doc)));
    expect(result.problems).toEqual([]);
    expect(result.document).toStrictEqual(doc);
  });

  it('keeps a v1.2 document at 1.2', () => {
    const doc = generateSampleDocument({ style: 'minimal', readings: 2 });
    expect(requiredSchemaVersion(doc)).toBe('1.2');
    expect(readAr2418(Buffer.from(writeAr2418(doc))).document!.schemaVersion).toBe('1.2');
  });
});

describe('vendor quirks', () => {
  it('reads ESPI elements written without their namespace, with one warning', () => {
    const xml = writeAr2418(generateSampleDocument({ style: 'minimal', readings: 2 })).replace('<espi:kind>0</espi:kind>', '<kind>0</kind>').replace(/<espi:value>/g, '<value>').replace(/<\/espi:value>/g, '</value>');
    const r = validateAr2418(Buffer.from(xml));
    expect(r.valid).toBe(true);
    expect(r.problems.map((p) => `${p.severity}:${p.code}`)).toEqual(['warning:quirk.namespace.kind', 'warning:quirk.namespace.value']);
    expect(r.document!.usagePoints[0]!.meterReadings[0]!.intervalBlocks[0]!.readings[0]!.value).toBe(1000000);
  });

  it('accepts other prefixes for the same namespaces', () => {
    const xml = writeAr2418(generateSampleDocument({ style: 'minimal', readings: 2 })).replace(/espi:/g, 'e:').replace('xmlns:espi=', 'xmlns:e=');
    const r = readAr2418(Buffer.from(xml));
    expect(r.problems).toEqual([]);
    expect(r.document!.usagePoints[0]!.serviceCategory).toBe(0);
  });
});

describe('certContent variants', () => {
  const der = makeSampleCertificate();
  const pem = `-----BEGIN CERTIFICATE-----\r\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\r\n')}\r\n-----END CERTIFICATE-----\r\n`;
  it('DER, PEM (chain), base64 text and placeholders', () => {
    expect(parseCertContent(der).form).toBe('der');
    const chain = parseCertContent(new Uint8Array(Buffer.from(pem + pem)));
    expect(chain.form).toBe('pem');
    expect(chain.certificates).toHaveLength(2);
    expect(chain.problem).toBeUndefined();
    const b64 = parseCertContent(new Uint8Array(Buffer.from(Buffer.from(der).toString('base64'))));
    expect(b64.form).toBe('base64');
    expect(Buffer.from(b64.certificates[0]!.der).equals(Buffer.from(der))).toBe(true);
    expect(parseCertContent(new Uint8Array([0, 0x11, 0x22, 0x33, 0xff]))).toMatchObject({ form: 'placeholder', certificates: [] });
    expect(parseCertContent(new Uint8Array(Buffer.from('x'.repeat(80)))).problem).toBeDefined();
  });
  it('a broken certificate is an error with the certificate location', () => {
    const doc = generateSampleDocument({ style: 'minimal', readings: 2 });
    doc.usagePoints[0]!.certificates[0]!.certContent = der.slice(0, 200);
    const r = validateAr2418(Buffer.from(writeAr2418(doc)));
    expect(r.problems.map((p) => p.code)).toEqual(['context.cert-invalid']);
    expect(r.problems[0]!.location!.path).toBe('/UsagePoints/UsagePoint[1]/Certificate[1]');
  });
});

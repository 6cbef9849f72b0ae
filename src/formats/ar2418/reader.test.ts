import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OriginalUnavailableError, originalInMemory } from '../../platform/original-bytes';
import { conformancePath, conformanceXmlFiles, HAS_CONFORMANCE } from '../../testing/conformance';
import { reportSkippedRealFileTests } from '../../testing/conformance-skip';
import { Ar2418StreamReader, readAr2418, readAr2418File } from './reader';
import { generateSampleDocument } from '../../simulator/sample/sample-document';
import { writeAr2418 } from './writer';
import { TEXT_CHUNK } from './stream-reader';

describe.skipIf(!HAS_CONFORMANCE)('reading the real AR 2418-6 files', () => {
  const files = conformanceXmlFiles();
  it('finds the conformance files', () => {
    expect(files.length).toBeGreaterThanOrEqual(41);
  });
  it.each(files)('%s parses without errors and round-trips through the writer', async (file) => {
    const result = await readAr2418File(conformancePath(file));
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.document).toBeDefined();
    const original = readFileSync(conformancePath(file));
    expect(Buffer.from(result.original.read()).equals(original)).toBe(true);
    expect(result.original.sha256()).toBe(createHash('sha256').update(original).digest('hex'));
    const again = readAr2418(Buffer.from(writeAr2418(result.document!)));
    expect(again.problems).toEqual([]);
    expect(again.document).toStrictEqual(result.document);
  });

  it('reads the model of a device document', async () => {
    const { document } = await readAr2418File(conformancePath('minimal/minimal_IF_Adapter_TRuDI.xml'));
    const up = document!.usagePoints[0]!;
    expect(document!.kind).toBe('device');
    expect(up.usagePointId).toBe('DE0000000000000000000000000000001');
    expect(up.customerId).toBe('consumer-01');
    expect(up.smgw).toEqual({ certIds: [1], smgwId: 'EXXX0012345678', firmwareComponents: [] });
    expect(up.certificates[0]!.certContent.length).toBe(300);
    expect(up.logEntries[0]).toEqual({ recordNumber: 1, level: 1, text: 'consumer: http authorization', outcome: 0, timestamp: Date.UTC(2023, 11, 31, 23, 5) });
    const mr = up.meterReadings[0]!;
    expect(mr.readingType).toEqual({
      powerOfTenMultiplier: 0,
      uom: 72,
      scaler: -1,
      obisCode: '0100010800ff',
      qualifiedLogicalName: '0100010800FF.1XXX0012345678.sm',
      measurementPeriod: 900,
    });
    expect(mr.intervalBlocks[0]!.readings[0]).toEqual({
      value: 1000000,
      captureTime: Date.UTC(2023, 11, 31, 23),
      duration: 0,
      targetTime: Date.UTC(2023, 11, 31, 23),
      statusFNN: 'A000000020000000',
      statusPTB: 0,
    });
  });

  it('reads a supplier document', async () => {
    const { document } = await readAr2418File(conformancePath('minimal/minimal_IF_Lieferant_TRuDI.xml'));
    expect(document!.kind).toBe('supplier');
    const ap = document!.usagePoints[0]!.analysisProfile!;
    expect(ap.tariffId).toBe('TAF7-Beispiel');
    expect(ap.billingPeriod).toEqual({ start: Date.UTC(2023, 11, 31, 23), duration: 86400 });
    expect(ap.tariffStages.map((s) => s.obisCode)).toEqual(['0100010801ff', '0100010802ff']);
    expect(ap.dayProfiles[0]!.dayTimeProfiles).toHaveLength(96);
  });

  it('accepts the certContent variants of real files (DER, PEM text, placeholder)', async () => {
    const der = await readAr2418File(conformancePath('trudi/taf2/result_3_days.xml'));
    expect(der.document!.usagePoints[0]!.certificates[0]!.certContent[0]).toBe(0x30);
    const pem = await readAr2418File(conformancePath('trudi/samples/TAF-7-Ablesung_Jan_2018.xml'));
    expect(Buffer.from(pem.document!.usagePoints[0]!.certificates[0]!.certContent).toString('latin1')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const placeholder = await readAr2418File(conformancePath('trudi/samples/IF_Adapter_TRuDI_DatenTAF7.xml'));
    expect(Array.from(placeholder.document!.usagePoints[0]!.certificates[0]!.certContent)).toEqual([0x00, 0x11, 0x22, 0x33, 0xff]);
  });

  it('reads times with fractions, Z and offsets', async () => {
    const { document } = await readAr2418File(conformancePath('trudi/samples/IF_Adapter_TRuDI_DatenTAF7_With_Gaps.xml'));
    const times = document!.usagePoints[0]!.meterReadings.flatMap((m) => m.intervalBlocks.flatMap((b) => b.readings.map((r) => r.captureTime)));
    expect(times).toContain(Date.UTC(2017, 5, 26, 9, 45));
  });
});

reportSkippedRealFileTests('real-file tests');

describe('reading generated documents', () => {
  it('gives the same result whatever the chunk boundaries', async () => {
    const xml = Buffer.from(writeAr2418(generateSampleDocument({ style: 'minimal', readings: 5, placeholderSignatures: true })));
    const whole = readAr2418(xml);
    for (const size of [1, 7, 64, 1000]) {
      const reader = new Ar2418StreamReader();
      for (let i = 0; i < xml.length; i += size) reader.write(xml.subarray(i, i + size));
      const parts = reader.end(originalInMemory(xml));
      expect(parts.problems).toEqual([]);
      expect(parts.document).toStrictEqual(whole.document);
      expect(parts.locations.reading(parts.document!.usagePoints[0]!.meterReadings[0]!.intervalBlocks[0]!, 2)).toEqual(
        whole.locations.reading(whole.document!.usagePoints[0]!.meterReadings[0]!.intervalBlocks[0]!, 2),
      );
    }
  });

  it('reads a document of many text pieces (1 MB writes, a BOM) back into the very model written', () => {
    const doc = generateSampleDocument({ style: 'minimal', readings: 1500, placeholderSignatures: true });
    const xml = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(writeAr2418(doc))]);
    expect(xml.length).toBeGreaterThan(8 * TEXT_CHUNK);
    const read = readAr2418(xml);
    expect(read.problems).toEqual([]);
    // the signatures are copied from the input bytes at positions computed per piece
    expect(read.document).toStrictEqual(doc);
  });

  it('decodes entities, character references, CDATA and comments in text, and CRLF files', () => {
    let xml = writeAr2418(generateSampleDocument({ style: 'minimal', readings: 2 }));
    xml = xml.replace('<tariffName>TAF7-Beispiel</tariffName>', '<tariffName>A&amp;B &#x41;<!-- note --><![CDATA[<x>&amp;]]> &lt;z&gt;</tariffName>');
    xml = xml.replace(/<espi:value>(\d+)<\/espi:value>/, '<espi:value>&#49;$1</espi:value>').replace(/\n/g, '\r\n');
    const r = readAr2418(Buffer.from(xml));
    expect(r.problems).toEqual([]);
    const up = r.document!.usagePoints[0]!;
    expect(up.tariffName).toBe('A&B A<x>&amp; <z>');
    expect(up.meterReadings[0]!.intervalBlocks[0]!.readings[0]!.value).toBe(11000000);
    const bad = readAr2418(Buffer.from(xml.replace('A&amp;B', 'A&unknown;B')));
    expect(bad.problems.map((p) => p.code)).toEqual(['xml.malformed']);
    expect(bad.problems[0]!.en).toContain('undefined entity');
  });

  it('reads a UTF-8 BOM, ISO-8859-1 and times without zone', () => {
    const xml = writeAr2418(generateSampleDocument({ style: 'minimal', readings: 2 })).replace('<tariffName>TAF7-Beispiel', '<tariffName>Zählerstand');
    const bom = readAr2418(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml)]));
    expect(bom.document!.usagePoints[0]!.tariffName).toBe('Zählerstand');
    const latin1 = readAr2418(Buffer.from(xml.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'latin1'));
    expect(latin1.document!.usagePoints[0]!.tariffName).toBe('Zählerstand');
    const noZone = readAr2418(Buffer.from(xml.replace('<start>2024-01-01T00:00:00+01:00</start>', '<start>2024-01-01T00:00:00</start>')));
    expect(noZone.problems.map((p) => `${p.severity}:${p.code}`)).toEqual(['warning:quirk.no-zone']);
  });
});

describe('reading a file in place', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trudi-reader-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('streams a file of several chunks into the same model as from memory; the original is a handle to the untouched file', async () => {
    const xml = Buffer.from(writeAr2418(generateSampleDocument({ style: 'minimal', readings: 6000, placeholderSignatures: true })));
    expect(xml.length).toBeGreaterThan(3 * (1 << 20)); // more than the reader's two 1 MB buffers
    const path = join(dir, 'device.xml');
    writeFileSync(path, xml);
    const fromFile = await readAr2418File(path);
    expect(fromFile.problems).toEqual([]);
    expect(fromFile.document).toStrictEqual(readAr2418(xml).document);
    expect(fromFile.original.path).toBe(path);
    expect(fromFile.original.size).toBe(xml.length);
    expect(Buffer.from(fromFile.original.read()).equals(xml)).toBe(true);
    expect(fromFile.original.sha256()).toBe(createHash('sha256').update(xml).digest('hex'));
    expect(readFileSync(path).equals(xml)).toBe(true);
  });

  it('refuses to give out other bytes when the file was changed or removed after the read', async () => {
    const xml = Buffer.from(writeAr2418(generateSampleDocument({ style: 'minimal', readings: 20 })));
    const path = join(dir, 'changed.xml');
    writeFileSync(path, xml);
    const read = await readAr2418File(path);
    const changed = Buffer.from(xml);
    changed[changed.length - 2] = 0x20;
    writeFileSync(path, changed);
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    expect(() => read.original.read()).toThrow(OriginalUnavailableError);
    expect(() => read.original.read()).toThrow(/no longer the file that was read.*open the file again/);
    rmSync(path);
    expect(() => read.original.read()).toThrow(/can no longer be read \(ENOENT\); open the file or read the gateway again/);
  });
});

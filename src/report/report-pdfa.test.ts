/**
 * The PDF/A-3 parts of a report, read back with pdf-lib's parser and poppler: XMP packet, sRGB output
 * intent, associated files, file id, embedded fonts. Also the TEST PKI labels on signed sample data, the
 * report without a supplier file, progress and cancellation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { PDFRawStream} from 'pdf-lib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFStream } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { CancelledError } from '../api/errors';
import { bundledTestAnchors } from '../crypto/chain/trust-anchors';
import { writeAr2418Bytes } from '../formats/ar2418/writer';
import type { Ar2418Document } from '../model/types';
import { berlinTime } from '../model/time/berlin';
import { generateSignedSampleDocument } from '../simulator/sample/sample-document';
import { generateReport } from './generate-report';
import { REPORT_RESOURCES } from './pdf/fonts';
import { HAS_POPPLER, PdfFile, POPPLER_SKIP_REASON } from './testing/poppler';
import type { ReportInput, ReportProgress } from './types';

let sample: Ar2418Document;
let sampleBytes: Uint8Array;

beforeAll(async () => {
  sample = (await generateSignedSampleDocument({ months: 1, start: berlinTime(2024, 3, 1), seed: 'report-test' })).document;
  sampleBytes = writeAr2418Bytes(sample);
}, 120_000);

const sampleInput = (extra: Partial<ReportInput> = {}): ReportInput => ({
  device: { document: sample, bytes: sampleBytes, fileName: 'sample.xml' },
  source: 'file',
  demo: false,
  ...extra,
});

function streamBytes(stream: PDFStream): Uint8Array {
  const raw = (stream as PDFRawStream).getContents();
  const filter = stream.dict.get(PDFName.of('Filter'));
  return filter?.toString() === '/FlateDecode' ? new Uint8Array(inflateSync(raw)) : raw;
}

describe('the PDF/A-3 structure of a report', () => {
  let doc: PDFDocument;
  let bytes: Uint8Array;
  beforeAll(async () => {
    const report = await generateReport(sampleInput(), { lang: 'de', trustAnchors: bundledTestAnchors(), now: new Date('2026-03-01T10:00:00Z') });
    bytes = report.bytes;
    doc = await PDFDocument.load(bytes, { updateMetadata: false });
  }, 120_000);

  it('starts with a PDF 1.7 header and a binary comment', () => {
    const head = Buffer.from(bytes.subarray(0, 20));
    expect(head.subarray(0, 9).toString('latin1')).toBe('%PDF-1.7\n');
    expect([...head.subarray(10, 14)].every((b) => b >= 128)).toBe(true);
  });

  it('declares PDF/A-3B in an uncompressed XMP packet that repeats the document information', () => {
    const metadata = doc.catalog.lookup(PDFName.of('Metadata'), PDFStream);
    expect(metadata.dict.get(PDFName.of('Filter'))).toBeUndefined();
    const xmp = new TextDecoder().decode(streamBytes(metadata));
    expect(xmp.startsWith('<?xpacket begin="\uFEFF"')).toBe(true);
    expect(xmp).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(xmp).toContain(`<rdf:li xml:lang="x-default">${doc.getTitle()}</rdf:li>`);
    expect(xmp).toContain('<xmp:CreateDate>2026-03-01T10:00:00Z</xmp:CreateDate>');
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(xmp).toContain(`<pdf:Producer>${doc.getProducer()}</pdf:Producer>`);
    expect(doc.catalog.get(PDFName.of('Lang'))?.toString()).toContain('de-DE');
  });

  it('has an sRGB output intent carrying the shipped ICC profile', () => {
    const intents = doc.catalog.lookup(PDFName.of('OutputIntents'), PDFArray);
    const intent = intents.lookup(0, PDFDict);
    expect(intent.get(PDFName.of('S'))?.toString()).toBe('/GTS_PDFA1');
    const profile = intent.lookup(PDFName.of('DestOutputProfile'), PDFStream);
    expect(profile.dict.get(PDFName.of('N'))?.toString()).toBe('3');
    expect(Buffer.from(streamBytes(profile)).equals(readFileSync(join(REPORT_RESOURCES, 'sRGB.icc')))).toBe(true);
  });

  it('attaches the device file as an associated file (AFRelationship, MIME type, dates)', () => {
    const af = doc.catalog.lookup(PDFName.of('AF'), PDFArray);
    expect(af.size()).toBe(1);
    const spec = af.lookup(0, PDFDict);
    expect(spec.get(PDFName.of('AFRelationship'))?.toString()).toBe('/Source');
    expect(spec.get(PDFName.of('F'))?.toString()).toBe('(sample.xml)');
    const file = spec.lookup(PDFName.of('EF'), PDFDict).lookup(PDFName.of('F'), PDFStream);
    expect(file.dict.get(PDFName.of('Subtype'))?.toString()).toBe('/application#2Fxml');
    expect(file.dict.lookup(PDFName.of('Params'), PDFDict).get(PDFName.of('ModDate'))).toBeDefined();
    expect(Buffer.from(streamBytes(file)).equals(Buffer.from(sampleBytes))).toBe(true);
    const names = doc.catalog.lookup(PDFName.of('Names'), PDFDict).lookup(PDFName.of('EmbeddedFiles'), PDFDict).lookup(PDFName.of('Names'), PDFArray);
    expect(names.get(1)).toBeInstanceOf(PDFRef);
  });

  it('embeds every font it uses and carries a file identifier, no encryption', () => {
    const fonts = doc.context.enumerateIndirectObjects().filter(([, o]) => o instanceof PDFDict && o.get(PDFName.of('Type'))?.toString() === '/FontDescriptor');
    expect(fonts.length).toBe(3);
    for (const [, descriptor] of fonts) expect((descriptor as PDFDict).get(PDFName.of('FontFile2'))).toBeInstanceOf(PDFRef);
    const id = doc.context.trailerInfo.ID as PDFArray;
    expect(id.size()).toBe(2);
    expect(doc.context.trailerInfo.Encrypt).toBeUndefined();
  });
});

describe('labels, no supplier file, progress and cancellation', () => {
  it('labels TEST PKI verdicts on every page and reports the meter registers without a supplier file', { timeout: 120_000 }, async () => {
    if (!HAS_POPPLER) return expect(POPPLER_SKIP_REASON).toBeTruthy();
    const report = await generateReport(sampleInput({ billed: [{ obis: '1-0:1.8.0*255', value: 1, decimals: 0 }] }), { lang: 'en', trustAnchors: bundledTestAnchors() });
    const pdf = new PdfFile(report.bytes);
    try {
      for (let page = 1; page <= report.pages; page++) expect(pdf.pageText(page)).toContain('TEST PKI – test data: not evidence for a bill');
      const text = pdf.text({ layout: true });
      expect(text).toContain('Meter data verification report');
      expect(text).toMatch(/valid signature\s+[\d,]+/);
      expect(text).toMatch(/1-0:1\.8\.0\*255.*kWh/);
      expect(text.replace(/\s+/g, ' ')).toContain('less energy billed than the readings give');
      expect(text).toContain('Checksums of the tariff file');
      expect(text).toContain('No supplier tariff file given');
    } finally {
      pdf.dispose();
    }
  });

  it('reports progress up to 1 and stops when cancelled', { timeout: 120_000 }, async () => {
    const events: ReportProgress[] = [];
    await generateReport(sampleInput(), { lang: 'de', onProgress: (p) => events.push(p) });
    expect(events[0]!.message).toBe('report.analysing');
    expect(events.map((e) => e.message)).toContain('report.layout');
    expect(events.at(-1)).toEqual({ fraction: 1, message: 'report.done' });
    for (let i = 1; i < events.length; i++) expect(events[i]!.fraction).toBeGreaterThanOrEqual(events[i - 1]!.fraction);

    const controller = new AbortController();
    const cancelled = generateReport(sampleInput(), {
      lang: 'de',
      signal: controller.signal,
      onProgress: (p) => {
        if (p.message === 'report.layout') controller.abort();
      },
    });
    await expect(cancelled).rejects.toBeInstanceOf(CancelledError);
  });
});

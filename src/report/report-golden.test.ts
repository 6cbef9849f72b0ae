/**
 * Reports of the golden bill-check cases (../shared/conformance/cases.json, real files of test gateways),
 * read back with poppler: the register values in kWh, the gateway id and the supplier file's checksums are
 * in the text; pdfdetach gives back the device and supplier files byte for byte; pdfinfo says A4 and shows
 * the PDF/A metadata; every font is embedded.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDocumentFile } from '../analysis/document-files';
import { CONFORMANCE_SKIP_REASON, HAS_CONFORMANCE, conformancePath } from '../testing/conformance';
import { generateReport } from './generate-report';
import { HAS_POPPLER, PdfFile, POPPLER_SKIP_REASON } from './testing/poppler';
import type { ReportLanguage } from './types';

interface GoldenCase {
  name: string;
  taf: number;
  device: string;
  supplier: string;
  expect: { error?: boolean; registers?: { obis: string; tariffNumber: number; amount: number }[] };
}

const cases: GoldenCase[] = HAS_CONFORMANCE ? (JSON.parse(readFileSync(conformancePath('cases.json'), 'utf8')) as { cases: GoldenCase[] }).cases : [];
const skipReason = !HAS_CONFORMANCE ? CONFORMANCE_SKIP_REASON : !HAS_POPPLER ? POPPLER_SKIP_REASON : '';

/** The kWh text the report must print, formatted here independently of the report's formatter. */
function kwhText(amount: number, exponent: number, lang: ReportLanguage): string {
  const decimals = Math.max(0, -exponent);
  const [whole, fraction] = (amount * 10 ** exponent).toFixed(decimals).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'de' ? '.' : ',');
  return `${grouped}${fraction ? (lang === 'de' ? ',' : '.') + fraction : ''} kWh`;
}

async function reportFor(c: GoldenCase, lang: ReportLanguage) {
  const device = await readDocumentFile(conformancePath(c.device), 'device');
  const supplier = await readDocumentFile(conformancePath(c.supplier), 'supplier');
  const report = await generateReport(
    {
      device: { document: device.document, bytes: device.original.read(), fileName: c.device.split('/').pop()! },
      supplier: { document: supplier.document, bytes: supplier.original.read(), fileName: c.supplier.split('/').pop()! },
      source: 'file',
      demo: false,
    },
    { lang, now: new Date('2026-03-01T10:00:00Z') },
  );
  return { device, supplier, report };
}

describe.skipIf(!!skipReason)(`report of every golden bill-check case ${skipReason}`, () => {
  cases.forEach((c, index) => {
    const lang: ReportLanguage = index % 2 === 0 ? 'de' : 'en';
    it(`${c.name} (${lang})`, { timeout: 180_000 }, async () => {
      const { device, supplier, report } = await reportFor(c, lang);
      const pdf = new PdfFile(report.bytes);
      try {
        const text = pdf.text({ layout: true });
        const lines = text.split('\n');
        const gatewayId = device.document.usagePoints[0]!.smgw.smgwId;
        expect(text).toContain(gatewayId);

        if (c.expect.error) {
          expect(report.billCheckError).toBeDefined();
          expect(text).toContain(lang === 'de' ? 'Nachberechnung nicht möglich' : 'Recomputation not possible');
        } else {
          expect(report.billCheckError).toBeUndefined();
          const ovl = device.document.usagePoints.flatMap((u) => u.meterReadings).find((m) => m.readingType.uom === 72)!;
          const exponent = ovl.readingType.scaler + ovl.readingType.powerOfTenMultiplier - 3;
          for (const register of c.expect.registers!) {
            const value = kwhText(register.amount, exponent, lang);
            const row = lines.find((line) => line.includes(register.obis) && line.includes(value));
            expect(row, `${register.obis} = ${value} in the register table`).toBeDefined();
          }
        }

        const flat = text.replace(/\s+/g, '');
        const sha3 = createHash('sha3-256').update(supplier.original.read()).digest('hex').toUpperCase();
        const ripemd = createHash('ripemd160').update(supplier.original.read()).digest('hex').toUpperCase();
        if (!c.expect.error) {
          expect(flat).toContain(sha3);
          expect(flat).toContain(ripemd);
        }

        const attachments = pdf.attachments();
        expect(Buffer.from(attachments.get(c.device.split('/').pop()!)!).equals(Buffer.from(device.original.read()))).toBe(true);
        expect(Buffer.from(attachments.get(c.supplier.split('/').pop()!)!).equals(Buffer.from(supplier.original.read()))).toBe(true);

        const info = pdf.info();
        expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
        expect(info).toMatch(/Metadata Stream:\s+yes/);
        expect(info).toMatch(/Encrypted:\s+no/);
        const xmp = pdf.metadata();
        expect(xmp).toContain('<pdfaid:part>3</pdfaid:part>');
        expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
        const fontLines = pdf.fonts().split('\n').slice(2).filter((l) => l.trim());
        expect(fontLines.length).toBeGreaterThan(0);
        for (const line of fontLines) expect(line, 'every font embedded and subset').toMatch(/^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes yes yes/);
      } finally {
        pdf.dispose();
      }
    });
  });
});

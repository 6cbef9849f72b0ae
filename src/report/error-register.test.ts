/**
 * The error register is known by its OBIS code (E = 63), whatever tariff number the supplier file gives it.
 * The real TAF-7 sample of January 2018 numbers its Fehlerregister (1.8.63) tariff 3 and books 21,225 kWh to
 * it: the bill check's cost note and the report's warning, label and colour must follow the OBIS.
 */
import { describe, expect, it } from 'vitest';
import { costRegistersOfTaf } from '../analysis/bill-cost';
import { readDocumentFile } from '../analysis/document-files';
import { computeTaf } from '../analysis/taf';
import { CONFORMANCE_SKIP_REASON, HAS_CONFORMANCE, conformancePath } from '../testing/conformance';
import { generateReport } from './generate-report';
import { HAS_POPPLER, PdfFile, POPPLER_SKIP_REASON } from './testing/poppler';

const DEVICE = 'trudi/samples/TAF-7-Ablesung_Jan_2018.xml';
const SUPPLIER = 'trudi/samples/Lieferanten-XML_Jan_2018.xml';

async function sample() {
  const device = await readDocumentFile(conformancePath(DEVICE), 'device');
  const supplier = await readDocumentFile(conformancePath(SUPPLIER), 'supplier');
  return { device, supplier };
}

describe.skipIf(!HAS_CONFORMANCE)(`error register numbered 3 in the supplier file ${HAS_CONFORMANCE ? '' : CONFORMANCE_SKIP_REASON}`, () => {
  it('gets the cost note of the error register', async () => {
    const { device, supplier } = await sample();
    const result = computeTaf(device.document, supplier.document, { supplierBytes: supplier.original.read() });
    const error = result.registers.find((r) => r.obis === '1-0:1.8.63*255')!;
    expect(error.tariffNumber).toBe(3);
    expect(error.amount).not.toBe(0);
    const notes = costRegistersOfTaf(result).map((r) => [r.obis, r.notes?.map((n) => n.en) ?? []]);
    expect(notes).toEqual([
      ['1-0:1.8.1*255', []],
      ['1-0:1.8.2*255', []],
      ['1-0:1.8.63*255', [expect.stringMatching(/^Error register:/)]],
    ]);
  });

  it.skipIf(!HAS_POPPLER)(`is warned about and named in the report ${HAS_POPPLER ? '' : POPPLER_SKIP_REASON}`, { timeout: 180_000 }, async () => {
    const { device, supplier } = await sample();
    for (const lang of ['de', 'en'] as const) {
      const report = await generateReport(
        {
          device: { document: device.document, bytes: device.original.read(), fileName: 'TAF-7-Ablesung_Jan_2018.xml' },
          supplier: { document: supplier.document, bytes: supplier.original.read(), fileName: 'Lieferanten-XML_Jan_2018.xml' },
          source: 'file',
          demo: false,
        },
        { lang, now: new Date('2026-03-01T10:00:00Z') },
      );
      const pdf = new PdfFile(report.bytes);
      try {
        const text = pdf.text({ layout: false }).replace(/\s+/g, ' ');
        if (lang === 'de') {
          expect(text).toMatch(/Fehlerregister 1-0:1\.8\.63\*255: [\d.,]+ kWh ohne sichere Tarifzuordnung/);
          expect(text).toContain('Bezug, Fehlerregister');
          expect(text).not.toContain('Bezug, Tarif 3');
        } else {
          expect(text).toMatch(/Error register 1-0:1\.8\.63\*255: [\d.,]+ kWh without a certain tariff/);
          expect(text).toContain('Import, error register');
          expect(text).not.toContain('Import, tariff 3');
        }
      } finally {
        pdf.dispose();
      }
    }
  });
});

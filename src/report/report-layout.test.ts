/**
 * A long case (243 days, 729 measuring ranges of a real Dr. Neuhaus test gateway) in German and English:
 * tables span many pages, no row is cut at a page edge, every continued page repeats the table's title and
 * header (checked in the layout record and in the text pdftotext reads back), and pdftoppm renders every
 * page as A4.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocumentFile } from '../analysis/document-files';
import { CONFORMANCE_SKIP_REASON, HAS_CONFORMANCE, conformancePath } from '../testing/conformance';
import { generateReport } from './generate-report';
import { HAS_POPPLER, PdfFile, POPPLER_SKIP_REASON } from './testing/poppler';
import type { GeneratedReport, ReportLanguage } from './types';

const skipReason = !HAS_CONFORMANCE ? CONFORMANCE_SKIP_REASON : !HAS_POPPLER ? POPPLER_SKIP_REASON : '';
const HEADERS: Record<ReportLanguage, { continued: string; ranges: string[]; daily: string[] }> = {
  de: { continued: '(Fortsetzung)', ranges: ['Messbereiche', 'Stand Beginn', 'Stand Ende', 'Menge'], daily: ['Tageswerte (kWh)', 'Tag'] },
  en: { continued: '(continued)', ranges: ['Measuring ranges', 'Start reading', 'End reading', 'Amount'], daily: ['Daily values (kWh)', 'Day'] },
};

describe.skipIf(!!skipReason)(`long report layout ${skipReason}`, () => {
  for (const lang of ['de', 'en'] as const) {
    describe(lang, () => {
      let report: GeneratedReport;
      let pdf: PdfFile;
      beforeAll(async () => {
        const device = await readDocumentFile(conformancePath('trudi/taf2/resultJan-Sep2017.xml'), 'device');
        const supplier = await readDocumentFile(conformancePath('trudi/taf2/supplierXmlJan-Sep2017.xml'), 'supplier');
        report = await generateReport(
          {
            device: { document: device.document, bytes: device.original.read(), fileName: 'resultJan-Sep2017.xml' },
            supplier: { document: supplier.document, bytes: supplier.original.read(), fileName: 'supplierXmlJan-Sep2017.xml' },
            source: 'file',
            demo: false,
            billed: [{ obis: '1-0:1.8.1*255', value: 11.6, decimals: 1 }],
          },
          { lang },
        );
        pdf = new PdfFile(report.bytes);
      }, 240_000);
      afterAll(() => pdf?.dispose());

      it('keeps every table row inside the content area of one page', () => {
        const { tables, contentTop, contentBottom } = report.layout;
        expect(tables.length).toBeGreaterThan(3);
        for (const table of tables) {
          for (const row of table.rows) {
            expect(row.bottom, `${table.id} row on page ${row.page + 1}`).toBeGreaterThanOrEqual(contentBottom - 0.01);
            expect(row.top, `${table.id} row on page ${row.page + 1}`).toBeLessThanOrEqual(contentTop + 0.01);
            expect(row.top).toBeGreaterThan(row.bottom);
          }
        }
      });

      it('starts every page of a table with its header row', () => {
        for (const table of report.layout.tables) {
          const pages = [...new Set(table.rows.map((r) => r.page))];
          for (const page of pages) expect(table.rows.find((r) => r.page === page)!.header, `${table.id} on page ${page + 1}`).toBe(true);
        }
        const ranges = report.layout.tables.find((t) => t.id === 'ranges')!;
        const daily = report.layout.tables.find((t) => t.id === 'daily-1')!;
        expect(new Set(ranges.rows.map((r) => r.page)).size).toBeGreaterThan(15);
        expect(new Set(daily.rows.map((r) => r.page)).size).toBeGreaterThan(3);
      });

      it('repeats title and header on the continued pages, as pdftotext reads them', () => {
        const h = HEADERS[lang];
        const ranges = report.layout.tables.find((t) => t.id === 'ranges')!;
        const rangePages = [...new Set(ranges.rows.map((r) => r.page + 1))];
        for (const page of rangePages) {
          const text = pdf.pageText(page);
          for (const label of h.ranges) expect(text, `page ${page}`).toContain(label);
          if (page !== rangePages[0]) expect(text).toContain(h.continued);
        }
        const daily = report.layout.tables.find((t) => t.id === 'daily-1')!;
        for (const page of [...new Set(daily.rows.map((r) => r.page + 1))]) {
          const text = pdf.pageText(page);
          for (const label of h.daily) expect(text, `page ${page}`).toContain(label);
        }
        // Every measuring range appears once: 729 rows, none lost or doubled at a page break.
        const when = String.raw`(?:\d{2}\.\d{2}\.\d{4}|\d{4}-\d{2}-\d{2}) \d{2}:\d{2}`;
        const rangeRow = new RegExp(`${when}\\s+${when}\\s+1-0:[12]\\.8\\.\\d+\\*255`);
        const rows = pdf.text({ layout: true }).split('\n').filter((line) => rangeRow.test(line));
        expect(rows.length).toBe(729);
        expect(ranges.rows.filter((r) => !r.header).length).toBe(729);
      });

      it('renders every page as A4 with pdftoppm', () => {
        const dir = mkdtempSync(join(tmpdir(), 'trudi-report-png-'));
        try {
          const pngs = pdf.renderPages(dir, lang, 30);
          expect(pngs.length).toBe(report.pages);
          for (const png of pngs) {
            const bytes = readFileSync(png);
            const width = bytes.readUInt32BE(16);
            const height = bytes.readUInt32BE(20);
            expect(width / height).toBeCloseTo(595.28 / 841.89, 2);
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
    });
  }
});

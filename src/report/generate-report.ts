/**
 * The one report generator of app and CLI: facts (bill check, status, signatures) → content in the chosen
 * language → A4 PDF/A-3 with the original files attached. Progress is reported; the signal cancels between
 * steps and every few table rows.
 */
import { CancelledError } from '../api/errors';
import { berlinDateKey } from '../model/time/berlin';
import { buildReportContent } from './content/build-content';
import { formatterFor } from './format';
import { renderPdf } from './pdf/render-pdf';
import { GEOMETRY } from './pdf/page-flow';
import { collectReportFacts, hashHex } from './report-facts';
import type { GeneratedReport, ReportInput, ReportOptions } from './types';

export const DEFAULT_SOFTWARE = { name: 'TRuDI next', version: '0.0.0' };

export async function generateReport(input: ReportInput, options: ReportOptions): Promise<GeneratedReport> {
  const lang = options.lang;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000;
  const software = options.software ?? DEFAULT_SOFTWARE;
  const progress = options.onProgress ?? (() => {});
  const checkpoint = async () => {
    if (options.signal?.aborted) throw new CancelledError('Report');
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) throw new CancelledError('Report');
  };

  const facts = await collectReportFacts(input, options);
  await checkpoint();
  progress({ fraction: 0.72, message: 'report.layout' });
  const content = buildReportContent(lang, facts, input, now, software);
  const gatewayId = facts.usagePoint.smgw.smgwId || facts.usagePoint.usagePointId || 'readout';
  const rendered = await renderPdf(content, {
    formatter: formatterFor(lang),
    metadata: {
      title: `${content.title} – ${gatewayId}`,
      subject: content.subtitle,
      author: software.name,
      keywords: ['TRuDI', 'AR 2418-6', gatewayId, facts.usagePoint.usagePointId, ...(facts.taf ? [`TAF-${facts.taf.taf}`] : [])].filter(Boolean),
      creator: `${software.name} ${software.version}`,
      producer: `${software.name} ${software.version} (pdf-lib)`,
      language: lang === 'de' ? 'de-DE' : 'en-GB',
      created: new Date(now),
    },
    attachments: facts.attachments,
    idSeed: [now, gatewayId, lang, facts.device.sha256, facts.supplier?.sha256 ?? ''].join('|'),
    continued: lang === 'de' ? '(Fortsetzung)' : '(continued)',
    checkpoint,
    onBlock: (done, total) => progress({ fraction: 0.72 + 0.23 * (done / total), message: 'report.layout' }),
  });
  progress({ fraction: 1, message: 'report.done' });
  return {
    bytes: rendered.bytes,
    pages: rendered.pages,
    fileName: reportFileName(gatewayId, facts.billingPeriod?.start ?? facts.begin, lang),
    attachments: facts.attachments.map((a) => ({ fileName: a.fileName, size: a.bytes.length, sha256: hashHex('sha256', a.bytes) })),
    layout: { tables: rendered.tables, contentTop: GEOMETRY.top, contentBottom: GEOMETRY.bottom },
    ...(facts.tafError ? { billCheckError: facts.tafError } : {}),
  };
}

/** `Pruefbericht_EDNT0017038437_2017-01-01.pdf` / `Report_…` (ASCII, safe on every file system). */
export function reportFileName(gatewayId: string, start: number, lang: 'de' | 'en'): string {
  const day = berlinDateKey(start);
  const safe = gatewayId.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${lang === 'de' ? 'Pruefbericht' : 'Report'}_${safe}_${day}.pdf`;
}

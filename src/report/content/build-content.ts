/** The whole report in one language: the page frame, the title and the sections in their order. */
import type { ReportFacts } from '../report-facts';
import type { ReportInput, ReportLanguage } from '../types';
import type { ReportContent } from './blocks';
import { sectionContext } from './context';
import { dailyBlocks } from './daily';
import { costBlocks } from './cost';
import { attachmentBlocks, checksumBlocks } from './files';
import { identityBlocks, summaryBlocks } from './overview';
import { rangeBlocks } from './ranges';
import { registerBlocks } from './registers';
import { isTestChain, signatureBlocks } from './signatures';
import { statusBlocks } from './status';

export function buildReportContent(lang: ReportLanguage, facts: ReportFacts, input: ReportInput, now: number, software: { name: string; version: string }): ReportContent {
  const ctx = sectionContext(lang, facts, input, now, software);
  const { t, f } = ctx;
  const period = facts.billingPeriod ?? { start: facts.begin, end: facts.end };
  const periodText = `${f.date(period.start)} – ${f.date(period.end)}`;
  const gatewayId = facts.usagePoint.smgw.smgwId || facts.usagePoint.usagePointId;
  const test = isTestChain(ctx);
  const demo = input.demo || input.source === 'demo';
  const testBand = demo
    ? t('DEMODATEN – erzeugte Beispieldaten, TEST-PKI: kein Nachweis für eine Abrechnung', 'DEMO DATA – generated sample data, TEST PKI: not evidence for a bill')
    : test
      ? t('TEST-PKI – Testdaten: kein Nachweis für eine Abrechnung', 'TEST PKI – test data: not evidence for a bill')
      : undefined;
  const title = facts.taf || input.supplier ? t('Prüfbericht zur Abrechnung', 'Bill verification report') : t('Prüfbericht zu Messwerten', 'Meter data verification report');
  return {
    title,
    subtitle: [
      `${facts.billingPeriod ? t('Abrechnungszeitraum', 'Billing period') : t('Zeitraum', 'Period')} ${periodText}`,
      facts.taf ? `TAF-${facts.taf.taf}` : undefined,
      `${t('Zählpunkt', 'Metering point')} ${facts.usagePoint.usagePointId}`,
      `${t('Gateway', 'Gateway')} ${gatewayId}`,
    ]
      .filter(Boolean)
      .join(' · '),
    frame: {
      header: `${title} · ${gatewayId}`,
      headerRight: periodText,
      footer: t(
        `Erstellt am ${f.dateTime(now)} (gesetzliche Zeit) mit ${software.name} ${software.version}`,
        `Made on ${f.dateTime(now)} (legal time, Europe/Berlin) with ${software.name} ${software.version}`,
      ),
      pageLabel: t('Seite {page} von {pages}', 'Page {page} of {pages}'),
      ...(testBand ? { testBand } : {}),
    },
    blocks: [
      ...summaryBlocks(ctx),
      ...identityBlocks(ctx),
      ...registerBlocks(ctx),
      ...costBlocks(ctx),
      ...dailyBlocks(ctx),
      ...statusBlocks(ctx),
      ...signatureBlocks(ctx),
      ...checksumBlocks(ctx),
      ...attachmentBlocks(ctx),
      ...rangeBlocks(ctx),
    ],
  };
}

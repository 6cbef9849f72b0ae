/** `npx trudi inspect FILE [--json]`: what an AR 2418-6 file contains. */
import { parseArgs } from 'node:util';
import { validateReadoutFile } from '../formats/readout';
import { parseCertContent } from '../crypto/certificates/cert-content';
import { summarizeDocument, type ChannelSummary } from '../model/document-summary';
import { formatProblem } from '../model/problems';
import { EXIT, UsageError, type CliCommand } from './command';

const USAGE = 'npx trudi inspect FILE [--json]';
const CERT_TYPES: Record<number, string> = { 1: 'signature (SIG)', 2: 'Sub-CA', 3: 'HAN TLS' };
const SERVICE: Record<number, string> = { 0: 'electricity', 1: 'gas', 2: 'water', 4: 'pressure', 5: 'heat', 6: 'cold', 7: 'communication', 8: 'time' };

export const inspectCommand: CliCommand = {
  summary: 'Show what an AR 2418-6 file contains (usage points, channels, gaps, status, log, certificates)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, help: { type: 'boolean' } } });
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new UsageError('give exactly one FILE.');
    const result = await validateReadoutFile(file);
    const counts = { errors: 0, warnings: 0, infos: 0 };
    for (const p of result.problems) counts[p.severity === 'error' ? 'errors' : p.severity === 'warning' ? 'warnings' : 'infos']++;
    if (!result.document) {
      for (const p of result.problems) io.stderr.write(`${formatProblem(p, file)}\n`);
      return EXIT.failure;
    }
    const summary = summarizeDocument(result.document);
    const certificates = result.document.usagePoints.map((up) =>
      up.certificates.map((c) => {
        const parsed = parseCertContent(c.certContent);
        const cert = parsed.certificates[0]?.details;
        return {
          certId: c.certId,
          certType: c.certType,
          content: parsed.form,
          certificates: parsed.certificates.length,
          subject: cert?.subject,
          issuer: cert?.issuer,
          validFrom: cert?.notBefore,
          validTo: cert?.notAfter,
          keyAlgorithm: cert ? [cert.keyAlgorithm, cert.curve].filter(Boolean).join(' ') : undefined,
          sha256: cert?.fingerprintSha256,
        };
      }),
    );
    if (values.json) {
      const json = {
        file,
        bytes: result.original.size,
        valid: result.valid,
        problems: counts,
        ...summary,
        usagePoints: summary.usagePoints.map((up, i) => ({ ...up, certificates: certificates[i] ?? [] })),
      };
      io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      return EXIT.ok;
    }
    const out: string[] = [];
    out.push(`${file}: ${summary.kind} document, schema v${summary.schemaVersion}, ${result.original.size} bytes`);
    if (summary.generatorVersion) out.push(`  generator: ${summary.generatorVersion}`);
    out.push(`  validation: ${result.valid ? 'valid' : 'INVALID'} (${counts.errors} errors, ${counts.warnings} warnings, ${counts.infos} notes; details: npx trudi validate ${file})`);
    summary.usagePoints.forEach((up, i) => {
      out.push(`usage point ${up.usagePointId || '(none)'} (${SERVICE[up.serviceCategory] ?? `kind ${up.serviceCategory}`})`);
      out.push(`  consumer ${up.customerId || '-'}, supplier ${up.invoicingPartyId || '-'}, tariff/contract ${up.tariffName || '-'}`);
      out.push(`  gateway ${up.smgwId || '-'}${up.vendor ? ` (${up.vendor})` : ''}${up.firmwareVersion ? `, firmware ${up.firmwareVersion}` : ''}`);
      if (up.analysisProfile) {
        const ap = up.analysisProfile;
        out.push(`  tariff profile ${ap.tariffId} (TAF-${ap.tariffUseCase}), billing period ${ap.billingPeriodStart} – ${ap.billingPeriodEnd}, ${ap.tariffStages} tariff stages`);
      }
      for (const ch of up.channels) out.push(...channelLines(ch));
      const levels = Object.entries(up.logEntries.byLevel)
        .map(([level, n]) => `${n} × level ${level}`)
        .join(', ');
      out.push(`  log: ${up.logEntries.count} entries${levels ? ` (${levels})` : ''}${up.logEntries.first ? `, ${up.logEntries.first} – ${up.logEntries.last}` : ''}`);
      for (const c of certificates[i] ?? []) {
        const what = c.subject ? `${c.subject}, valid ${c.validFrom} – ${c.validTo}, SHA-256 ${c.sha256}` : 'no readable X.509 certificate';
        out.push(`  certificate ${c.certId}: ${CERT_TYPES[c.certType] ?? `type ${c.certType}`}, ${c.content}${c.certificates > 1 ? ` (${c.certificates} certificates)` : ''}: ${what}`);
      }
    });
    io.stdout.write(`${out.join('\n')}\n`);
    return EXIT.ok;
  },
};

function channelLines(ch: ChannelSummary): string[] {
  const period = ch.measurementPeriodSeconds === undefined ? 'unknown' : `${ch.measurementPeriodSeconds} s (${ch.measurementPeriodSource})`;
  const s = ch.status;
  return [
    `  channel ${ch.obisText} ${ch.description.en} — ${ch.kind}, meter ${ch.meterId}, unit ${ch.unit} × 10^${ch.scaler}`,
    `    ${ch.readings} readings in ${ch.intervalBlocks} block(s), ${ch.first ?? '-'} – ${ch.last ?? '-'}, measurement period ${period}`,
    `    gaps: ${ch.gaps} (${ch.missingValues} missing values); status PTB 0: ${s.ptb0}, 1: ${s.ptb1}, 2: ${s.ptb2}, 3: ${s.ptb3}, 4: ${s.ptb4}, none: ${s.none}${
      ch.fnnBitOrders.includes('msb-first') ? '; FNN words in the older MSB-first bit order' : ''
    }`,
  ];
}

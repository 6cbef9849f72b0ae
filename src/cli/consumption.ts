import { parseArgs } from 'node:util';
import { computeConsumption, type ConsumptionReport, type SeriesPoint } from '../analysis/consumption';
import { readDocumentFile } from '../analysis/document-files';
import { AnalysisError } from '../analysis/errors';
import { timeOption } from './time-option';
import { EXIT, UsageError, type CliCommand, type CliIo } from './command';
import { reportCliFailure } from './failure';

export const consumptionCommand: CliCommand = {
  summary: 'Consumption and feed-in per day, week, month and year (§ 61/62 MsbG) with a per-day status overview',
  usage: 'npx trudi consumption FILE [--json] [--from YYYY-MM-DD] [--to YYYY-MM-DD]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean' } },
    });
    if (values.help) {
      io.stdout.write(`${this.usage}\n`);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError('give exactly one device file.');
    const options: { from?: number; to?: number } = {};
    if (values.from !== undefined) options.from = timeOption('--from', values.from);
    if (values.to !== undefined) options.to = timeOption('--to', values.to);
    if (options.from !== undefined && options.to !== undefined && options.from >= options.to) throw new UsageError('--from must lie before --to.');
    const json = values.json === true;
    let report: ConsumptionReport;
    try {
      const device = await readDocumentFile(positionals[0]!, 'device');
      const usagePoint = device.document.usagePoints.find((u) => u.meterReadings.length > 0);
      if (!usagePoint) {
        throw new AnalysisError(
          'NO_METER_READINGS',
          'Die Datei enthält keine Messwerte (z. B. eine Lieferantendatei). Bitte eine Ablesung des Gateways wählen.',
          'The file contains no meter readings (e.g. a supplier file). Choose a read-out of the gateway.',
        );
      }
      report = computeConsumption(usagePoint, options);
    } catch (error) {
      const { payload, footer } = reportCliFailure('consumption', error);
      const de = error instanceof AnalysisError ? error.messageDe : undefined;
      if (json) io.stdout.write(`${JSON.stringify({ error: de ? { ...payload, de } : payload })}\n`);
      else io.stderr.write(`trudi consumption: ${de ? `${de}\n                   ` : ''}${payload.message} [${payload.code}]\n${footer}`);
      return payload.code === 'UNREADABLE_FILE' ? EXIT.failure : EXIT.findings;
    }
    if (json) io.stdout.write(`${JSON.stringify(report)}\n`);
    else writeText(report, io);
    return EXIT.ok;
  },
};

function formatValue(v: number | null): string {
  return v === null ? '—' : v.toFixed(3);
}

function table(title: string, points: SeriesPoint[], unit: string): string[] {
  const lines = [`${title} (${unit})`, `  ${'start'.padEnd(25)} ${'import'.padStart(12)} ${'export'.padStart(12)} ${'net'.padStart(12)}`];
  for (const p of points) {
    const note = p.incomplete ? `  incomplete: ${p.incomplete.map((r) => r.en).join(' ')}` : '';
    lines.push(`  ${p.start.padEnd(25)} ${formatValue(p.import).padStart(12)} ${formatValue(p.export).padStart(12)} ${formatValue(p.net).padStart(12)}${note}`);
  }
  return lines;
}

function writeText(report: ConsumptionReport, io: CliIo): void {
  const lines = [`Window ${report.window.from} … ${report.window.to}${report.gasDay ? ' (gas days 06:00-06:00)' : ''}`];
  if (report.import) lines.push(`Import/consumption: ${report.import.obis} (${report.import.readings} readings)`);
  if (report.export) lines.push(`Export/feed-in:     ${report.export.obis} (${report.export.readings} readings)`);
  const t = report.totals;
  lines.push(
    `Totals (register difference, ${report.unit}): import ${formatValue(t.import)}, export ${formatValue(t.export)}, net ${formatValue(t.net)}` +
      (t.from && t.to ? `, readings ${t.from} … ${t.to}` : '') +
      (t.coverage !== null ? `, coverage ${(t.coverage * 100).toFixed(1)} %` : ''),
  );
  for (const r of t.incomplete ?? []) lines.push(`  ${r.en}`);
  lines.push('', ...table('Years', report.year, report.unit), '', ...table('Months', report.month, report.unit), '', ...table('Weeks', report.week, report.unit));
  const problemDays = report.days.filter((d) => d.level !== 'ok');
  lines.push('', `Days: ${report.days.length}, with findings: ${problemDays.length}`);
  for (const d of problemDays.slice(0, 50)) lines.push(`  ${d.date} ${d.level} gaps ${d.gaps}`);
  io.stdout.write(`${lines.join('\n')}\n`);
}

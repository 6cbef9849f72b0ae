/**
 * `npx trudi registers FILE [--json]`: the gateway's own registers (TAF-1/TAF-2 tariff registers, TAF-6 daily
 * values) as the gateway delivered them, every usage point, with the checks that need no tariff file
 * (do the tariff stages add up to the total; does each list's obisCode match its qualified logical name).
 * Exit 0 when everything agrees, 1 with a disagreement, 3 for a file that cannot be read.
 */
import { parseArgs } from 'node:util';
import { readDocumentFile } from '../analysis/document-files';
import { gatewayRegisters, type GatewayRegistersReport, type RegisterCheck } from '../analysis/gateway-registers';
import { EXIT, UsageError, type CliCommand, type CliIo } from './command';
import { reportCliFailure } from './failure';

export const registersCommand: CliCommand = {
  summary: "The gateway's own registers (TAF-1/2 tariff registers, TAF-6 daily values) with the checks that need no tariff file",
  usage: 'npx trudi registers FILE [--json]',
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, help: { type: 'boolean' } } });
    if (values.help) {
      io.stdout.write(`${this.usage}\n`);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError('give exactly one device file.');
    let reports: GatewayRegistersReport[];
    try {
      const device = await readDocumentFile(positionals[0]!, 'device');
      reports = device.document.usagePoints.map(gatewayRegisters);
    } catch (error) {
      const { payload, footer } = reportCliFailure('registers', error);
      if (values.json) io.stdout.write(`${JSON.stringify({ error: payload })}\n`);
      else io.stderr.write(`trudi registers: ${payload.message} [${payload.code}]\n${footer}`);
      return EXIT.failure;
    }
    const disagreements = reports.reduce((n, r) => n + r.disagreements, 0);
    if (values.json) io.stdout.write(`${JSON.stringify({ usagePoints: reports, disagreements })}\n`);
    else writeText(reports, io);
    return disagreements > 0 ? EXIT.findings : EXIT.ok;
  },
};

/** Readings per list in the text output (first and last half); --json has them all. */
const TEXT_READINGS = 6;

function checkLine(check: RegisterCheck): string {
  if (check.kind === 'obisMismatch') {
    return `  ! list ${check.meterReadingId}: obisCode ${check.obisCode}, but qualifiedLogicalName ${check.qualifiedLogicalName} names another register`;
  }
  const parts = check.stages.map((s) => `${s.obis} ${s.value}`).join(' + ');
  const verdict = check.difference === 0 ? 'agrees' : `differs by ${check.difference} ${check.unit}`;
  return `  ${check.difference === 0 ? '✓' : '!'} ${check.time}: ${parts} = ${check.sum} ${check.unit}; total ${check.total.obis} ${check.total.value} ${check.unit}: ${verdict}`;
}

function writeText(reports: readonly GatewayRegistersReport[], io: CliIo): void {
  const lines: string[] = [];
  for (const report of reports) {
    lines.push(`Usage point ${report.usagePointId || '(no id)'}, gateway ${report.gatewayId || '(no id)'}`);
    if (report.registers.length === 0) {
      lines.push('  no registers of the gateway in this file (only original value lists)');
      continue;
    }
    for (const list of report.registers) {
      lines.push(`  ${list.obis} ${list.kind === 'daily' ? 'daily values (TAF-6)' : `tariff register${list.tafId ? ` of ${list.tafId}` : ''}`}, stage ${list.tariffStage}, ${list.readings.length} reading(s)`);
      const shown = list.readings.length <= TEXT_READINGS ? list.readings : [...list.readings.slice(0, TEXT_READINGS / 2), ...list.readings.slice(-TEXT_READINGS / 2)];
      shown.forEach((r, i) => {
        if (shown.length < list.readings.length && i === TEXT_READINGS / 2) lines.push(`    … ${list.readings.length - shown.length} more (all with --json)`);
        lines.push(`    ${r.time}  ${String(r.value).padStart(14)} ${list.displayUnit}${r.ptb === 0 ? '' : `  PTB status ${r.ptb}`}`);
      });
    }
    if (report.checks.length > 0) lines.push('  Checks:', ...report.checks.map(checkLine));
  }
  io.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * `npx trudi registers FILE [--json]`: the gateway's own registers (TAF-1/TAF-2 tariff registers, TAF-6 daily
 * values) as the gateway delivered them, every usage point, with the checks that need no tariff file
 * (do the tariff stages add up to the total; does each list's obisCode match its qualified logical name).
 * `npx trudi registers --host …` (the connection options of `trudi read`) reads the gateway first and adds
 * each contract's current registers as the gateway reports them now, next to the newest reading of the
 * read-out. Exit 0 when everything agrees, 1 with a disagreement, 3 for a file or gateway that cannot be read.
 */
import { parseArgs } from 'node:util';
import { readDocumentFile } from '../analysis/document-files';
import { gatewayRegisters, type GatewayRegistersReport, type RegisterCheck } from '../analysis/gateway-registers';
import { writeAr2418Bytes } from '../formats/ar2418/writer';
import { currentRegistersSection } from '../han/current-registers';
import { HanError } from '../han/errors';
import { readGateway } from '../han/read-gateway';
import { writeFileAtomic } from '../platform/atomic-write';
import type { CurrentRegistersSection } from '../analysis/current-registers';
import { EXIT, UsageError, type CliCommand, type CliIo } from './command';
import { reportCliFailure } from './failure';
import { GATEWAY_OPTIONS, progressPrinter } from './gateway-args';
import { PROFILE_OPTIONS, PROFILE_USAGE, connectionArgs } from './gateway-profile';
import { timeOption } from './time-option';

const USAGE =
  'npx trudi registers FILE [--json]\n' +
  '       npx trudi registers --host H --port P [--vendor auto|theben|emh|dnt|ppc] [--gateway-id ID] (--user U | --pkcs12 FILE | --cert PEM --key PEM) ' +
  '(password/passphrase from TRUDI_PASSWORD / TRUDI_PASSPHRASE or asked in a terminal) --pin sha256:FINGERPRINT ' +
  PROFILE_USAGE +
  ' [--from DATE --to DATE] [--contract ID] [--out FILE.xml] [--json]';

export const registersCommand: CliCommand = {
  summary: "The gateway's own registers (TAF-1/2 tariff registers, TAF-6 daily values, current registers with --host) with the checks that need no tariff file",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...GATEWAY_OPTIONS,
        ...PROFILE_OPTIONS,
        from: { type: 'string' },
        to: { type: 'string' },
        contract: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const fromGateway = values.host !== undefined || values.profile !== undefined;
    if (fromGateway && positionals.length > 0) throw new UsageError('give either a device file or --host/--profile (read the gateway), not both.');
    if (!fromGateway && positionals.length !== 1) throw new UsageError('give exactly one device file, or --host (or --profile) to read a gateway.');
    if (!fromGateway) {
      for (const flag of ['from', 'to', 'contract', 'out'] as const) {
        if (values[flag] !== undefined) throw new UsageError(`--${flag} belongs to a gateway read (--host); a file is shown whole.`);
      }
    }
    let reports: GatewayRegistersReport[];
    try {
      if (fromGateway) {
        reports = await gatewayReports(values, io);
      } else {
        const device = await readDocumentFile(positionals[0]!, 'device');
        reports = device.document.usagePoints.map(gatewayRegisters);
      }
    } catch (error) {
      if (error instanceof UsageError) throw error;
      const { payload, footer } = reportCliFailure('registers', error);
      if (error instanceof HanError && !values.json) {
        io.stderr.write(`trudi registers: ${error.en} [${error.code}]
${footer}`);
        return EXIT.failure;
      }
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

type Values = Parameters<typeof connectionArgs>[0] & { from?: string; to?: string; contract?: string; out?: string };

/** Reads the gateway (as `trudi read`, plus the current registers) and reports every contract it read. */
async function gatewayReports(values: Values, io: CliIo): Promise<GatewayRegistersReport[]> {
  const { gateway, save } = await connectionArgs(values, io);
  const from = timeOption('--from', values.from);
  const to = timeOption('--to', values.to);
  if (from !== undefined && to !== undefined && from > to) throw new UsageError('--from lies after --to.');
  const result = await readGateway({ ...gateway, from, to, contractId: values.contract, withLog: false, withCurrentRegisters: true, progress: progressPrinter(io.stderr) });
  if (values.out) writeFileAtomic(values.out, writeAr2418Bytes(result.document));
  io.stderr.write(`gateway ${result.connection.gatewayId} (${result.vendor}), certificate ${result.fingerprint}${values.out ? `, read-out → ${values.out}` : ''}\n`);
  for (const c of result.contractsWithoutData) io.stderr.write(`${c.en}\n`);
  if (save) io.stderr.write(`${await save({ vendor: result.vendor, gatewayId: result.connection.gatewayId, fingerprint: result.fingerprint })}\n`);
  return result.document.usagePoints.map((up) => ({ ...gatewayRegisters(up), current: currentRegistersSection(result.currentRegisters, up) }));
}

function currentLines(section: CurrentRegistersSection): string[] {
  if (section.status === 'none') return [`  Current registers: none. ${section.en}`];
  if (section.status === 'failed') return [`  Current registers: the gateway did not deliver them: ${section.error.en} [${section.error.code}]`];
  if (section.registers.length === 0) return ['  Current registers: the gateway reported none for this contract.'];
  return [
    '  Current registers (as the gateway reports them now):',
    ...section.registers.map((r) => {
      const last = r.lastInReadout ? `; newest in the read-out ${r.lastInReadout.value} ${r.displayUnit} at ${r.lastInReadout.time}` : '; not in the read-out';
      return `    ${r.meterId} ${r.obis}  ${r.time}  ${String(r.value).padStart(14)} ${r.displayUnit}${r.ptb === null ? '  (no status)' : r.ptb === 0 ? '' : `  PTB status ${r.ptb}`}${last}`;
    }),
  ];
}

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
    if (report.registers.length === 0) lines.push('  no registers of the gateway in this read-out (only original value lists)');
    for (const list of report.registers) {
      lines.push(`  ${list.obis} ${list.kind === 'daily' ? 'daily values (TAF-6)' : `tariff register${list.tafId ? ` of ${list.tafId}` : ''}`}, stage ${list.tariffStage}, ${list.readings.length} reading(s)`);
      const shown = list.readings.length <= TEXT_READINGS ? list.readings : [...list.readings.slice(0, TEXT_READINGS / 2), ...list.readings.slice(-TEXT_READINGS / 2)];
      shown.forEach((r, i) => {
        if (shown.length < list.readings.length && i === TEXT_READINGS / 2) lines.push(`    … ${list.readings.length - shown.length} more (all with --json)`);
        lines.push(`    ${r.time}  ${String(r.value).padStart(14)} ${list.displayUnit}${r.ptb === 0 ? '' : `  PTB status ${r.ptb}`}`);
      });
    }
    if (report.checks.length > 0) lines.push('  Checks:', ...report.checks.map(checkLine));
    if (report.current) lines.push(...currentLines(report.current));
  }
  io.stdout.write(`${lines.join('\n')}\n`);
}

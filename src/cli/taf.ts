import { parseArgs } from 'node:util';
import { readDocumentFile } from '../analysis/document-files';
import { AnalysisError } from '../analysis/errors';
import { costOfTaf, type BillCost } from '../analysis/bill-cost';
import type { Prices } from '../analysis/prices';
import { readPricesFile } from '../analysis/prices-file';
import { vatPercentOf } from '../analysis/prices';
import { computeTaf } from '../analysis/taf';
import type { TafFinding, TafResult } from '../analysis/taf-result';
import type { Problem } from '../model/problems';
import { EXIT, UsageError, type CliCommand, type CliIo } from './command';
import { reportCliFailure } from './failure';

export const tafCommand: CliCommand = {
  summary: 'Bill check: recompute TAF-1/TAF-2 tariff registers from device data and a supplier tariff file',
  usage: 'npx trudi taf --device DEVICE.xml --supplier SUPPLIER.xml [--prices PRICES.json] [--json] [--taf 1|2] [--strict] [--own-view] [--vat PERCENT]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        device: { type: 'string' },
        supplier: { type: 'string' },
        prices: { type: 'string' },
        json: { type: 'boolean' },
        taf: { type: 'string' },
        strict: { type: 'boolean' },
        'own-view': { type: 'boolean' },
        vat: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
    if (values.help) {
      io.stdout.write(`${this.usage}\n`);
      return EXIT.ok;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}".`);
    if (!values.device || !values.supplier) throw new UsageError('both --device and --supplier are required.');
    if (values.taf !== undefined && values.taf !== '1' && values.taf !== '2') throw new UsageError(`--taf must be 1 or 2, not "${values.taf}".`);
    if (values.vat !== undefined && !values.prices) throw new UsageError('--vat needs --prices PRICES.json (the VAT is added to the cost of those prices).');
    const vatPercent = values.vat === undefined ? undefined : vatPercentOf(values.vat, vatUsage, '--vat');
    const json = values.json === true;
    let result: TafResult;
    try {
      const prices: Prices | undefined = values.prices ? await readPricesFile(values.prices) : undefined;
      if (vatPercent && prices) prices.vatPercent = vatPercent;
      const device = await readDocumentFile(values.device, 'device');
      const supplier = await readDocumentFile(values.supplier, 'supplier');
      const options = { ...(values.taf ? { taf: Number(values.taf) as 1 | 2 } : {}), supplierBytes: supplier.original.read(), ownView: values['own-view'] === true };
      result = computeTaf(device.document, supplier.document, options);
      result.checks.push(...readerFindings('device', device.problems), ...readerFindings('supplier', supplier.problems));
      if (prices) result.cost = costOfTaf(result, prices);
    } catch (error) {
      const { payload, footer } = reportCliFailure('taf', error);
      const de = error instanceof AnalysisError ? error.messageDe : undefined;
      if (json) io.stdout.write(`${JSON.stringify({ error: de ? { ...payload, de } : payload })}\n`);
      else io.stderr.write(`trudi taf: ${de ? `${de}\n           ` : ''}${payload.message} [${payload.code}]\n${footer}`);
      return payload.code === 'UNREADABLE_FILE' || payload.code === 'INTERNAL' ? EXIT.failure : EXIT.findings;
    }
    if (json) io.stdout.write(`${JSON.stringify(result)}\n`);
    else writeText(result, io);
    const failedChecks = result.checks.some((c) => c.severity === 'error');
    return values.strict && failedChecks ? EXIT.findings : EXIT.ok;
  },
};

/** Reader errors that did not stop reading are shown with the results (at most five per file). */
function readerFindings(role: 'device' | 'supplier', problems: Problem[]): TafFinding[] {
  return problems
    .filter((p) => p.severity === 'error')
    .slice(0, 5)
    .map((p) => ({
      code: `${role}.${p.code}`,
      severity: 'warning' as const,
      de: `${role === 'device' ? 'Gerätedatei' : 'Lieferantendatei'}: ${p.de}`,
      en: `${role === 'device' ? 'Device file' : 'Supplier file'}: ${p.en}`,
    }));
}

function writeText(result: TafResult, io: CliIo): void {
  const lines = [`TAF-${result.taf}  ${result.begin} … ${result.end}`, ''];
  if (result.notTrudiIdentical) {
    const { trudiVerdict, en } = result.notTrudiIdentical;
    lines.splice(1, 0, `NOT TRuDI-IDENTICAL. TRuDI: ${trudiVerdict.en} [${trudiVerdict.code}]`, en);
  }
  const width = Math.max(...result.registers.map((r) => r.obis.length));
  for (const r of result.registers) {
    const scaled = r.amount * 10 ** r.scaler;
    lines.push(`  ${r.obis.padEnd(width)}  tariff ${String(r.tariffNumber).padStart(2)}  ${String(r.amount).padStart(12)} × 10^${r.scaler} ${r.unit}  (${scaled.toFixed(Math.max(0, -r.scaler))} ${r.unit})`);
  }
  if (result.cost) lines.push('', ...costText(result.cost, { ownView: result.notTrudiIdentical !== undefined }));
  for (const c of result.gatewayComparison) lines.push(`  ${c.status === 'equal' ? '=' : c.status === 'different' ? '≠' : '?'} ${c.en}`);
  for (const c of result.checks) lines.push(`  ${c.severity}: ${c.de} / ${c.en}`);
  if (result.supplierChecksums) {
    lines.push('', 'Supplier file checksums:');
    lines.push(`  SHA3-256    ${result.supplierChecksums.sha3_256}`);
    lines.push(`  RIPEMD-160  ${result.supplierChecksums.ripemd160}`);
    lines.push(`  Keccak-288  ${result.supplierChecksums.keccak288}  (printed as "SHA-3" by TRuDI and older bills)`);
  }
  io.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * The cost lines: per register energy × price = cost, the base price share, the total (incomplete named).
 * `ownView`: the cost of a result that is not TRuDI-identical (TAF-1 with derived lists) says so in its heading.
 */
export function costText(cost: BillCost, options: { ownView?: boolean } = {}): string[] {
  const width = Math.max(...cost.lines.map((l) => l.obis.length));
  const label = options.ownView ? ' — own view / not TRuDI-identical' : '';
  const lines = [`Cost (EUR, ${cost.period.start} … ${cost.period.end}; ${cost.vat === 'not-applied' ? 'VAT not added' : `net prices, VAT ${cost.vat.percent} % added`})${label}`];
  for (const l of cost.lines) {
    const energy = l.energyKwh === null ? 'no energy value' : `${l.energyKwh} kWh`;
    const money = l.cost === null ? (l.status === 'not-priced' ? 'not priced' : 'not computed') : `${l.cost} EUR`;
    const price = l.pricePerKwh === null ? '' : ` × ${l.pricePerKwh} EUR/kWh`;
    lines.push(`  ${l.obis.padEnd(width)}  ${energy}${price}  = ${money}`);
    for (const note of l.notes) lines.push(`    ${note.en}`);
  }
  if (cost.base) {
    const parts = cost.base.years.map((y) => `${y.year}: ${y.days}/${y.daysInYear} days = ${y.share}`).join(' + ');
    lines.push(`  base price ${cost.base.perYear} EUR/year pro rata (${parts})  = ${cost.base.share} EUR`);
  }
  if (cost.vat !== 'not-applied') lines.push(`  net  ${cost.vat.net} EUR`, `  VAT ${cost.vat.percent} %  ${cost.vat.amount} EUR`);
  if (cost.complete) lines.push(`  total  ${cost.total} EUR`);
  else lines.push(`  total  ${cost.total} EUR  INCOMPLETE: without ${cost.missing.map((m) => `${m.obis} (${m.reason === 'not-priced' ? 'no price' : 'no energy value'})`).join(', ')}`);
  if (cost.unusedPrices.length > 0) lines.push(`  warning: prices for registers the bill check does not have: ${cost.unusedPrices.join(', ')}`);
  return lines;
}

/** A bad `--vat`: a usage error naming the value (exit 2). */
function vatUsage(field: string, _de: string, en: string): never {
  throw new UsageError(`${field}: ${en}`);
}

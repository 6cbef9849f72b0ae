/**
 * `npx trudi report --device DEVICE.xml [--supplier SUPPLIER.xml] [--billed OBIS=kWh]… --lang de|en --out REPORT.pdf`:
 * the verification report of one billing period as an A4 PDF/A-3 with the original files attached. The PDF
 * is written to a temporary file beside the target and renamed, so a crash never leaves half a report; it
 * never replaces one of the input files.
 */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { ApiError } from '../api/errors';
import { readDocumentFile } from '../analysis/document-files';
import { AnalysisError } from '../analysis/errors';
import { closeSharedVerifyPool } from '../crypto/workers/verify-pool';
import { timeOption } from './time-option';
import { parseBilledValues } from '../report/billed';
import { readPricesFile } from '../analysis/prices-file';
import { generateReport } from '../report/generate-report';
import { softwareInfo } from '../report/software';
import { EXIT, UsageError, type CliCommand } from './command';
import { reportCliFailure } from './failure';
import { cliTrustAnchors } from './trust-options';
import { sameFile, writeFileAtomic } from '../platform/atomic-write';

const USAGE = [
  'npx trudi report --device DEVICE.xml [--supplier SUPPLIER.xml] [--billed "1-0:1.8.1*255=1234,5"]… [--prices PRICES.json] --lang de|en --out REPORT.pdf',
  '                 [--contract USAGE-POINT-ID] [--from DATE --to DATE] [--trust ROOT.pem]… [--test-roots]',
  '  --contract    the contract (usage point id) to report when the read-out holds several; default the first with readings',
  '  --billed      a register value from the bill in kWh (repeat for each register)',
  '  --prices      prices per register and a yearly base price (README "Prices"): cost per register and total',
  '  --from/--to   without a supplier file: the period to report (YYYY-MM-DD, legal time); default all readings',
  '  --trust       a root certificate (SM-PKI) the signatures must chain to',
  "  --test-roots  also trust this project's TEST roots (simulator and sample data only; labelled TEST)",
].join('\n');

export const reportCommand: CliCommand = {
  summary: 'Verification report of one billing period as an A4 PDF/A-3, original files attached',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        device: { type: 'string' },
        supplier: { type: 'string' },
        billed: { type: 'string', multiple: true },
        prices: { type: 'string' },
        lang: { type: 'string' },
        out: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        contract: { type: 'string' },
        trust: { type: 'string', multiple: true },
        'test-roots': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}".`);
    if (!values.device) throw new UsageError('--device DEVICE.xml is required.');
    if (!values.out) throw new UsageError('--out REPORT.pdf is required.');
    const lang = values.lang ?? 'de';
    if (lang !== 'de' && lang !== 'en') throw new UsageError(`--lang must be de or en, not "${lang}".`);
    const inputs = [values.device, values.supplier].filter((p): p is string => !!p);
    if (inputs.some((input) => sameFile(input, values.out!))) {
      throw new UsageError(`--out ${values.out} names an input file; the report never replaces its inputs. Choose another file name.`);
    }
    let billed;
    let from: number | undefined;
    let to: number | undefined;
    try {
      billed = parseBilledValues(values.billed ?? []);
      if (values.from) from = timeOption('--from', values.from);
      if (values.to) to = timeOption('--to', values.to);
    } catch (error) {
      if (error instanceof ApiError) throw new UsageError(lang === 'de' ? (error.de ?? error.message) : (error.en ?? error.message));
      throw error;
    }
    const anchors = cliTrustAnchors(values);

    try {
      const device = await readDocumentFile(values.device, 'device');
      const supplier = values.supplier ? await readDocumentFile(values.supplier, 'supplier') : undefined;
      const prices = values.prices ? await readPricesFile(values.prices) : undefined;
      if (supplier && supplier.document.kind !== 'supplier') {
        throw new AnalysisError(
          'NOT_A_SUPPLIER_FILE',
          `${values.supplier} ist keine Tarifdatei des Lieferanten (kein AnalysisProfile).`,
          `${values.supplier} is not a supplier tariff file (it has no AnalysisProfile).`,
        );
      }
      let shown = -1;
      const report = await generateReport(
        {
          device: { document: device.document, bytes: device.original.read(), fileName: basename(values.device) },
          ...(supplier ? { supplier: { document: supplier.document, bytes: supplier.original.read(), fileName: basename(values.supplier!) } } : {}),
          source: 'file',
          demo: false,
          billed,
          ...(prices ? { prices } : {}),
          ...(values.contract !== undefined ? { usagePointId: values.contract } : {}),
          ...(from !== undefined ? { from } : {}),
          ...(to !== undefined ? { to } : {}),
        },
        {
          lang,
          trustAnchors: anchors,
          software: softwareInfo(),
          onProgress: ({ fraction }) => {
            const percent = Math.floor(fraction * 100);
            if (percent >= shown + 10 || fraction === 1) {
              shown = percent;
              io.stderr.write(`\rreport ${percent} %${fraction === 1 ? '\n' : ''}`);
            }
          },
        },
      );
      writeFileAtomic(values.out, report.bytes, { inputs });
      io.stdout.write(`${values.out}: ${report.pages} page(s), ${report.bytes.length} bytes, PDF/A-3B; attached: ${report.attachments.map((a) => `${a.fileName} (${a.size} bytes, SHA-256 ${a.sha256})`).join(', ')}\n`);
      if (report.billCheckError) {
        io.stderr.write(`trudi report: ${lang === 'de' ? report.billCheckError.de : report.billCheckError.en} [${report.billCheckError.code}] (the report says so)\n`);
        return EXIT.findings;
      }
      return EXIT.ok;
    } catch (error) {
      if (error instanceof ApiError) {
        io.stderr.write(`trudi report: ${lang === 'de' ? (error.de ?? error.message) : (error.en ?? error.message)} [${error.code}]\n${reportCliFailure('report', error).footer}`);
        // An unknown --contract is the caller's mistake (the message names the contracts there are).
        if (error.code === 'UNKNOWN_USAGE_POINT') return EXIT.usage;
        return error.code === 'INVALID_DOCUMENT' || error.code === 'UNREADABLE_FILE' ? EXIT.failure : EXIT.findings;
      }
      throw error;
    } finally {
      await closeSharedVerifyPool();
    }
  },
};

/** `npx trudi export FILE --format xml|csv-readings|csv-log --out OUT`: the exports users know from TRuDI. */
import { parseArgs } from 'node:util';
import { writeAr2418Bytes } from '../formats/ar2418/writer';
import { readReadoutFile } from '../formats/readout';
import { logCsv } from '../formats/csv/log-csv';
import { readingsCsv } from '../formats/csv/readings-csv';
import { toObisHex } from '../model/obis';
import { formatProblem } from '../model/problems';
import { EXIT, UsageError, type CliCommand } from './command';
import { writeFileAtomic } from '../platform/atomic-write';

const USAGE = 'npx trudi export FILE --format xml|csv-readings|csv-log --out OUT [--channel OBIS]';
const FORMATS = ['xml', 'csv-readings', 'csv-log'];

export const exportCommand: CliCommand = {
  summary: 'Export an AR 2418-6 file: the XML as read (byte for byte), the value lists or the log as CSV',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: 'string' }, out: { type: 'string' }, channel: { type: 'string' }, help: { type: 'boolean' } },
    });
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new UsageError('give exactly one FILE.');
    if (!values.format || !FORMATS.includes(values.format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}.`);
    if (!values.out) throw new UsageError('--out OUT is required.');
    const out = values.out;
    const channel = values.channel === undefined ? undefined : toObisHex(values.channel);
    if (values.channel !== undefined && !channel) throw new UsageError(`--channel "${values.channel}" is not an OBIS code (e.g. 1-0:1.8.0*255 or 0100010800FF).`);

    const result = await readReadoutFile(file);
    if (!result.document) {
      for (const p of result.problems) io.stderr.write(`${formatProblem(p, file)}\n`);
      io.stderr.write(`trudi export: ${file} is not a readable AR 2418-6 file; nothing was exported.\n`);
      return EXIT.failure;
    }
    if (values.format === 'xml' && result.document.source) {
      // a signed export (K461 / CMS): its model written as AR 2418-6; the signed original stays as it is
      writeFileAtomic(out, writeAr2418Bytes(result.document), { inputs: [file] });
      io.stdout.write(`${values.out}: AR 2418-6 written from the ${result.document.source.container === 'cms' ? 'CMS-signed ' : ''}K461 export ${file} (the original is unchanged)\n`);
      return EXIT.ok;
    }
    if (values.format === 'xml') {
      // the original bytes, never re-serialised: they may be signed evidence
      writeFileAtomic(out, result.original.read(), { inputs: [file] });
      io.stdout.write(`${values.out}: ${result.original.size} bytes, identical to ${file}\n`);
      return EXIT.ok;
    }
    if (values.format === 'csv-log') {
      const entries = result.document.usagePoints.flatMap((up) => up.logEntries);
      writeFileAtomic(out, logCsv(entries), { inputs: [file] });
      io.stdout.write(`${values.out}: ${entries.length} log entries\n`);
      return EXIT.ok;
    }
    const lists = result.document.usagePoints.flatMap((up) => up.meterReadings).filter((mr) => channel === undefined || mr.readingType.obisCode === channel);
    if (lists.length === 0) {
      io.stderr.write(`trudi export: ${file} has no value list${channel ? ` with OBIS ${values.channel}` : ''}; nothing was exported.\n`);
      return EXIT.findings;
    }
    writeFileAtomic(out, readingsCsv(lists), { inputs: [file] });
    io.stdout.write(`${values.out}: ${lists.length} value list(s), ${lists.reduce((n, mr) => n + mr.intervalBlocks.reduce((m, b) => m + b.readings.length, 0), 0)} readings\n`);
    return EXIT.ok;
  },
};

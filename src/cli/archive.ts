/**
 * `npx trudi archive list|check|export|delete [DIR]`: what the archive holds, whether it is consistent, its
 * exports (AR 2418-6 per gateway, a copy of the database) and deleting one gateway or everything.
 * DIR defaults to the archive in the user's data directory.
 */
import { parseArgs } from 'node:util';
import { Archive } from '../archive/archive';
import { exportGatewayXml } from '../archive/export';
import { defaultArchiveDir } from '../archive/location';
import { listArchive } from '../archive/query';
import { formatBerlinIso } from '../model/time/berlin';
import { EXIT, UsageError, type CliCommand } from './command';
import { timeOption } from './time-option';

const USAGE = [
  'npx trudi archive list [DIR] [--json]',
  'npx trudi archive check [DIR]',
  'npx trudi archive export [DIR] --gateway SMGW_ID --out FILE.xml [--from DATE] [--to DATE]',
  'npx trudi archive export [DIR] --database --out FILE.sqlite',
  'npx trudi archive delete [DIR] (--gateway SMGW_ID | --all)',
].join('\n');

export const archiveCommand: CliCommand = {
  summary: 'The archive: list what it holds, check it, export it (AR 2418-6, database copy), delete a gateway',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        gateway: { type: 'string' },
        database: { type: 'boolean' },
        all: { type: 'boolean' },
        out: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
    const [action, dirArg, ...extra] = positionals;
    if (values.help || !action) {
      io.stdout.write(`${USAGE}\n`);
      return values.help ? EXIT.ok : EXIT.usage;
    }
    if (extra.length > 0) throw new UsageError(`unexpected ${extra.join(' ')}.`);
    const dir = dirArg ?? defaultArchiveDir();
    if (action === 'list' || action === 'check' || action === 'export') {
      const archive = Archive.open(dir, { readOnly: true });
      try {
        if (action === 'list') return list(archive, values.json ?? false, io);
        if (action === 'check') {
          const problems = archive.check();
          for (const problem of problems) io.stderr.write(`trudi archive check: ${problem}\n`);
          if (problems.length > 0) return EXIT.findings;
          io.stdout.write(`${archive.path}: consistent (schema version ${archive.schemaVersion}, ${archive.db.driver})\n`);
          return EXIT.ok;
        }
        if (!values.out) throw new UsageError('--out FILE is required.');
        if (values.database) {
          archive.copyTo(values.out);
          io.stdout.write(`${values.out}: a copy of ${archive.path}\n`);
          return EXIT.ok;
        }
        if (!values.gateway) throw new UsageError('give --gateway SMGW_ID (trudi archive list shows them) or --database.');
        const range: { from?: number; to?: number } = {};
        const from = timeOption('--from', values.from);
        const to = timeOption('--to', values.to);
        if (from !== undefined) range.from = from;
        if (to !== undefined) range.to = to;
        const exported = exportGatewayXml(archive, values.gateway, values.out, range);
        io.stdout.write(`${exported.file}: AR 2418-6 device document, ${exported.readings} readings, ${exported.bytes} bytes\n`);
        return EXIT.ok;
      } finally {
        archive.close();
      }
    }
    if (action === 'delete') {
      if (!values.all && !values.gateway) throw new UsageError('give --gateway SMGW_ID or --all.');
      const archive = Archive.open(dir);
      try {
        if (values.all) {
          archive.deleteAll();
          io.stdout.write(`${archive.path}: emptied\n`);
          return EXIT.ok;
        }
        if (!archive.deleteGateway(values.gateway!)) {
          io.stderr.write(`trudi archive delete: the archive holds no gateway "${values.gateway}"; trudi archive list shows what it holds.\n`);
          return EXIT.findings;
        }
        io.stdout.write(`${values.gateway}: deleted with all its data\n`);
        return EXIT.ok;
      } finally {
        archive.close();
      }
    }
    throw new UsageError(`unknown action "${action}"; use list, check, export or delete.`);
  },
};

function list(archive: Archive, json: boolean, io: { stdout: NodeJS.WritableStream }): number {
  const gateways = listArchive(archive);
  const iso = (t: number | undefined) => (t === undefined ? null : formatBerlinIso(t));
  if (json) {
    const out = gateways.map((g) => ({
      gatewayId: g.smgwId,
      vendor: g.vendor ?? null,
      demo: g.demo,
      originals: g.originals,
      contracts: g.contracts.map((c) => ({
        usagePointId: c.usagePointId,
        tariffName: c.tariffName,
        logEntries: c.logEntries,
        channels: c.channels.map((ch) => ({ channelId: ch.meterReadingId, meterId: ch.meterId, obis: ch.obis, readings: ch.readings, first: iso(ch.first), last: iso(ch.last) })),
      })),
    }));
    io.stdout.write(`${JSON.stringify({ archive: archive.path, schemaVersion: archive.schemaVersion, gateways: out }, null, 2)}\n`);
    return EXIT.ok;
  }
  if (gateways.length === 0) io.stdout.write(`${archive.path}: empty\n`);
  for (const g of gateways) {
    io.stdout.write(`${g.smgwId}${g.vendor ? ` (${g.vendor})` : ''}${g.demo ? ' [demo]' : ''}: ${g.originals.count} originals, ${g.originals.bytes} bytes\n`);
    for (const c of g.contracts) {
      io.stdout.write(`  ${c.tariffName} / ${c.usagePointId}: ${c.logEntries} log entries\n`);
      for (const ch of c.channels) io.stdout.write(`    ${ch.obis} ${ch.meterReadingId}: ${ch.readings} readings ${iso(ch.first) ?? ''} – ${iso(ch.last) ?? ''}\n`);
    }
  }
  return EXIT.ok;
}
